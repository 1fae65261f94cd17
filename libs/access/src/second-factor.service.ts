import { Injectable } from '@nestjs/common';
import { AccountEntity } from './account.entity';

export type SecondFactorResult = { ok: true; passed: boolean } | { ok: false; reason: 'CODE_REQUIRED' | 'WRONG_CODE' };

/**
 * The seam for the second factor. The foundation accepts a login without one; the access-policy issue
 * replaces the body with TOTP (RFC 6238) for roles that can read medical or ACP data.
 */
@Injectable()
export class SecondFactorService {
  check(_account: AccountEntity, _code: string | undefined): SecondFactorResult {
    return { ok: true, passed: false };
  }
}
