import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig, AppException, ErrorCode } from '@anpi/core';
import { AccountEntity } from './account.entity';
import { AccountRepository } from './account.repository';
import { AuditAction } from './audit/audit-log.entity';
import { AuditService } from './audit/audit.service';
import { Actor } from './actor';
import { PasswordService } from './password.service';
import { SecondFactorService } from './second-factor.service';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  account: AccountEntity;
}

/** Failed logins before a temporary lock, and how long the lock lasts. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

/**
 * Login, refresh-token rotation, logout, and turning an access token into an `Actor`.
 * All failures of credentials answer with the same message, so a caller cannot probe which logins exist.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  async login(login: string, password: string, totpCode: string | undefined): Promise<IssuedTokens> {
    const account = await this.accounts.findByLogin(login);
    if (!account || account.disabledAt) {
      // Spend the same time as a real check so response time does not reveal unknown logins.
      await this.passwords.verify(await this.dummyHash(), password);
      throw new AppException(ErrorCode.UNAUTHENTICATED, 'Login or password is wrong');
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      throw new AppException(ErrorCode.RATE_LIMITED, 'Too many failed logins; try again later', {
        retryAfter: account.lockedUntil.toISOString(),
      });
    }
    if (!(await this.passwords.verify(account.passwordHash, password))) {
      const n = await this.accounts.recordFailedLogin(account.id, MAX_FAILED_LOGINS, LOCK_MS);
      this.logger.warn(`failed login for account ${account.id} (${n} in a row)`);
      await this.audit.record(who(account), [{ action: AuditAction.LOGIN_FAILED, detail: { reason: 'password', consecutive: n } }]);
      throw new AppException(ErrorCode.UNAUTHENTICATED, 'Login or password is wrong');
    }
    const mfa = await this.secondFactor.check(account, totpCode);
    if (!mfa.ok) {
      if (mfa.reason === 'WRONG_CODE') {
        await this.accounts.recordFailedLogin(account.id, MAX_FAILED_LOGINS, LOCK_MS);
        await this.audit.record(who(account), [{ action: AuditAction.LOGIN_FAILED, detail: { reason: 'second factor' } }]);
      }
      throw new AppException(ErrorCode.SECOND_FACTOR_REQUIRED, mfa.reason === 'WRONG_CODE' ? 'The one-time code is wrong' : 'A one-time code is required');
    }
    await this.accounts.clearFailedLogins(account.id);
    const refresh = this.tokens.newRefreshToken();
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    const session = await this.sessions.open(account.id, expiresAt, mfa.passed, refresh.hash, expiresAt);
    const access = this.tokens.signAccess({ sub: account.id, sid: session.id, mfa: mfa.passed });
    await this.audit.record(who(account), [
      { action: AuditAction.LOGIN, detail: { session: session.id, secondFactor: mfa.passed } },
    ]);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, account };
  }

  /** Exchanges a refresh token for a new pair. A token used twice revokes its whole session (theft signal). */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const stored = await this.sessions.findRefreshToken(TokenService.hashRefresh(refreshToken));
    if (!stored) throw AppException.unauthenticated('Session expired; please log in again');
    const session = await this.sessions.findById(stored.sessionId);
    if (!session || session.revokedAt || session.expiresAt <= new Date() || stored.expiresAt <= new Date()) {
      throw AppException.unauthenticated('Session expired; please log in again');
    }
    if (Date.now() - session.lastSeenAt.getTime() > this.config.sessionIdleTimeoutSeconds * 1000) {
      await this.sessions.revoke(session.id, 'idle timeout');
      throw AppException.unauthenticated('Session expired after inactivity; please log in again');
    }
    if (stored.usedAt) {
      await this.sessions.revoke(session.id, 'refresh token reused');
      this.logger.warn(`refresh token reuse on session ${session.id}; session revoked`);
      throw AppException.unauthenticated('Session expired; please log in again');
    }
    const account = await this.accounts.findActiveById(session.accountId);
    if (!account) throw AppException.unauthenticated('Session expired; please log in again');
    const next = this.tokens.newRefreshToken();
    if (!(await this.sessions.rotate(stored.id, session.id, next.hash, session.expiresAt))) {
      await this.sessions.revoke(session.id, 'refresh token reused');
      throw AppException.unauthenticated('Session expired; please log in again');
    }
    const access = this.tokens.signAccess({ sub: account.id, sid: session.id, mfa: session.secondFactor });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: next.token, account };
  }

  private dummy?: Promise<string>;

  /** A real argon2id hash (same parameters), verified for unknown logins so timing does not tell them apart. */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.passwords.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  async logout(actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId, 'logout');
    await this.audit.record(actor, [{ action: AuditAction.LOGOUT, detail: { session: actor.sessionId } }]);
  }

  /** The actor behind an access token, or null when the token, its session or its account is not valid. */
  async actorFromAccessToken(token: string): Promise<Actor | null> {
    const claims = this.tokens.verifyAccess(token);
    if (!claims) return null;
    // One query for the session, its active account and the memberships (this runs on every request).
    const session = await this.sessions.findWithAccount(claims.sid);
    if (!session || session.revokedAt || session.expiresAt <= new Date() || session.accountId !== claims.sub) return null;
    const idleMs = Date.now() - session.lastSeenAt.getTime();
    if (idleMs > this.config.sessionIdleTimeoutSeconds * 1000) {
      await this.sessions.revoke(session.id, 'idle timeout');
      return null;
    }
    if (session.role === null) return null; // the account is disabled or gone
    // Activity is recorded at most once a minute (touch re-checks the minute in SQL); skip the query in between.
    if (idleMs > 60_000) void this.sessions.touch(session.id).catch(() => undefined);
    return {
      accountId: session.accountId,
      sessionId: session.id,
      role: session.role as Actor['role'],
      organisation: session.organisation ?? '',
      municipalityCodes: [...new Set(session.memberships.map((m) => m.m))],
      districtCodes: session.memberships.filter((m) => m.d).map((m) => m.d as string),
      secondFactor: session.secondFactor,
      pledgeAccepted: session.pledgeAcceptedAt !== null,
    };
  }
}


function who(a: AccountEntity): { accountId: string; role: string; organisation: string } {
  return { accountId: a.id, role: a.role, organisation: a.organisation };
}
