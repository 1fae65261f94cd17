import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode, sqlRows } from '@anpi/core';
import { AccountEntity } from './account.entity';
import { Actor } from './actor';
import { AuditAction } from './audit/audit-log.entity';
import { AuditService } from './audit/audit.service';
import { PasswordService } from './password.service';
import { assertPasswordAcceptable } from './password-policy';
import { SecondFactorService } from './second-factor.service';
import { newTotpSecret, otpauthUri } from './totp';

/** What an account does to itself: second factor, confidentiality pledge, password. */
@Injectable()
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly passwords: PasswordService,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  private async account(actor: Actor): Promise<AccountEntity> {
    const a = await this.ds.getRepository(AccountEntity).findOneBy({ id: actor.accountId });
    if (!a) throw AppException.unauthenticated();
    return a;
  }

  /** Starts TOTP enrolment: a new secret to scan, pending until a code from it is confirmed. */
  async startTotpEnrollment(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    const a = await this.account(actor);
    if (a.totpSecret && !actor.secondFactor) {
      throw new AppException(ErrorCode.SECOND_FACTOR_REQUIRED, 'Log in with your current one-time code to replace it');
    }
    const secret = newTotpSecret();
    await this.ds.query(`UPDATE account SET totp_pending_secret = $2 WHERE id = $1`, [a.id, secret]);
    return { secret, otpauthUri: otpauthUri(secret, a.login) };
  }

  /** Confirms enrolment with a code from the pending secret. The next login needs a code. */
  async confirmTotpEnrollment(actor: Actor, code: string): Promise<void> {
    const a = await this.account(actor);
    if (!a.totpPendingSecret) throw AppException.badInput([{ field: 'code', message: 'start enrolment first' }]);
    if (!(await this.secondFactor.consume(a.id, a.totpPendingSecret, code))) {
      throw AppException.badInput([{ field: 'code', message: 'the code does not match; check the time on your phone' }]);
    }
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE account SET totp_secret = totp_pending_secret, totp_pending_secret = NULL WHERE id = $1`, [a.id]);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, detail: { operation: 'confirmTotpEnrollment' } }], m);
    });
  }

  /** The confidentiality pledge (守秘義務, 49-13 / 49-17), accepted once per account and logged. */
  async acceptPledge(actor: Actor): Promise<Date> {
    return this.ds.transaction(async (m) => {
      const rows = sqlRows<{ pledge_accepted_at: Date }>(
        await m.query(`UPDATE account SET pledge_accepted_at = coalesce(pledge_accepted_at, now()) WHERE id = $1 RETURNING pledge_accepted_at`, [actor.accountId]),
      );
      await this.audit.record(actor, [{ action: AuditAction.WRITE, detail: { operation: 'acceptConfidentialityPledge' } }], m);
      return rows[0].pledge_accepted_at;
    });
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const a = await this.account(actor);
    if (!(await this.passwords.verify(a.passwordHash, current))) {
      throw AppException.badInput([{ field: 'input.currentPassword', message: 'the current password is wrong' }]);
    }
    assertPasswordAcceptable('input.newPassword', next, a.totpSecret !== null);
    const hash = await this.passwords.hash(next);
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE account SET password_hash = $2 WHERE id = $1`, [a.id, hash]);
      // Every other session of the account ends; this one continues.
      await m.query(`UPDATE session SET revoked_at = now(), revoked_reason = 'password changed' WHERE account_id = $1 AND id <> $2 AND revoked_at IS NULL`, [a.id, actor.sessionId]);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, detail: { operation: 'changePassword' } }], m);
    });
  }
}
