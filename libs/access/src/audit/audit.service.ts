import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction } from './audit-log.entity';

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
    // One statement per 5,000 rows with one array per column: a 3k-point map read audits 3k rows, and
    // TypeORM's insert builder (11 bound parameters a row) cost more than the map query itself.
    for (let i = 0; i < entries.length; i += 5000) {
      const chunk = entries.slice(i, i + 5000);
      await m.query(
        `INSERT INTO audit_log (account_id, role, organisation, action, data_class, person_id, purpose, incident_id, break_glass, decision, detail)
         SELECT $1::uuid, $2::text, $3::text, u.action, u.data_class, u.person_id, u.purpose, u.incident_id, u.break_glass, u.decision, u.detail
           FROM unnest($4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::boolean[], $10::text[], $11::jsonb[])
                  WITH ORDINALITY AS u(action, data_class, person_id, purpose, incident_id, break_glass, decision, detail, n)
          ORDER BY u.n`,
        [
          actor?.accountId ?? null,
          actor?.role ?? null,
          actor?.organisation ?? null,
          chunk.map((e) => e.action),
          chunk.map((e) => e.dataClass ?? null),
          chunk.map((e) => e.personId ?? null),
          chunk.map((e) => e.purpose ?? null),
          chunk.map((e) => e.incidentId ?? null),
          chunk.map((e) => e.breakGlass ?? false),
          chunk.map((e) => e.decision ?? null),
          chunk.map((e) => JSON.stringify(e.detail ?? {})),
        ],
      );
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
