import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlAffected } from '@anpi/core';
import { AccountEntity } from './account.entity';
import { matchTotp } from './totp';

export type SecondFactorResult = { ok: true; passed: boolean } | { ok: false; reason: 'CODE_REQUIRED' | 'WRONG_CODE' };

/**
 * TOTP second factor (RFC 6238). An account with an enrolled secret must give a code at login; a
 * code is accepted once (its time step is remembered). Accounts without one log in with a session
 * that the access policy keeps away from medical (M) and ACP (A, E) data until they enrol.
 */
@Injectable()
export class SecondFactorService {
  constructor(private readonly ds: DataSource) {}

  async check(account: AccountEntity, code: string | undefined): Promise<SecondFactorResult> {
    if (!account.totpSecret) return { ok: true, passed: false };
    if (!code) return { ok: false, reason: 'CODE_REQUIRED' };
    return (await this.consume(account.id, account.totpSecret, code)) ? { ok: true, passed: true } : { ok: false, reason: 'WRONG_CODE' };
  }

  /** Verifies a code against a secret and records its step, refusing a step already used. */
  async consume(accountId: string, secret: string, code: string): Promise<boolean> {
    const step = matchTotp(secret, code);
    if (step === null) return false;
    const res = await this.ds.query(
      `UPDATE account SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [accountId, step],
    );
    return sqlAffected(res) === 1;
  }
}
