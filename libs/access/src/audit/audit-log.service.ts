import { Injectable } from '@nestjs/common';
import { Actor } from '../actor';
import { assertCan, Capability } from '../policy/capabilities';
import { AuditAction } from './audit-log.entity';
import { AuditQuery, AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

export type AuditFilter = Omit<AuditQuery, 'first' | 'beforeId' | 'municipalityCodes'>;

const CSV_MAX_ROWS = 50000;

/** Review of the access log by municipal admins: paging, CSV export and chain verification, each itself logged. */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly audit: AuditService,
  ) {}

  async page(actor: Actor, filter: AuditFilter, first: number, after: string | null) {
    assertCan(actor, Capability.REVIEW_AUDIT);
    const rows = await this.repo.search({ ...filter, first, beforeId: after ?? undefined, municipalityCodes: actor.municipalityCodes });
    await this.audit.record(actor, [{ action: AuditAction.REVIEW, purpose: 'AUDIT_REVIEW', detail: { operation: 'auditLog', filter: { ...filter }, rows: rows.length } }]);
    return {
      entries: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at),
        accountId: r.account_id,
        role: r.role,
        organisation: r.organisation,
        action: r.action,
        dataClass: r.data_class,
        personId: r.person_id,
        purpose: r.purpose,
        incidentId: r.incident_id,
        breakGlass: r.break_glass,
        decision: r.decision,
        detail: r.detail,
        sealed: r.chain_seq !== null,
      })),
      endCursor: rows.length === first ? rows[rows.length - 1].id : null,
    };
  }

  async csv(actor: Actor, filter: AuditFilter): Promise<string> {
    assertCan(actor, Capability.REVIEW_AUDIT);
    const rows = await this.repo.search({ ...filter, first: CSV_MAX_ROWS, municipalityCodes: actor.municipalityCodes });
    await this.audit.record(actor, [{ action: AuditAction.EXPORT, purpose: 'AUDIT_REVIEW', detail: { operation: 'auditLogCsv', filter: { ...filter }, rows: rows.length } }]);
    const header = ['id', 'at', 'account_id', 'role', 'organisation', 'action', 'data_class', 'person_id', 'purpose', 'incident_id', 'break_glass', 'decision', 'detail'];
    const lines = rows.map((r) =>
      [r.id, new Date(r.at).toISOString(), r.account_id, r.role, r.organisation, r.action, r.data_class, r.person_id, r.purpose, r.incident_id, r.break_glass, r.decision, JSON.stringify(r.detail)]
        .map(csvCell)
        .join(','),
    );
    const watermark = `# exported by ${actor.accountId} (${actor.role}, ${actor.organisation}) at ${new Date().toISOString()}; ${rows.length} rows`;
    return `\ufeff${watermark}\r\n${header.join(',')}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}`;
  }

  async verify(actor: Actor): Promise<{ checked: number; brokenAtId: string | null }> {
    assertCan(actor, Capability.REVIEW_AUDIT);
    const result = await this.repo.verify();
    await this.audit.record(actor, [{ action: AuditAction.REVIEW, purpose: 'AUDIT_REVIEW', detail: { operation: 'auditChainStatus', ...result } }]);
    return result;
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}
