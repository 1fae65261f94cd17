import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { AuthService } from './auth.service';
import { AuthGuard } from './graphql/auth.guard';
import { AuthResolver } from './graphql/auth.resolver';
import { PasswordService } from './password.service';
import { SecondFactorService } from './second-factor.service';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';
import { MaintenanceProcessor } from './jobs/maintenance.processor';

@Module({
  providers: [AccountRepository, SessionRepository, PasswordService, TokenService, SecondFactorService, AuthService, AuthGuard, AuthResolver],
  exports: [AuthService, AuthGuard, AccountRepository, SessionRepository, PasswordService],
})
export class AccessModule {}

/** Processor classes of this lib, registered by the queue module of the host app. */
export const ACCESS_PROCESSORS = [MaintenanceProcessor];
