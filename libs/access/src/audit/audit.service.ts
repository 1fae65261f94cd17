import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  action: AuditAction;
  dataClass?: string | null;
  personId?: string | null;
  purpose?: string | null;
  incidentId?: string | null;
  breakGlass?: boolean;
  decision?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes audit rows: in the caller's transaction when given one (writes), else on their own (reads). */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(actor: { accountId: string; role: string; organisation: string } | null, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const m = manager ?? this.ds.manager;
    const rows = entries.map((e) => ({
      accountId: actor?.accountId ?? null,
      role: actor?.role ?? null,
      organisation: actor?.organisation ?? null,
      action: e.action,
      dataClass: e.dataClass ?? null,
      personId: e.personId ?? null,
      purpose: e.purpose ?? null,
      incidentId: e.incidentId ?? null,
      breakGlass: e.breakGlass ?? false,
      decision: e.decision ?? null,
      detail: (e.detail ?? {}) as Record<string, never>,
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await m.createQueryBuilder().insert().into(AuditLogEntity).values(rows.slice(i, i + 1000)).execute();
    }
  }

  /**
   * The same row as `record` writes, as an INSERT to run inside the caller's own statement (a data-modifying
   * CTE), so a hot write and its audit row cost one round trip and commit together. Parameters are numbered
   * from `firstParam` on; the caller appends `params` to its own.
   */
  static insertSql(
    actor: { accountId: string; role: string; organisation: string },
    e: AuditEntry,
    firstParam: number,
    /** `from`: insert one row per row of this CTE; `detail`: an SQL expression over the detail parameter (e.g. adding a flag the statement decides). */
    opts: { from?: string; detail?: (param: string) => string } = {},
  ): { sql: string; params: unknown[] } {
    const params = [
      actor.accountId, actor.role, actor.organisation, e.action, e.dataClass ?? null, e.personId ?? null, e.purpose ?? null, e.incidentId ?? null,
      e.breakGlass ?? false, e.decision ?? null, JSON.stringify(e.detail ?? {}),
    ];
    const p = (i: number) => `$${firstParam + i}`;
    const detail = opts.detail ? opts.detail(`${p(10)}::jsonb`) : `${p(10)}::jsonb`;
    const values = `${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::uuid, ${p(6)}, ${p(7)}::uuid, ${p(8)}::boolean, ${p(9)}, ${detail}`;
    return {
      sql: `INSERT INTO audit_log (account_id, role, organisation, action, data_class, person_id, purpose, incident_id, break_glass, decision, detail)
            ${opts.from ? `SELECT ${values} FROM ${opts.from}` : `VALUES (${values})`}`,
      params,
    };
  }
}
