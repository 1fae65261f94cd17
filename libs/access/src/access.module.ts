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
import { AccountService } from './account.service';
import { AccountSettingsResolver } from './graphql/account-settings.resolver';
import { AuditService } from './audit/audit.service';
import { AuditRepository } from './audit/audit.repository';
import { AuditLogService } from './audit/audit-log.service';
import { AuditResolver } from './graphql/audit.resolver';
import { AccessFactsRepository } from './policy/access-facts.repository';
import { AccessPolicyService } from './policy/access-policy.service';
import { BreakGlassService } from './break-glass.service';
import { BreakGlassResolver } from './graphql/break-glass.resolver';

/**
 * Accounts, sessions, the access policy and the audit log. Other libs import this module and call
 * AccessPolicyService for every read of personal data.
 */
@Module({
  providers: [
    AccountRepository, SessionRepository, PasswordService, TokenService, SecondFactorService, AuthService, AuthGuard, AuthResolver,
    AccountService, AccountSettingsResolver, AuditService, AuditRepository, AuditLogService, AuditResolver,
    AccessFactsRepository, AccessPolicyService, BreakGlassService, BreakGlassResolver,
  ],
  exports: [AuthService, AuthGuard, AccountRepository, SessionRepository, PasswordService, AuditService, AuditRepository, AccessPolicyService],
})
export class AccessModule {}

/** Processor classes of this lib, registered by the queue module of the host app. */
export const ACCESS_PROCESSORS = [MaintenanceProcessor];
