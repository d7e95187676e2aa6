import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortsService } from './cohorts.service.js';

@Module({
  imports: [AccountsModule],
  controllers: [CohortsController],
  providers: [CohortsRepository, CohortsService],
  exports: [CohortsRepository],
})
export class CohortsModule {}
