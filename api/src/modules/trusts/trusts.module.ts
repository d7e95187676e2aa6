import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { TrustsController } from './trusts.controller.js';
import { TrustsRepository } from './trusts.repository.js';
import { TrustsService } from './trusts.service.js';

@Module({
  imports: [AccountsModule],
  controllers: [TrustsController],
  providers: [TrustsRepository, TrustsService],
  exports: [TrustsRepository],
})
export class TrustsModule {}
