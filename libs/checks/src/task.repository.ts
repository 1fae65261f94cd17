import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { GEO_SCALE, isEmbedded, scaledPointSql, sqlAffected, sqlRows } from '@anpi/core';
import { CheckEventEntity } from './check-event.entity';
import { TaskEntity } from './task.entity';
import { CheckEventFacts, CheckOutcome, STATUS_SEVERITY, TaskStatus } from './task-status';

/** What recordCheck needs before it writes, read in one query (see TaskRepository.checkPreflight). */
export interface CheckPreflight {
  task: TaskEntity | null;
  incidentStatus: string | null;
  /** The actor is on the person's care team for the task's group (a scope rule that needs a query). */
  careTeam: boolean;
  /** The event already stored under this client event id, if any. */
  known: CheckEventEntity | null;
}

/** The task's derived fields, read under the row lock, and the event just inserted (null when its client id was taken concurrently). */
export interface LockedInsert {
  found: boolean;
  status: TaskStatus;
  lastObservedAt: Date | null;
  eventCount: number;
  event: { id: string; receivedAt: Date } | null;
}

const TASK_COLUMNS: [keyof TaskEntity, string][] = [
  ['id', 'id'], ['incidentId', 'incident_id'], ['personId', 'person_id'], ['responderGroup', 'responder_group'], ['assigneeAccountId', 'assignee_account_id'],
  ['poolKey', 'pool_key'], ['municipalityCode', 'municipality_code'], ['districtCode', 'district_code'], ['priority', 'priority'], ['priorityFactors', 'priority_factors'],
  ['dueAt', 'due_at'], ['status', 'status'], ['statusVersion', 'status_version'], ['eventCount', 'event_count'], ['lastEventAt', 'last_event_at'],
  ['lastObservedAt', 'last_observed_at'], ['needsReview', 'needs_review'], ['claimedBy', 'claimed_by'], ['claimedUntil', 'claimed_until'], ['escalatedAt', 'escalated_at'],
  ['isDrill', 'is_drill'], ['createdAt', 'created_at'],
];
const EVENT_COLUMNS: [keyof CheckEventEntity, string][] = [
  ['id', 'id'], ['clientEventId', 'client_event_id'], ['payloadHash', 'payload_hash'], ['taskId', 'task_id'], ['incidentId', 'incident_id'], ['personId', 'person_id'],
  ['accountId', 'account_id'], ['byCoordinator', 'by_coordinator'], ['outcome', 'outcome'], ['shelterId', 'shelter_id'], ['note', 'note'], ['observedAt', 'observed_at'],
  ['receivedAt', 'received_at'], ['lat', 'lat'], ['lng', 'lng'], ['flags', 'flags'],
];
const selectAs = (alias: string, cols: [string, string][], prefix: string) => cols.map(([, c]) => `${alias}.${c} AS ${prefix}${c}`).join(', ');

/** Builds an entity from prefixed raw columns (the driver has already parsed dates, numbers and arrays). */
function fromRaw<T>(row: Record<string, unknown>, cols: [keyof T, string][], prefix: string, make: () => T): T {
  const out = make();
  for (const [prop, col] of cols) {
    let v = row[`${prefix}${col}`];
    if (v instanceof Date || v === null || v === undefined) v = v ?? null;
    else if (typeof v === 'string' && /(_at|_until)$/.test(col)) v = new Date(v);
    (out as Record<string, unknown>)[prop as string] = v;
  }
  return out;
}

/** pg's double precision and integer parse to numbers, bigint-ish counts may come as strings: normalise the few that matter. */
function taskFromRaw(row: Record<string, unknown>): TaskEntity {
  const t = fromRaw<TaskEntity>(row, TASK_COLUMNS, 't_', () => new TaskEntity());
  t.priority = Number(t.priority);
  t.statusVersion = Number(t.statusVersion);
  t.eventCount = Number(t.eventCount);
  return t;
}

export interface TaskScope {
  accountId: string;
  pools: string[];
  /** Municipal coordinators see every task of their municipalities. */
  coordinatorOf: string[];
}

export interface TaskListQuery extends TaskScope {
  incidentId: string;
  groups?: string[];
  statuses?: string[];
  mine?: boolean;
  minPriority?: number;
  escalated?: boolean;
  needsReview?: boolean;
  overdue?: boolean;
  after?: { priority: number; id: string };
  first: number;
}

const SEVERITY_SQL = `CASE t.status ${Object.entries(STATUS_SEVERITY).map(([s, n]) => `WHEN '${s}' THEN ${n}`).join(' ')} END`;

/** A prepared statement's name from its text (the same text always gets the same name). */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `anpi_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Every query of safety-check tasks and check events. */
@Injectable()
export class TaskRepository {
  constructor(private readonly ds: DataSource) {}

  /** The SQL condition (alias t) for tasks an actor may work on or see; parameters $1 account, $2 pools, $3 coordinator municipalities. */
  static readonly SCOPE_SQL = `(t.assignee_account_id = $1 OR t.pool_key = ANY($2::text[]) OR t.municipality_code = ANY($3::text[])
    OR EXISTS (SELECT 1 FROM care_team_member c WHERE c.account_id = $1 AND c.person_id = t.person_id AND c.responder_group = t.responder_group))`;

  /**
   * Runs a hot statement as a named prepared statement on server PostgreSQL (parsed and planned once per
   * connection instead of on every check-in), on `m`'s connection when given (a transaction), else on a
   * pooled one. PGlite: an ordinary query.
   */
  private async prepared<T>(m: EntityManager | null, text: string, values: unknown[]): Promise<T[]> {
    if (isEmbedded(this.ds)) return sqlRows<T>(await (m ?? this.ds.manager).query(text, values));
    const qr = m?.queryRunner ?? this.ds.createQueryRunner();
    const own = !m?.queryRunner;
    try {
      const client = (await qr.connect()) as { query: (q: { name: string; text: string; values: unknown[] }) => Promise<{ rows: T[] }> };
      return (await client.query({ name: statementName(text), text, values })).rows;
    } finally {
      if (own) await qr.release();
    }
  }

  findById(id: string, m: EntityManager = this.ds.manager): Promise<TaskEntity | null> {
    return m.getRepository(TaskEntity).findOneBy({ id });
  }

  /**
   * Serialises status recomputation of one task. FOR NO KEY UPDATE, taken before the event insert: it
   * does not conflict with the KEY SHARE lock the event's foreign key takes, so concurrent checks on
   * one task queue instead of deadlocking.
   */
  async lockTask(id: string, m: EntityManager): Promise<TaskEntity | null> {
    return m.getRepository(TaskEntity).createQueryBuilder('t').setLock('for_no_key_update').where('t.id = :id', { id }).getOne();
  }

  /** Whether a task is the actor's to see and tick: named, in their pools, their municipality (coordinators), or their care team's person. */
  async inScope(t: TaskEntity, s: TaskScope, m: EntityManager = this.ds.manager): Promise<boolean> {
    if (t.assigneeAccountId === s.accountId || s.pools.includes(t.poolKey) || s.coordinatorOf.includes(t.municipalityCode)) return true;
    const rows = sqlRows(
      await m.query(`SELECT 1 FROM care_team_member WHERE account_id = $1 AND person_id = $2 AND responder_group = $3`, [s.accountId, t.personId, t.responderGroup]),
    );
    return rows.length > 0;
  }

  /** Tasks in scope, priority first, keyset-paged. `mine`: assigned to me, or claimed by me. */
  async list(q: TaskListQuery): Promise<TaskEntity[]> {
    const params: unknown[] = [q.accountId, q.pools, q.coordinatorOf, q.incidentId];
    const where = [TaskRepository.SCOPE_SQL, 't.incident_id = $4'];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.mine) where.push('(t.assignee_account_id = $1 OR t.claimed_by = $1 OR (t.assignee_account_id IS NULL AND t.pool_key = ANY($2::text[])))');
    if (q.groups?.length) add('t.responder_group = ANY(?::text[])', q.groups);
    if (q.statuses?.length) add('t.status = ANY(?::text[])', q.statuses);
    if (q.minPriority !== undefined) add('t.priority >= ?', q.minPriority);
    // The same definitions as the task fields `escalated`, `needsReview` and `overdue`.
    if (typeof q.escalated === 'boolean') where.push(q.escalated ? 't.escalated_at IS NOT NULL' : 't.escalated_at IS NULL');
    if (typeof q.needsReview === 'boolean') where.push(q.needsReview ? 't.needs_review' : 'NOT t.needs_review');
    if (typeof q.overdue === 'boolean') where.push(`${q.overdue ? '' : 'NOT '}(t.status = 'UNCHECKED' AND t.due_at < now())`);
    if (q.after) {
      params.push(q.after.priority, q.after.id);
      where.push(`(t.priority < $${params.length - 1} OR (t.priority = $${params.length - 1} AND t.id > $${params.length}))`);
    }
    params.push(q.first);
    const rows = await this.ds.query(
      `SELECT t.id FROM task t WHERE ${where.join(' AND ')} ORDER BY t.priority DESC, t.id ASC LIMIT $${params.length}`,
      params,
    );
    const ids = sqlRows<{ id: string }>(rows).map((r) => r.id);
    if (!ids.length) return [];
    const tasks = await this.ds.getRepository(TaskEntity).createQueryBuilder('t').where('t.id = ANY(:ids)', { ids }).getMany();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  /**
   * One round trip before a check is written: the task, its incident's status, whether the actor is on the
   * person's care team for the task's group, and the event already stored under the client event id.
   */
  async checkPreflight(taskId: string, clientEventId: string, accountId: string): Promise<CheckPreflight> {
    const [row] = await this.prepared<Record<string, unknown>>(
      null,
      `SELECT ${selectAs('t', TASK_COLUMNS as [string, string][], 't_')}, i.status AS incident_status,
                EXISTS (SELECT 1 FROM care_team_member c WHERE c.account_id = $3 AND c.person_id = t.person_id AND c.responder_group = t.responder_group) AS care_team,
                ${selectAs('e', EVENT_COLUMNS as [string, string][], 'e_')}
           FROM (VALUES (1)) AS one(x)
           LEFT JOIN task t ON t.id = $1
           LEFT JOIN incident i ON i.id = t.incident_id
           LEFT JOIN check_event e ON e.client_event_id = $2`,
      [taskId, clientEventId, accountId],
    );
    return {
      task: row?.t_id ? taskFromRaw(row) : null,
      incidentStatus: (row?.incident_status as string) ?? null,
      careTeam: row?.care_team === true,
      known: row?.e_id ? fromRaw<CheckEventEntity>(row, EVENT_COLUMNS, 'e_', () => new CheckEventEntity()) : null,
    };
  }

  /**
   * Locks the task FOR NO KEY UPDATE and inserts the event in one statement. The lock is taken before the
   * insert (the insert reads the locked row), so concurrent checks on one task queue on the row instead of
   * deadlocking against the KEY SHARE lock of the event's foreign key; after a wait, the row read is the
   * latest committed version. A client event id stored concurrently inserts nothing (event: null).
   */
  async lockAndInsertEvent(e: Omit<CheckEventEntity, 'id' | 'receivedAt' | 'task'>, m: EntityManager): Promise<LockedInsert> {
    const [row] = await this.prepared<{ status: TaskStatus; last_observed_at: Date | null; event_count: number; id: string | null; received_at: Date | null }>(
      m,
      `WITH locked AS (SELECT id, status, last_observed_at, event_count FROM task WHERE id = $3 FOR NO KEY UPDATE),
              ins AS (
                INSERT INTO check_event (client_event_id, payload_hash, task_id, incident_id, person_id, account_id, by_coordinator, outcome, shelter_id, note, observed_at, lat, lng, flags)
                SELECT $1, $2, locked.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM locked
                ON CONFLICT (client_event_id) DO NOTHING
                RETURNING id, received_at)
         SELECT locked.status, locked.last_observed_at, locked.event_count, ins.id, ins.received_at FROM locked LEFT JOIN ins ON true`,
      [e.clientEventId, e.payloadHash, e.taskId, e.incidentId, e.personId, e.accountId, e.byCoordinator, e.outcome, e.shelterId, e.note, e.observedAt, e.lat, e.lng, e.flags],
    );
    if (!row) return { found: false, status: TaskStatus.UNCHECKED, lastObservedAt: null, eventCount: 0, event: null };
    const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
    return {
      found: true,
      status: row.status,
      lastObservedAt: date(row.last_observed_at),
      eventCount: Number(row.event_count),
      event: row.id ? { id: row.id, receivedAt: date(row.received_at)! } : null,
    };
  }

  /**
   * The usual check in one autocommit statement: lock the task (NOWAIT), and only when the tick is observed
   * after every earlier event of the task (or is its first), insert the event, apply it to the stored status
   * (applyLaterEvent, in SQL: a strong event sets its outcome; a weak one after NEEDS_HELP keeps NEEDS_HELP and
   * is stale; otherwise its outcome), update the task and write the audit row (`audit(firstParam, from, detail)`
   * builds it for the CTE `calc`, whose `stale` column says whether to flag it). Returns null when it did
   * nothing — task gone, older observation, client id taken — so the caller takes the transactional path;
   * throws 55P03 when the row is locked elsewhere (the caller then waits, bounded, in a transaction).
   */
  async recordLaterCheck(
    e: Omit<CheckEventEntity, 'id' | 'receivedAt' | 'task'>,
    strong: boolean,
    audit: (firstParam: number, from: string, detail: (param: string) => string) => { sql: string; params: unknown[] },
  ): Promise<{ task: TaskEntity; event: { id: string; receivedAt: Date }; stale: boolean } | null> {
    const a = audit(17, 'calc', (d) => `CASE WHEN calc.stale THEN jsonb_set(${d}, '{flags}', coalesce(${d}->'flags', '[]'::jsonb) || '["STALE_AFTER_NEEDS_HELP"]'::jsonb) ELSE ${d} END`);
    const [row] = await this.prepared<Record<string, unknown>>(
      null,
      `WITH locked AS (SELECT id, status, last_observed_at, event_count FROM task WHERE id = $3 FOR NO KEY UPDATE NOWAIT),
            ok AS (SELECT * FROM locked WHERE (event_count = 0 AND status = 'UNCHECKED') OR (event_count > 0 AND last_observed_at < $11::timestamptz)),
            ins AS (
              INSERT INTO check_event (client_event_id, payload_hash, task_id, incident_id, person_id, account_id, by_coordinator, outcome, shelter_id, note, observed_at, lat, lng, flags)
              SELECT $1, $2, ok.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM ok
              ON CONFLICT (client_event_id) DO NOTHING
              RETURNING id, received_at),
            calc AS (
              SELECT ins.id AS event_id, ins.received_at, (NOT $15::boolean AND ok.status = 'NEEDS_HELP') AS stale,
                     CASE WHEN NOT $15::boolean AND ok.status = 'NEEDS_HELP' THEN 'NEEDS_HELP' ELSE $8::text END AS status
                FROM ok JOIN ins ON true),
            u AS (
              UPDATE task t SET status = calc.status, needs_review = t.needs_review OR calc.stale OR $16::boolean, status_version = t.status_version + 1,
                     event_count = t.event_count + 1, last_event_at = now(), last_observed_at = greatest(t.last_observed_at, $11::timestamptz)
                FROM calc WHERE t.id = $3
              RETURNING ${TASK_COLUMNS.map(([, c]) => `t.${c} AS t_${c}`).join(', ')}),
            a AS (${a.sql})
       SELECT calc.event_id, calc.received_at, calc.stale, u.* FROM calc JOIN u ON true`,
      [e.clientEventId, e.payloadHash, e.taskId, e.incidentId, e.personId, e.accountId, e.byCoordinator, e.outcome, e.shelterId, e.note, e.observedAt, e.lat, e.lng, e.flags, strong, e.flags.length > 0, ...a.params],
    );
    if (!row) return null;
    const received = row.received_at instanceof Date ? row.received_at : new Date(String(row.received_at));
    return { task: taskFromRaw(row), event: { id: String(row.event_id), receivedAt: received }, stale: row.stale === true };
  }

  /** The facts the status reduction needs, for every event of a task (the fallback when a tick is not the latest observation). */
  async eventFactsOf(taskId: string, m: EntityManager): Promise<CheckEventFacts[]> {
    const rows = sqlRows<{ id: string; outcome: CheckOutcome; observed_at: Date | string; received_at: Date | string; by_coordinator: boolean }>(
      await m.query(`SELECT id, outcome, observed_at, received_at, by_coordinator FROM check_event WHERE task_id = $1`, [taskId]),
    );
    const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
    return rows.map((r) => ({ id: r.id, outcome: r.outcome, observedAt: date(r.observed_at), receivedAt: date(r.received_at), byCoordinator: r.by_coordinator }));
  }

  /**
   * Stores the task's new derived fields and, in the same statement, one more statement of the caller's (the
   * audit row: a data-modifying CTE whose parameters follow the four here, from $5). Returns the task after.
   */
  async saveDerivedWith(taskId: string, status: TaskStatus, needsReview: boolean, observedAt: Date, also: { sql: string; params: unknown[] }, m: EntityManager): Promise<TaskEntity> {
    const [row] = await this.prepared<Record<string, unknown>>(
      m,
      `WITH also AS (${also.sql}),
              u AS (
                UPDATE task SET status = $2, needs_review = needs_review OR $3, status_version = status_version + 1, event_count = event_count + 1,
                       last_event_at = now(), last_observed_at = greatest(last_observed_at, $4::timestamptz)
                 WHERE id = $1
             RETURNING ${TASK_COLUMNS.map(([, c]) => `${c} AS t_${c}`).join(', ')})
         SELECT * FROM u`,
      [taskId, status, needsReview, observedAt, ...also.params],
    );
    return taskFromRaw(row);
  }

  eventsOf(taskId: string, m: EntityManager = this.ds.manager): Promise<CheckEventEntity[]> {
    return m.getRepository(CheckEventEntity).find({ where: { taskId }, order: { observedAt: 'ASC', receivedAt: 'ASC', id: 'ASC' } });
  }

  findEventByClientId(clientEventId: string, m: EntityManager = this.ds.manager): Promise<CheckEventEntity | null> {
    return m.getRepository(CheckEventEntity).findOneBy({ clientEventId });
  }

  /** Inserts the event unless its client id is known; returns the stored event and whether it is new. */
  async insertEvent(e: Omit<CheckEventEntity, 'id' | 'receivedAt' | 'task'>, m: EntityManager): Promise<{ event: CheckEventEntity; created: boolean }> {
    const res = sqlRows<{ id: string }>(
      await m.query(
        `INSERT INTO check_event (client_event_id, payload_hash, task_id, incident_id, person_id, account_id, by_coordinator, outcome, shelter_id, note, observed_at, lat, lng, flags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (client_event_id) DO NOTHING RETURNING id`,
        [e.clientEventId, e.payloadHash, e.taskId, e.incidentId, e.personId, e.accountId, e.byCoordinator, e.outcome, e.shelterId, e.note, e.observedAt, e.lat, e.lng, e.flags],
      ),
    );
    const event = await this.findEventByClientId(e.clientEventId, m);
    return { event: event!, created: res.length === 1 };
  }

  async saveDerived(taskId: string, status: TaskStatus, needsReview: boolean, m: EntityManager): Promise<TaskEntity> {
    await m.query(
      `UPDATE task SET status = $2, needs_review = needs_review OR $3, status_version = status_version + 1,
              event_count = (SELECT count(*) FROM check_event WHERE task_id = $1), last_event_at = now()
        WHERE id = $1`,
      [taskId, status, needsReview],
    );
    return (await this.findById(taskId, m))!;
  }

  /** Claims a task for `minutes` unless someone else holds an unexpired claim. Returns the task after. */
  async claim(taskId: string, accountId: string, minutes: number): Promise<{ ok: boolean; task: TaskEntity | null }> {
    const res = await this.ds.query(
      `UPDATE task SET claimed_by = $2, claimed_until = now() + make_interval(mins => $3)
        WHERE id = $1 AND (claimed_by IS NULL OR claimed_by = $2 OR claimed_until < now())`,
      [taskId, accountId, minutes],
    );
    return { ok: sqlAffected(res) === 1, task: await this.findById(taskId) };
  }

  async release(taskId: string, accountId: string, force: boolean): Promise<boolean> {
    const res = await this.ds.query(`UPDATE task SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND (claimed_by = $2 OR $3)`, [taskId, accountId, force]);
    return sqlAffected(res) === 1;
  }

  /** Escalates unchecked tasks of active incidents past their due time; returns the escalated tasks' incident ids. */
  async escalateOverdue(): Promise<{ incident_id: string; n: number }[]> {
    return sqlRows(
      await this.ds.query(
        `WITH esc AS (
           UPDATE task t SET escalated_at = now()
             FROM incident i
            WHERE i.id = t.incident_id AND i.status = 'ACTIVE'
              AND t.status = 'UNCHECKED' AND t.escalated_at IS NULL AND t.due_at < now()
           RETURNING t.incident_id)
         SELECT incident_id, count(*)::int AS n FROM esc GROUP BY incident_id`,
      ),
    );
  }

  /** Counts by group, status and municipality, plus escalations and review flags. */
  async progress(incidentId: string, municipalityCodes: string[] | null) {
    return sqlRows<{ responder_group: string; status: string; municipality_code: string; n: number; escalated: number; needs_review: number; overdue: number }>(
      await this.ds.query(
        `SELECT responder_group, status, municipality_code, count(*)::int AS n,
                count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
                count(*) FILTER (WHERE needs_review)::int AS needs_review,
                count(*) FILTER (WHERE status = 'UNCHECKED' AND due_at < now())::int AS overdue
           FROM task WHERE incident_id = $1 ${municipalityCodes ? 'AND municipality_code = ANY($2::text[])' : ''}
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        municipalityCodes ? [incidentId, municipalityCodes] : [incidentId],
      ),
    );
  }

  /**
   * Map rows: one per person in scope, with the worst status of their tasks and whether they cannot
   * reach a shelter (DOMAIN §8.4: needs help or staying home with needs, no supporter has checked in
   * 60 minutes after declaration, the planned shelter is not open, or the plan gives no way there).
   *
   * With a bbox, the people in it are found first through the scaled point index (ix_person_point), and
   * only their tasks are read (uq_task_incident_person_group): a viewport costs what it shows, not what
   * the incident holds. The BETWEEN on raw degrees keeps the answer exact (the box only narrows the scan;
   * scaling is monotonic, so it never drops a point the BETWEEN keeps).
   */
  async mapPeople(incidentId: string, scope: TaskScope, bbox: [number, number, number, number] | null, limit: number, filter: MapFilter = {}) {
    const params: unknown[] = [scope.accountId, scope.pools, scope.coordinatorOf, incidentId, limit];
    const f = mapFilterSql(filter, params);
    let people: string;
    if (bbox) {
      params.push(bbox[0], bbox[1], bbox[2], bbox[3]);
      const [w, s, e, n] = [params.length - 3, params.length - 2, params.length - 1, params.length].map((i) => `$${i}::float8`);
      people = `(SELECT p.id, p.lat, p.lng FROM person p
                  WHERE ${scaledPointSql('p')} <@ box(point(${w} * ${GEO_SCALE}, ${s} * ${GEO_SCALE}), point(${e} * ${GEO_SCALE}, ${n} * ${GEO_SCALE}))
                    AND p.lng BETWEEN ${w} AND ${e} AND p.lat BETWEEN ${s} AND ${n})`;
    } else {
      people = `person`;
    }
    return sqlRows<MapPersonRow>(
      await this.ds.query(
        `WITH mine AS (
           SELECT t.person_id, p.lat, p.lng, max(${SEVERITY_SQL}) AS severity, max(t.priority) AS priority, array_agg(t.id ORDER BY t.responder_group) AS task_ids,
                  array_agg(t.status ORDER BY t.responder_group) AS statuses,
                  bool_or(t.status IN ('NEEDS_HELP', 'HOME_NEEDS_SUPPORT')) AS needs,
                  bool_or(t.responder_group = 'WELFARE_VOLUNTEER' AND t.status = 'UNCHECKED' AND t.assignee_account_id IS NOT NULL
                          AND t.created_at < now() - interval '60 minutes') AS no_supporter_ack
             FROM ${people} p JOIN task t ON t.incident_id = $4 AND t.person_id = p.id
            WHERE ${TaskRepository.SCOPE_SQL}${f.tasks}
            GROUP BY t.person_id, p.lat, p.lng${f.having})
         SELECT m.person_id, m.lat, m.lng, m.severity, m.priority, m.task_ids, m.statuses,
                (m.needs OR m.no_supporter_ack OR coalesce(plan_info.shelter_closed, false) OR coalesce(plan_info.no_way, true)) AS cannot_reach,
                array_remove(ARRAY[
                  CASE WHEN m.needs THEN 'NEEDS_HELP_OR_SUPPORT' END,
                  CASE WHEN m.no_supporter_ack THEN 'NO_SUPPORTER_CHECK_IN' END,
                  CASE WHEN coalesce(plan_info.shelter_closed, false) THEN 'DESTINATION_NOT_OPEN' END,
                  CASE WHEN coalesce(plan_info.no_way, true) THEN 'NO_WAY_TO_SHELTER' END], NULL) AS reasons
           FROM mine m
           LEFT JOIN LATERAL (
             SELECT (r.content->'destination'->>'shelterId') IS NOT NULL AND NOT coalesce(s.is_open, false) AS shelter_closed,
                    (r.content->'destination' IS NULL OR jsonb_typeof(r.content->'destination') = 'null'
                     OR (r.content->'destination'->>'type' NOT IN ('STAY_HOME', 'HOSPITAL')
                         AND jsonb_array_length(coalesce(r.content->'supporters', '[]')) = 0
                         AND coalesce(r.content->>'transport', '') !~ '^(徒歩|自家用車|自力)')) AS no_way
               FROM plan pl JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
               LEFT JOIN shelter s ON s.id = r.content->'destination'->>'shelterId'
              WHERE pl.person_id = m.person_id) plan_info ON true
          ORDER BY m.severity DESC, m.priority DESC
          LIMIT $5`,
        params,
      ),
    );
  }

  /**
   * Grid clusters for zoomed-out views: count and worst status per cell, no person-level data. The same
   * scope and the same filter as `mapPeople`, so a cluster counts exactly the points it stands for.
   */
  async mapClusters(incidentId: string, scope: TaskScope, cellDegrees: number, filter: MapFilter = {}) {
    const params: unknown[] = [scope.accountId, scope.pools, scope.coordinatorOf, incidentId, cellDegrees];
    const f = mapFilterSql(filter, params);
    return sqlRows<{ lat: number; lng: number; n: number; severity: number; needs_help: number; unchecked: number }>(
      await this.ds.query(
        `WITH per_person AS (
           SELECT t.person_id, max(${SEVERITY_SQL}) AS severity,
                  bool_or(t.status = 'NEEDS_HELP') AS needs_help, bool_and(t.status = 'UNCHECKED') AS unchecked
             FROM task t WHERE t.incident_id = $4 AND ${TaskRepository.SCOPE_SQL}${f.tasks}
            GROUP BY t.person_id${f.having})
         SELECT avg(p.lat) AS lat, avg(p.lng) AS lng, count(*)::int AS n, max(pp.severity) AS severity,
                count(*) FILTER (WHERE pp.needs_help)::int AS needs_help, count(*) FILTER (WHERE pp.unchecked)::int AS unchecked
           FROM per_person pp JOIN person p ON p.id = pp.person_id
          GROUP BY floor(p.lng / $5), floor(p.lat / $5)`,
        params,
      ),
    );
  }
}

export interface MapPersonRow {
  person_id: string;
  lat: number;
  lng: number;
  severity: number;
  priority: number;
  task_ids: string[];
  statuses: string[];
  cannot_reach: boolean;
  reasons: string[];
}

/**
 * What the map shows, narrowed like the task list: `groups` and `mine` pick tasks (a person shows when one
 * of their tasks in scope matches, and their status and priority are then those of the matching tasks);
 * `statuses` (the person's worst status) and `minPriority` (their highest priority) pick people.
 */
export interface MapFilter {
  groups?: string[];
  mine?: boolean;
  statuses?: string[];
  minPriority?: number;
}

/** SQL (alias t, grouped per person) for a MapFilter; appends its parameters to `params`. */
function mapFilterSql(f: MapFilter, params: unknown[]): { tasks: string; having: string } {
  const tasks: string[] = [];
  const having: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.mine) tasks.push('(t.assignee_account_id = $1 OR t.claimed_by = $1 OR (t.assignee_account_id IS NULL AND t.pool_key = ANY($2::text[])))');
  if (f.groups?.length) tasks.push(`t.responder_group = ANY(${p(f.groups)}::text[])`);
  if (f.statuses?.length) {
    const severities = f.statuses.map((s) => STATUS_SEVERITY[s as TaskStatus]).filter((n) => n !== undefined);
    having.push(`max(${SEVERITY_SQL}) = ANY(${p(severities)}::int[])`);
  }
  if (f.minPriority !== undefined && f.minPriority !== null) having.push(`max(t.priority) >= ${p(f.minPriority)}`);
  return { tasks: tasks.map((c) => ` AND ${c}`).join(''), having: having.length ? ` HAVING ${having.join(' AND ')}` : '' };
}
