import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AppException, ErrorCode, FieldProblem, PubSub, isEmbedded, isLockTimeout } from '@anpi/core';
import {
  AccessDecisions, AccessPolicyService, Actor, AuditAction, AuditService, DataClass, Purpose, Role, poolsOf, responderGroupOf,
} from '@anpi/access';
import { CheckEventEntity } from './check-event.entity';
import { TaskEntity } from './task.entity';
import { TaskLanes } from './task-lanes';
import { TaskRepository, TaskScope } from './task.repository';
import { CheckEventFacts, CheckOutcome, RESTRICTED_OUTCOMES, applyLaterEvent, isStrong, reduceTaskStatus } from './task-status';

export interface RecordCheckInput {
  taskId: string;
  outcome: CheckOutcome;
  note?: string | null;
  observedAt: Date;
  lat?: number | null;
  lng?: number | null;
  shelterId?: string | null;
  clientEventId: string;
}

export interface CheckResult {
  task: TaskEntity;
  event: CheckEventEntity;
  /** True when this call replayed an event already stored (same client event id and payload). */
  replayed: boolean;
}

const COORDINATOR_ROLES = new Set([Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF]);
const RESTRICTED_OUTCOME_ROLES = new Set([Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF, Role.FIRE_POLICE, Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR]);
export const CLAIM_MINUTES = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const taskTopic = (incidentId: string) => `tasks:${incidentId}`;

/** What a task change tells live subscribers: ids and statuses only, never personal data. */
export interface TaskChange {
  incidentId: string;
  taskId: string;
  personId: string;
  status: string;
  statusVersion: number;
  claimedBy: string | null;
  needsReview: boolean;
  at: string;
  /** Routing fields so each subscriber's filter can apply task scope without a query. */
  poolKey: string;
  assigneeAccountId: string | null;
  municipalityCode: string;
}

/**
 * Safety checks: scope of tasks, recording checks as append-only events with idempotent replay and
 * a deterministic derived status, claims, and the live fan-out of every change.
 */
@Injectable()
export class ChecksService {
  private readonly logger = new Logger(ChecksService.name);
  private readonly lanes = new TaskLanes();

  constructor(
    private readonly ds: DataSource,
    private readonly tasks: TaskRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  scopeOf(actor: Actor): TaskScope {
    return { accountId: actor.accountId, pools: poolsOf(actor), coordinatorOf: COORDINATOR_ROLES.has(actor.role) ? actor.municipalityCodes : [] };
  }

  /** A task the actor may see; NOT_FOUND otherwise (the same answer as a missing id). */
  async visibleTask(actor: Actor, taskId: string): Promise<TaskEntity> {
    if (!UUID.test(taskId)) throw AppException.notFound('Task');
    const t = await this.tasks.findById(taskId);
    if (!t || !(await this.tasks.inScope(t, this.scopeOf(actor)))) throw AppException.notFound('Task');
    return t;
  }

  /**
   * Records a check: one query to read the task, its incident, the care-team scope and any event already
   * stored under the client event id; then, for the usual tick (observed after every earlier event of the
   * task, row not locked elsewhere), one autocommit statement that locks, inserts, applies the status, updates
   * the task and writes the audit row (server PostgreSQL). Anything else — an older observation, a row locked
   * elsewhere, a client id taken concurrently, PGlite — goes through one transaction (row lock + event insert,
   * the status from the stored one or from all events, the task update with its audit row).
   * Checks on one task queue in this process (TaskLanes), so only one of them waits in the database; that
   * wait is bounded as a whole by DB_LOCK_TIMEOUT_MS (lock_timeout alone counts each lock wait, and a second
   * waiter would wait twice: behind the first waiter, then the holder). A wait that runs out answers LOCKED,
   * which clients retry, and so does every check queued behind it. The live update is sent after the commit
   * and not awaited.
   */
  async recordCheck(actor: Actor, input: RecordCheckInput): Promise<CheckResult> {
    const hash = payloadHash(input);
    if (!UUID.test(input.clientEventId)) throw AppException.badInput([{ field: 'input.clientEventId', message: 'must be a UUID' }]);
    if (!UUID.test(input.taskId)) throw AppException.notFound('Task');
    const pre = await this.tasks.checkPreflight(input.taskId, input.clientEventId, actor.accountId);
    if (pre.known) return this.replay(actor, pre.known, hash, pre.task);

    const task = pre.task;
    if (!task) throw AppException.notFound('Task');
    const scope = this.scopeOf(actor);
    const flags: string[] = [];
    if (!(this.inScopeWithoutQuery(task, scope) || pre.careTeam)) {
      // A tick for a task reassigned meanwhile (same group, same municipality) is kept and flagged, not lost.
      const sameGroup = responderGroupOf(actor.role) === task.responderGroup && actor.municipalityCodes.includes(task.municipalityCode);
      if (!sameGroup) throw AppException.notFound('Task');
      flags.push('NOT_ASSIGNED_AT_RECEIPT');
    }
    const problems = this.validate(actor, input);
    if (problems.length) throw AppException.badInput(problems);
    if (pre.incidentStatus !== 'ACTIVE') throw new AppException(ErrorCode.CONFLICT, 'The incident is closed; checks can no longer be recorded');

    const byCoordinator = COORDINATOR_ROLES.has(actor.role);
    const note = input.note?.trim() || null;
    const row = { clientEventId: input.clientEventId, payloadHash: hash, taskId: task.id, incidentId: task.incidentId, personId: task.personId,
      accountId: actor.accountId, byCoordinator, outcome: input.outcome, shelterId: input.shelterId ?? null, note, observedAt: input.observedAt,
      lat: input.lat ?? null, lng: input.lng ?? null, flags };
    const auditEntry = { action: AuditAction.WRITE, dataClass: DataClass.R, personId: task.personId, incidentId: task.incidentId, purpose: Purpose.SAFETY_CHECK, detail: { operation: 'recordCheck', taskId: task.id, outcome: input.outcome, flags } };
    const write = () => this.boundedTransaction(async (m) => {
      const locked = await this.tasks.lockAndInsertEvent(row, m);
      if (!locked.found) throw AppException.notFound('Task');
      if (!locked.event) return null; // the same client event id landed concurrently: answer as a replay below
      const facts: CheckEventFacts = { id: locked.event.id, outcome: input.outcome, observedAt: input.observedAt, receivedAt: locked.event.receivedAt, byCoordinator };
      // Usually the tick is the latest observation and the stored status is enough; otherwise reduce all events.
      let r = applyLaterEvent(locked, facts);
      if (!r) {
        const full = reduceTaskStatus(await this.tasks.eventFactsOf(task.id, m));
        r = { status: full.status, stale: full.staleAfterNeedsHelp.includes(facts.id) };
      }
      const audit = AuditService.insertSql(actor, { ...auditEntry, detail: { ...auditEntry.detail, flags: r.stale ? [...flags, 'STALE_AFTER_NEEDS_HELP'] : flags } }, 5);
      const updated = await this.tasks.saveDerivedWith(task.id, r.status, r.stale || flags.length > 0, input.observedAt, audit, m);
      const event = Object.assign(new CheckEventEntity(), row, { id: locked.event.id, receivedAt: locked.event.receivedAt });
      return { task: updated, event, replayed: false };
    });
    // The usual tick (the latest observation of a task nobody else is writing) in one autocommit statement;
    // anything else in the bounded transaction.
    const fast = async (): Promise<CheckResult | null> => {
      if (isEmbedded(this.ds)) return null;
      try {
        const r = await this.tasks.recordLaterCheck(row, isStrong(input.outcome, byCoordinator), (first, from, detail) => AuditService.insertSql(actor, auditEntry, first, { from, detail }));
        if (!r) return null;
        return { task: r.task, event: Object.assign(new CheckEventEntity(), row, r.event), replayed: false };
      } catch (e) {
        if (isLockTimeout(e)) return null; // locked elsewhere: wait for it, bounded, below
        throw e;
      }
    };
    const result = await this.lanes.run(task.id, async () =>
      (await fast()) ??
      write().catch((e) => {
        throw isLockTimeout(e) ? AppException.locked('This task') : e;
      }),
    );
    if (!result) {
      const again = await this.tasks.checkPreflight(input.taskId, input.clientEventId, actor.accountId);
      return this.replay(actor, again.known!, hash, again.task);
    }
    this.publishAfterCommit(result.task);
    return result;
  }

  /**
   * A transaction whose every lock wait and statement is bounded by DB_LOCK_TIMEOUT_MS (the pool's default
   * statement timeout is far longer), opened with its SET LOCALs in the same round trip. PGlite has one
   * connection and no one to wait for: a plain transaction there.
   */
  private async boundedTransaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (isEmbedded(this.ds)) return this.ds.transaction(fn);
    const ms = Math.trunc(Number(this.config.dbLockTimeoutMs));
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      // No parameters: one simple-protocol message carrying the three statements.
      await qr.query(`BEGIN; SET LOCAL lock_timeout = ${ms}; SET LOCAL statement_timeout = ${ms}`);
      const out = await fn(qr.manager);
      await qr.query('COMMIT');
      return out;
    } catch (e) {
      // Never hand a connection back to the pool inside a transaction (a no-op warning when none is open).
      await qr.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /** The scope rules that need no query (named, pool, coordinator); the care-team rule is read with the task. */
  private inScopeWithoutQuery(t: TaskEntity, s: TaskScope): boolean {
    return t.assigneeAccountId === s.accountId || s.pools.includes(t.poolKey) || s.coordinatorOf.includes(t.municipalityCode);
  }

  private async replay(actor: Actor, known: CheckEventEntity, hash: string, task: TaskEntity | null): Promise<CheckResult> {
    if (known.payloadHash !== hash || known.accountId !== actor.accountId) {
      throw new AppException(ErrorCode.CONFLICT, 'This client event id was already used for a different check', { reason: 'IDEMPOTENCY_KEY_REUSED', clientEventId: known.clientEventId });
    }
    const t = task?.id === known.taskId ? task : await this.tasks.findById(known.taskId);
    return { task: t!, event: known, replayed: true };
  }

  private validate(actor: Actor, input: RecordCheckInput): FieldProblem[] {
    const p: FieldProblem[] = [];
    if (RESTRICTED_OUTCOMES.has(input.outcome) && !RESTRICTED_OUTCOME_ROLES.has(actor.role)) {
      p.push({ field: 'input.outcome', message: `${input.outcome} may be recorded only by municipal coordinators, fire/police or medical responders` });
    }
    if (input.observedAt.getTime() > Date.now() + 5 * 60 * 1000) p.push({ field: 'input.observedAt', message: 'must not be in the future' });
    if (input.observedAt.getTime() < Date.now() - 14 * 24 * 3600 * 1000) p.push({ field: 'input.observedAt', message: 'is more than 14 days old' });
    if ((input.lat == null) !== (input.lng == null)) p.push({ field: 'input.lat', message: 'give both lat and lng, or neither' });
    return p;
  }

  async claim(actor: Actor, taskId: string): Promise<TaskEntity> {
    await this.visibleTask(actor, taskId);
    const { ok, task } = await this.tasks.claim(taskId, actor.accountId, CLAIM_MINUTES);
    if (!ok) throw new AppException(ErrorCode.CONFLICT, 'Someone else is already on this task', { claimedBy: task?.claimedBy, claimedUntil: task?.claimedUntil?.toISOString() });
    await this.publish(task!);
    return task!;
  }

  async release(actor: Actor, taskId: string): Promise<TaskEntity> {
    const t = await this.visibleTask(actor, taskId);
    if (!(await this.tasks.release(taskId, actor.accountId, COORDINATOR_ROLES.has(actor.role)))) {
      throw new AppException(ErrorCode.CONFLICT, 'The claim is not yours', { claimedBy: t.claimedBy });
    }
    const after = (await this.tasks.findById(taskId))!;
    await this.publish(after);
    return after;
  }

  /** A coordinator has looked at the flagged events of a task. */
  async clearReview(actor: Actor, taskId: string): Promise<TaskEntity> {
    if (!COORDINATOR_ROLES.has(actor.role)) throw AppException.forbidden('Only municipal coordinators clear review flags');
    await this.visibleTask(actor, taskId);
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE task SET needs_review = false WHERE id = $1`, [taskId]);
      await this.audit.record(actor, [{ action: AuditAction.REVIEW, detail: { operation: 'clearTaskReview', taskId } }], m);
    });
    const t = (await this.tasks.findById(taskId))!;
    await this.publish(t);
    return t;
  }

  events(actor: Actor, task: TaskEntity): Promise<CheckEventEntity[]> {
    void actor;
    return this.tasks.eventsOf(task.id);
  }

  /** Decisions for the people behind tasks: identity and location (R) and supporters (P). */
  personDecisions(actor: Actor, tasks: TaskEntity[], operation: string): Promise<AccessDecisions> {
    return this.peopleDecisions(actor, tasks.map((t) => t.personId), tasks[0]?.incidentId ?? null, operation);
  }

  peopleDecisions(actor: Actor, personIds: string[], incidentId: string | null, operation: string, classes: DataClass[] = [DataClass.R, DataClass.P]): Promise<AccessDecisions> {
    return this.policy.authorize(actor, personIds, classes, { purpose: Purpose.SAFETY_CHECK, incidentId, operation, auditRosterPerPerson: false });
  }

  /** Sends the live update without holding up the answer; a failure is logged (publish fails fast when Redis is down). */
  publishAfterCommit(t: TaskEntity): void {
    this.publish(t).catch((e) => this.logger.warn(`live update not sent: ${(e as Error).message}`));
  }

  async publish(t: TaskEntity): Promise<void> {
    const change: TaskChange = {
      incidentId: t.incidentId, taskId: t.id, personId: t.personId, status: t.status, statusVersion: t.statusVersion,
      claimedBy: t.claimedBy, needsReview: t.needsReview, at: new Date().toISOString(),
      poolKey: t.poolKey, assigneeAccountId: t.assigneeAccountId, municipalityCode: t.municipalityCode,
    };
    await this.pubsub.publish(taskTopic(t.incidentId), change).catch((e) => this.logger.warn(`live update not sent: ${(e as Error).message}`));
  }
}

/** SHA-256 of what a check says, so a replay can be told from a reuse of the id for something else. */
export function payloadHash(i: RecordCheckInput): string {
  const canonical = JSON.stringify([i.taskId, i.outcome, i.note?.trim() || null, i.observedAt.toISOString(), i.lat ?? null, i.lng ?? null, i.shelterId ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

