import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@anpi/core';
import { TaskEntity } from '../task.entity';
import { TaskRepository, TaskScope } from '../task.repository';

export interface ExportIncident {
  id: string;
  title: string;
  is_drill: boolean;
  status: string;
  closed_at: Date | null;
  disclosure_active: boolean;
}

export interface ExportCountRow {
  account_id: string;
  display_name: string | null;
  role: string | null;
  organisation: string | null;
  exports: number;
  csv: number;
  pdf: number;
  pfif: number;
  rows: number;
  last_at: Date;
}

export interface PfifTaskRow {
  task_id: string;
  person_id: string;
  municipality_code: string;
  responder_group: string;
  status: string;
  status_version: number;
  observed_at: Date;
  received_at: Date;
  author_role: string | null;
}

export interface PfifPersonRow {
  id: string;
  municipality_code: string;
  municipality_name: string;
  name: string;
  name_kana: string;
  sex: string;
  birth_date: string;
  created_at: Date;
  updated_at: Date;
}

/** Every query of printable lists, PFIF and export counts. */
@Injectable()
export class ExportRepository {
  constructor(private readonly ds: DataSource) {}

  /** The incident, when it concerns one of these municipalities (the rule of IncidentRepository.list). */
  async visibleIncident(incidentId: string, municipalityCodes: string[]): Promise<ExportIncident | null> {
    const [row] = sqlRows<ExportIncident>(
      await this.ds.query(
        `SELECT i.id, i.title, i.is_drill, i.status, i.closed_at,
                (i.status = 'ACTIVE' AND EXISTS (SELECT 1 FROM disaster_disclosure d
                   WHERE d.incident_id = i.id AND d.ended_at IS NULL AND d.expires_at > now())) AS disclosure_active
           FROM incident i
          WHERE i.id = $1
            AND (EXISTS (SELECT 1 FROM incident_area a WHERE a.incident_id = i.id AND a.municipality_code = ANY($2::text[]))
              OR EXISTS (SELECT 1 FROM task t WHERE t.incident_id = i.id AND t.municipality_code = ANY($2::text[]))
              OR EXISTS (SELECT 1 FROM membership ms WHERE ms.account_id = i.declared_by AND ms.municipality_code = ANY($2::text[])))`,
        [incidentId, municipalityCodes],
      ),
    );
    return row ?? null;
  }

  async displayName(accountId: string): Promise<string | null> {
    const [row] = sqlRows<{ display_name: string }>(await this.ds.query(`SELECT display_name FROM account WHERE id = $1`, [accountId]));
    return row?.display_name ?? null;
  }

  /**
   * Open tasks of pools (not named to an account), within the actor's task scope (TaskRepository.SCOPE_SQL),
   * priority first. At most `limit`.
   */
  async poolTasks(scope: TaskScope, incidentId: string, poolKeys: string[], limit: number): Promise<TaskEntity[]> {
    const ids = sqlRows<{ id: string }>(
      await this.ds.query(
        `SELECT t.id FROM task t
          WHERE ${TaskRepository.SCOPE_SQL} AND t.incident_id = $4 AND t.pool_key = ANY($5::text[]) AND t.assignee_account_id IS NULL
          ORDER BY t.priority DESC, t.id ASC LIMIT $6`,
        [scope.accountId, scope.pools, scope.coordinatorOf, incidentId, poolKeys, limit],
      ),
    ).map((r) => r.id);
    if (!ids.length) return [];
    const tasks = await this.ds.getRepository(TaskEntity).createQueryBuilder('t').where('t.id = ANY(:ids)', { ids }).getMany();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  async districtNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = sqlRows<{ code: string; name_ja: string }>(await this.ds.query(`SELECT code, name_ja FROM district WHERE code = ANY($1::text[])`, [codes]));
    return new Map(rows.map((r) => [r.code, r.name_ja]));
  }

  async municipalityNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = sqlRows<{ code: string; name_ja: string }>(await this.ds.query(`SELECT code, name_ja FROM municipality WHERE code = ANY($1::text[])`, [codes]));
    return new Map(rows.map((r) => [r.code, r.name_ja]));
  }

  /** Exports this account made for this incident so far (the n-th print is stamped on the sheet). */
  async exportsBy(accountId: string, incidentId: string): Promise<number> {
    const [row] = sqlRows<{ n: number }>(
      await this.ds.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1 AND incident_id = $2 AND action = 'EXPORT' AND purpose = 'EXPORT'`,
        [accountId, incidentId],
      ),
    );
    return row?.n ?? 0;
  }

  /** Exports per account for one incident, from the audit log; only accounts of these municipalities. */
  async exportCounts(incidentId: string, municipalityCodes: string[]): Promise<ExportCountRow[]> {
    return sqlRows<ExportCountRow>(
      await this.ds.query(
        `SELECT a.account_id, acc.display_name,
                (array_agg(a.role ORDER BY a.at DESC))[1] AS role,
                (array_agg(a.organisation ORDER BY a.at DESC))[1] AS organisation,
                count(*)::int AS exports,
                count(*) FILTER (WHERE a.detail->>'format' = 'CSV')::int AS csv,
                count(*) FILTER (WHERE a.detail->>'format' = 'PDF')::int AS pdf,
                count(*) FILTER (WHERE a.detail->>'format' = 'PFIF')::int AS pfif,
                coalesce(sum((a.detail->>'rows')::int), 0)::int AS rows,
                max(a.at) AS last_at
           FROM audit_log a
           LEFT JOIN account acc ON acc.id = a.account_id
          WHERE a.action = 'EXPORT' AND a.purpose = 'EXPORT' AND a.incident_id = $1
            AND a.account_id IN (SELECT account_id FROM membership WHERE municipality_code = ANY($2::text[]))
          GROUP BY a.account_id, acc.display_name
          ORDER BY exports DESC, last_at DESC`,
        [incidentId, municipalityCodes],
      ),
    );
  }

  /**
   * Checked tasks of the incident in these municipalities, each with the event that set its current
   * status (the latest event with that outcome) and the role of whoever recorded it.
   */
  async pfifTasks(incidentId: string, municipalityCodes: string[]): Promise<PfifTaskRow[]> {
    return sqlRows<PfifTaskRow>(
      await this.ds.query(
        `SELECT t.id AS task_id, t.person_id, t.municipality_code, t.responder_group, t.status, t.status_version,
                ev.observed_at, ev.received_at, ev.author_role
           FROM task t
           JOIN LATERAL (
             SELECT e.observed_at, e.received_at, a.role AS author_role
               FROM check_event e LEFT JOIN account a ON a.id = e.account_id
              WHERE e.task_id = t.id AND e.outcome = t.status
              ORDER BY e.observed_at DESC, e.received_at DESC, e.id DESC LIMIT 1) ev ON true
          WHERE t.incident_id = $1 AND t.status <> 'UNCHECKED' AND t.municipality_code = ANY($2::text[])
          ORDER BY t.person_id, ev.observed_at`,
        [incidentId, municipalityCodes],
      ),
    );
  }

  async pfifPeople(personIds: string[]): Promise<PfifPersonRow[]> {
    if (!personIds.length) return [];
    return sqlRows<PfifPersonRow>(
      await this.ds.query(
        `SELECT p.id, p.municipality_code, m.name_ja AS municipality_name, p.name, p.name_kana, p.sex,
                to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.created_at, p.updated_at
           FROM person p JOIN municipality m ON m.code = p.municipality_code
          WHERE p.id = ANY($1::uuid[])
          ORDER BY p.municipality_code, p.name_kana, p.id`,
        [personIds],
      ),
    );
  }
}
