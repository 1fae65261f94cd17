import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode, PubSub, sqlRows } from '@anpi/core';
import { AccountEntity } from './account.entity';
import { Actor } from './actor';
import { AuditAction } from './audit/audit-log.entity';
import { AuditService } from './audit/audit.service';
import { BreakGlassGrantEntity } from './break-glass-grant.entity';
import { assertCan, Capability } from './policy/capabilities';
import { poolsOf } from './policy/access-facts.repository';
import { SecondFactorService } from './second-factor.service';

/** A break-glass grant lasts this long (RELIABILITY S7: at most 60 minutes). */
export const BREAK_GLASS_MINUTES = 60;
export const breakGlassTopic = (municipalityCode: string) => `break-glass:${municipalityCode}`;

export interface BreakGlassAlert {
  grantId: string;
  accountId: string;
  personId: string;
  municipalityCode: string;
  incidentId: string;
  at: string;
}

/**
 * Emergency access to one person's ACP (A) and emergency summary (E) outside the care team
 * (DOMAIN §8.2, MHLW 6.0 §11.2): a medical responder (or fire/EMS, for E) in an active incident that
 * covers the person, with a reason and a fresh one-time code. Time-limited, alerted to the
 * municipality's admins at once, audited, and listed for review.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly ds: DataSource,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
  ) {}

  async open(actor: Actor, personId: string, reason: string, totpCode: string): Promise<BreakGlassGrantEntity> {
    assertCan(actor, Capability.BREAK_GLASS);
    if (reason.trim().length < 10) throw AppException.badInput([{ field: 'input.reason', message: 'say why, in at least 10 characters' }]);
    const account = await this.ds.getRepository(AccountEntity).findOneBy({ id: actor.accountId });
    if (!account?.totpSecret || !(await this.secondFactor.consume(account.id, account.totpSecret, totpCode))) {
      await this.audit.record(actor, [{ action: AuditAction.DENY, personId, detail: { operation: 'breakGlass', reason: 'second factor' } }]);
      throw new AppException(ErrorCode.SECOND_FACTOR_REQUIRED, 'Break-glass needs a fresh one-time code');
    }
    // The person must be in an active incident in which the actor is a responder.
    const incidents = sqlRows<{ incident_id: string; municipality_code: string }>(
      await this.ds.query(
        `SELECT ip.incident_id, p.municipality_code FROM incident_person ip
           JOIN incident i ON i.id = ip.incident_id AND i.status = 'ACTIVE'
           JOIN person p ON p.id = ip.person_id
          WHERE ip.person_id = $1
            AND EXISTS (SELECT 1 FROM task t WHERE t.incident_id = i.id AND (t.assignee_account_id = $2 OR t.pool_key = ANY($3::text[])))
          ORDER BY i.declared_at DESC LIMIT 1`,
        [personId, actor.accountId, poolsOf(actor)],
      ),
    );
    if (!incidents.length) {
      await this.audit.record(actor, [{ action: AuditAction.DENY, personId, detail: { operation: 'breakGlass', reason: 'no active incident with this person and you as responder' } }]);
      throw AppException.forbidden('Break-glass is only for a person in an active incident you respond to');
    }
    const { incident_id: incidentId, municipality_code: municipalityCode } = incidents[0];
    const grant = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(BreakGlassGrantEntity);
      // Both ends from one clock, so the window is exactly BREAK_GLASS_MINUTES.
      const now = new Date();
      const g = await repo.save(repo.create({ accountId: actor.accountId, personId, incidentId, reason: reason.trim(), createdAt: now, expiresAt: new Date(now.getTime() + BREAK_GLASS_MINUTES * 60000) }));
      await this.audit.record(actor, [{ action: AuditAction.BREAK_GLASS, personId, incidentId, breakGlass: true, detail: { operation: 'breakGlass', grantId: g.id, reason: g.reason, expiresAt: g.expiresAt.toISOString() } }], m);
      return g;
    });
    const alert: BreakGlassAlert = { grantId: grant.id, accountId: actor.accountId, personId, municipalityCode, incidentId, at: grant.createdAt.toISOString() };
    await this.pubsub.publish(breakGlassTopic(municipalityCode), alert).catch(() => undefined);
    return grant;
  }

  /** Grants for review by the admins of the persons' municipalities, newest first. */
  async list(actor: Actor, unreviewedOnly: boolean): Promise<(BreakGlassGrantEntity & { login: string; displayName: string })[]> {
    assertCan(actor, Capability.REVIEW_AUDIT);
    return sqlRows(
      await this.ds.query(
        `SELECT g.id, g.account_id AS "accountId", g.person_id AS "personId", g.incident_id AS "incidentId", g.reason, g.created_at AS "createdAt",
                g.expires_at AS "expiresAt", g.reviewed_at AS "reviewedAt", g.reviewed_by AS "reviewedBy", g.review_note AS "reviewNote",
                a.login, a.display_name AS "displayName"
           FROM break_glass_grant g JOIN account a ON a.id = g.account_id JOIN person p ON p.id = g.person_id
          WHERE p.municipality_code = ANY($1::text[]) ${unreviewedOnly ? 'AND g.reviewed_at IS NULL' : ''}
          ORDER BY g.created_at DESC LIMIT 500`,
        [actor.municipalityCodes],
      ),
    );
  }

  async review(actor: Actor, grantId: string, note: string): Promise<void> {
    assertCan(actor, Capability.REVIEW_AUDIT);
    await this.ds.transaction(async (m) => {
      const res = sqlRows(
        await m.query(
          `UPDATE break_glass_grant g SET reviewed_at = now(), reviewed_by = $2, review_note = $3
             FROM person p WHERE g.id = $1 AND p.id = g.person_id AND p.municipality_code = ANY($4::text[]) AND g.reviewed_at IS NULL
           RETURNING g.id, g.person_id`,
          [grantId, actor.accountId, note, actor.municipalityCodes],
        ),
      ) as { id: string; person_id: string }[];
      if (!res.length) throw AppException.notFound('Unreviewed grant');
      await this.audit.record(actor, [{ action: AuditAction.REVIEW, personId: res[0].person_id, breakGlass: true, detail: { operation: 'reviewBreakGlassGrant', grantId, note } }], m);
    });
  }
}
