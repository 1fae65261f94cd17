import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { GEO_SCALE, scaledPointSql, sqlAffected, sqlRows } from '@anpi/core';
import { CheckEventEntity } from './check-event.entity';
import { TaskEntity } from './task.entity';
import { STATUS_SEVERITY, TaskStatus } from './task-status';

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

/** Every query of safety-check tasks and check events. */
@Injectable()
export class TaskRepository {
  constructor(private readonly ds: DataSource) {}

  /** The SQL condition (alias t) for tasks an actor may work on or see; parameters $1 account, $2 pools, $3 coordinator municipalities. */
  static readonly SCOPE_SQL = `(t.assignee_account_id = $1 OR t.pool_key = ANY($2::text[]) OR t.municipality_code = ANY($3::text[])
    OR EXISTS (SELECT 1 FROM care_team_member c WHERE c.account_id = $1 AND c.person_id = t.person_id AND c.responder_group = t.responder_group))`;

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
