import { AccessDecisions, DataClass, Decision } from '@anpi/access';
import { PersonEntity, toPersonModel } from '@anpi/people';
import { CheckEventEntity } from '../check-event.entity';
import { TaskEntity } from '../task.entity';
import { TaskStatus } from '../task-status';
import { CheckEventModel, TaskModel } from './task.model';

export interface TaskContext {
  accountId: string;
  decisions: AccessDecisions;
  people: Map<string, PersonEntity>;
  supporters: Map<string, { key: string; name: string; relation: string; phone: string | null }[]>;
  consentedSupporters: Map<string, Set<string>>;
  names: Map<string, string>;
}

/** Rounds to ~500 m so a hidden person's home cannot be pinpointed. */
export function approximate(v: number): number {
  return Math.round(v * 200) / 200;
}

/** Where a task model's on-demand fields come from: the task row and the operation that returned it (for the audit). */
export const TASK_SOURCE = Symbol('taskSource');

/** A task model whose person, approximateLocation, supporters and claimedByName are resolved on demand. */
export type TaskNode = Omit<TaskModel, 'person' | 'approximateLocation' | 'supporters' | 'claimedByName'> & {
  [TASK_SOURCE]: { task: TaskEntity; operation: string };
};

/** The task's own fields for one actor; personal data is left to the field resolvers (and the policy). */
export function toTaskNode(t: TaskEntity, accountId: string, operation: string, now = new Date()): TaskNode {
  const claimed = t.claimedUntil !== null && t.claimedUntil > now;
  return {
    id: t.id,
    incidentId: t.incidentId,
    responderGroup: t.responderGroup,
    status: t.status as TaskStatus,
    statusVersion: t.statusVersion,
    priority: t.priority,
    priorityFactors: t.priorityFactors,
    dueAt: t.dueAt,
    overdue: t.status === TaskStatus.UNCHECKED && t.dueAt < now,
    escalated: t.escalatedAt !== null,
    assignedToMe: t.assigneeAccountId === accountId,
    inPool: t.assigneeAccountId === null,
    claimedBy: claimed ? t.claimedBy : null,
    claimedUntil: claimed ? t.claimedUntil : null,
    needsReview: t.needsReview,
    eventCount: t.eventCount,
    lastEventAt: t.lastEventAt,
    isDrill: t.isDrill,
    municipalityCode: t.municipalityCode,
    districtCode: t.districtCode,
    [TASK_SOURCE]: { task: t, operation },
  };
}

/** Shapes a task for one actor, applying the policy's decisions for the person (R) and plan (P) (exports: everything at once). */
export function toTaskModel(t: TaskEntity, ctx: TaskContext, now = new Date()): TaskModel {
  const r = ctx.decisions.get(t.personId, DataClass.R);
  const p = ctx.decisions.get(t.personId, DataClass.P);
  const person = ctx.people.get(t.personId);
  const showPerson = r.decision !== Decision.DENY && person;
  const consented = ctx.consentedSupporters.get(t.personId) ?? new Set<string>();
  const { [TASK_SOURCE]: _source, ...own } = toTaskNode(t, ctx.accountId, 'export', now);
  return {
    ...own,
    claimedByName: own.claimedBy ? (ctx.names.get(own.claimedBy) ?? null) : null,
    person: showPerson ? toPersonModel(person, null) : null,
    approximateLocation: !showPerson && person ? { lat: approximate(person.lat), lng: approximate(person.lng) } : null,
    supporters:
      p.decision === Decision.DENY
        ? []
        : (ctx.supporters.get(t.personId) ?? []).map((s) => {
            const hidden = p.decision === Decision.REDACT && !consented.has(s.key);
            return { name: hidden ? null : s.name, relation: s.relation, phone: hidden ? null : s.phone };
          }),
  };
}

export function toCheckEventModel(e: CheckEventEntity): CheckEventModel {
  return {
    id: e.id, clientEventId: e.clientEventId, outcome: e.outcome, note: e.note, shelterId: e.shelterId, observedAt: e.observedAt,
    receivedAt: e.receivedAt, accountId: e.accountId, flags: e.flags,
  };
}
