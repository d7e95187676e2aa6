import { Global, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { HousekeepingService } from './housekeeping.service.js';
import { SessionRepository } from './session.repository.js';

@Global()
@Module({
  imports: [AccountsModule],
  controllers: [AuthController],
  providers: [SessionRepository, AuthService, HousekeepingService],
  exports: [SessionRepository, AuthService],
})
export class AuthModule {}
