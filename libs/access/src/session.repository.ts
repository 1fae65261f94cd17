import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlAffected, sqlRows } from '@anpi/core';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A session with the fields of its active account (role null when the account is disabled or gone). */
export interface SessionWithAccount {
  id: string;
  accountId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  secondFactor: boolean;
  role: string | null;
  organisation: string | null;
  pledgeAcceptedAt: Date | null;
  memberships: { m: string; d: string | null }[];
}

/** Every query of sessions and refresh tokens. */
@Injectable()
export class SessionRepository {
  constructor(private readonly ds: DataSource) {}

  async open(accountId: string, expiresAt: Date, secondFactor: boolean, refreshHash: string, refreshExpiresAt: Date): Promise<SessionEntity> {
    return this.ds.transaction(async (m) => {
      const session = await m.getRepository(SessionEntity).save(
        m.getRepository(SessionEntity).create({ accountId, expiresAt, lastSeenAt: new Date(), secondFactor, revokedAt: null }),
      );
      await m.getRepository(RefreshTokenEntity).insert({ sessionId: session.id, tokenHash: refreshHash, expiresAt: refreshExpiresAt });
      return session;
    });
  }

  /**
   * Everything an access token's actor needs in one round trip: the session, its account (null fields when
   * disabled or gone) and the account's memberships ordered by municipality.
   */
  async findWithAccount(sessionId: string): Promise<SessionWithAccount | null> {
    if (!UUID.test(sessionId)) return null;
    const [row] = sqlRows<SessionWithAccount>(
      await this.ds.query(
        `SELECT s.id, s.account_id AS "accountId", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
                s.second_factor AS "secondFactor", a.role, a.organisation, a.pledge_accepted_at AS "pledgeAcceptedAt",
                CASE WHEN a.id IS NULL THEN '[]'::json ELSE coalesce((SELECT json_agg(json_build_object('m', m.municipality_code, 'd', m.district_code) ORDER BY m.municipality_code)
                                                                     FROM membership m WHERE m.account_id = a.id), '[]'::json) END AS memberships
           FROM session s LEFT JOIN account a ON a.id = s.account_id AND a.disabled_at IS NULL
          WHERE s.id = $1`,
        [sessionId],
      ),
    );
    if (!row) return null;
    const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
    return {
      ...row,
      lastSeenAt: date(row.lastSeenAt)!,
      expiresAt: date(row.expiresAt)!,
      revokedAt: date(row.revokedAt),
      pledgeAcceptedAt: date(row.pledgeAcceptedAt),
      memberships: typeof row.memberships === 'string' ? JSON.parse(row.memberships) : row.memberships,
    };
  }

  findById(id: string): Promise<SessionEntity | null> {
    return this.ds.getRepository(SessionEntity).findOneBy({ id });
  }

  findRefreshToken(hash: string): Promise<RefreshTokenEntity | null> {
    return this.ds.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hash });
  }

  /**
   * Marks a refresh token used and stores its successor, atomically. Returns false when the token was
   * already used (a replay or a race), in which case nothing is written.
   */
  async rotate(tokenId: string, sessionId: string, nextHash: string, nextExpiresAt: Date): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const res = await m.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [tokenId]);
      if (sqlAffected(res) !== 1) return false;
      await m.getRepository(RefreshTokenEntity).insert({ sessionId, tokenHash: nextHash, expiresAt: nextExpiresAt });
      await m.query(`UPDATE session SET last_seen_at = now() WHERE id = $1`, [sessionId]);
      return true;
    });
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.ds.query(`UPDATE session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  /** Records activity at most once a minute per session, to keep the hot path cheap. */
  async touch(sessionId: string): Promise<void> {
    await this.ds.query(`UPDATE session SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - interval '1 minute'`, [sessionId]);
  }

  /** Deletes sessions that ended more than `graceDays` ago (and their tokens, by cascade). Returns the count. */
  async purgeEnded(graceDays: number): Promise<number> {
    const res = await this.ds.query(
      `DELETE FROM session WHERE coalesce(revoked_at, expires_at) < now() - ($1 || ' days')::interval`,
      [String(graceDays)],
    );
    return sqlAffected(res);
  }
}
