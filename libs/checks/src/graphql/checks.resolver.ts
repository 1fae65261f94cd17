import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Actor, CurrentActor, DataClass } from '@anpi/access';
import { AppException, PubSub } from '@anpi/core';
import { ChecksService, taskTopic, TaskChange } from '../checks.service';
import { ProgressService, progressTopic } from '../progress.service';
import { TaskRepository } from '../task.repository';
import { TaskViewService } from '../task-view.service';
import { TaskStatus } from '../task-status';
import { IncidentMapArgs, RecordCheckInput, TasksArgs } from './checks.inputs';
import { approximate, toCheckEventModel, toTaskNode } from './task.mapper';
import {
  CheckEventModel, CheckResultModel, IncidentMapModel, IncidentProgressModel, TaskChangeModel, TaskConnectionModel, TaskModel,
} from './task.model';

const SEVERITY_TO_STATUS: Record<number, TaskStatus> = {
  9: TaskStatus.NEEDS_HELP, 8: TaskStatus.MISSING, 7: TaskStatus.UNCHECKED, 6: TaskStatus.NOT_REACHABLE, 5: TaskStatus.HOME_NEEDS_SUPPORT,
  4: TaskStatus.HOSPITALISED, 3: TaskStatus.DECEASED, 2: TaskStatus.EVACUATED, 1: TaskStatus.SAFE_AT_HOME,
};

/** Reasons on the map that come from the person's plan (P), not from the incident's own task statuses. */
const PLAN_REASONS = new Set(['DESTINATION_NOT_OPEN', 'NO_WAY_TO_SHELTER']);

@Resolver(() => TaskModel)
export class ChecksResolver {
  constructor(
    private readonly checks: ChecksService,
    private readonly taskRepo: TaskRepository,
    private readonly views: TaskViewService,
    private readonly progress: ProgressService,
    private readonly pubsub: PubSub,
  ) {}

  @Query(() => TaskConnectionModel, { description: 'Tasks you may work on in an incident, highest priority first.' })
  async tasks(@CurrentActor() actor: Actor, @Args() args: TasksArgs): Promise<TaskConnectionModel> {
    const f = args.filter ?? {};
    const [p, id] = args.after ? args.after.split(':') : [];
    const rows = await this.taskRepo.list({
      ...this.checks.scopeOf(actor), incidentId: args.incidentId, first: args.first, mine: f.mine, groups: f.groups, statuses: f.statuses,
      minPriority: f.minPriority, escalated: f.escalated ?? undefined, needsReview: f.needsReview ?? undefined, overdue: f.overdue ?? undefined, after: args.after ? { priority: Number(p), id } : undefined,
    });
    const last = rows[rows.length - 1];
    const now = new Date();
    return { nodes: rows.map((t) => toTaskNode(t, actor.accountId, 'tasks', now) as unknown as TaskModel), endCursor: rows.length === args.first && last ? `${last.priority}:${last.id}` : null };
  }

  @Query(() => TaskConnectionModel, { description: 'My tasks: named to me, claimed by me, or in my pools.' })
  myTasks(@CurrentActor() actor: Actor, @Args() args: TasksArgs): Promise<TaskConnectionModel> {
    return this.tasks(actor, Object.assign(new TasksArgs(), args, { filter: { ...(args.filter ?? {}), mine: true } }));
  }

  @Query(() => TaskModel, { description: 'One task (NOT_FOUND when it is not yours to see).' })
  async task(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<TaskModel> {
    const t = await this.checks.visibleTask(actor, id).catch(() => {
      throw AppException.notFound('Task');
    });
    return toTaskNode(t, actor.accountId, 'task') as unknown as TaskModel;
  }

  @Query(() => [CheckEventModel], { description: 'The check events of a task, in observation order.' })
  async taskEvents(@CurrentActor() actor: Actor, @Args('taskId', { type: () => ID }) taskId: string): Promise<CheckEventModel[]> {
    const t = await this.checks.visibleTask(actor, taskId);
    return (await this.checks.events(actor, t)).map(toCheckEventModel);
  }

  @Mutation(() => CheckResultModel, { description: 'Records a safety check. Idempotent by clientEventId; the same id with another payload is a CONFLICT.' })
  async recordCheck(@CurrentActor() actor: Actor, @Args('input') input: RecordCheckInput): Promise<CheckResultModel> {
    const r = await this.checks.recordCheck(actor, input);
    this.progress.changed(r.task.incidentId);
    return { task: toTaskNode(r.task, actor.accountId, 'recordCheck') as unknown as TaskModel, event: toCheckEventModel(r.event), replayed: r.replayed };
  }

  @Mutation(() => TaskModel, { description: 'Claims a task for 30 minutes so nobody else visits the same house; others see the claim.' })
  async claimTask(@CurrentActor() actor: Actor, @Args('taskId', { type: () => ID }) taskId: string): Promise<TaskModel> {
    const t = await this.checks.claim(actor, taskId);
    return toTaskNode(t, actor.accountId, 'claimTask') as unknown as TaskModel;
  }

  @Mutation(() => TaskModel, { description: 'Releases your claim (coordinators may release anyone\'s).' })
  async releaseTask(@CurrentActor() actor: Actor, @Args('taskId', { type: () => ID }) taskId: string): Promise<TaskModel> {
    const t = await this.checks.release(actor, taskId);
    return toTaskNode(t, actor.accountId, 'releaseTask') as unknown as TaskModel;
  }

  @Mutation(() => TaskModel, { description: 'Coordinator: marks the flagged events of a task as reviewed.' })
  async clearTaskReview(@CurrentActor() actor: Actor, @Args('taskId', { type: () => ID }) taskId: string): Promise<TaskModel> {
    const t = await this.checks.clearReview(actor, taskId);
    return toTaskNode(t, actor.accountId, 'clearTaskReview') as unknown as TaskModel;
  }

  @Query(() => IncidentProgressModel, { description: 'Counts by group, status and municipality (your municipalities).' })
  incidentProgress(@CurrentActor() actor: Actor, @Args('incidentId', { type: () => ID }) incidentId: string): Promise<IncidentProgressModel> {
    return this.progress.progress(incidentId, actor.municipalityCodes);
  }

  @Query(() => IncidentMapModel, { description: 'People of the incident you may see on the map: points when zoomed in, clusters when zoomed out.' })
  async incidentMap(@CurrentActor() actor: Actor, @Args() args: IncidentMapArgs): Promise<IncidentMapModel> {
    const scope = this.checks.scopeOf(actor);
    const filter = args.filter ?? {};
    if (args.zoom < 14 && !args.bbox) {
      const cell = 360 / 2 ** args.zoom / 4;
      const clusters = await this.taskRepo.mapClusters(args.incidentId, scope, cell, filter);
      return {
        mode: 'CLUSTERS', points: [], truncated: false,
        clusters: clusters.map((c) => ({ lat: Number(c.lat), lng: Number(c.lng), count: c.n, worstStatus: SEVERITY_TO_STATUS[c.severity] ?? TaskStatus.UNCHECKED, needsHelp: c.needs_help, unchecked: c.unchecked })),
      };
    }
    const limit = 5000;
    const bbox = args.bbox?.length === 4 ? (args.bbox as [number, number, number, number]) : null;
    const rows = await this.taskRepo.mapPeople(args.incidentId, scope, bbox, limit + 1, filter);
    const shown = rows.slice(0, limit);
    const decisions = await this.checks.peopleDecisions(actor, shown.map((r) => r.person_id), args.incidentId, 'incidentMap');
    return {
      mode: 'POINTS', clusters: [], truncated: rows.length > limit,
      points: shown.map((r) => {
        const visible = decisions.allows(r.person_id, DataClass.R);
        return {
          personId: visible ? r.person_id : null,
          lat: visible ? r.lat : approximate(r.lat),
          lng: visible ? r.lng : approximate(r.lng),
          approximate: !visible,
          status: SEVERITY_TO_STATUS[r.severity] ?? TaskStatus.UNCHECKED,
          priority: r.priority,
          taskIds: r.task_ids,
          cannotReachShelter: r.cannot_reach,
          // The flag is for everyone on the map (DOMAIN §8.4); which plan facts make it (destination, route) are P.
          cannotReachReasons: decisions.allows(r.person_id, DataClass.P) ? r.reasons : r.reasons.filter((x) => !PLAN_REASONS.has(x)),
        };
      }),
    };
  }

  @Subscription(() => TaskChangeModel, {
    description: 'Every change of a task you may see in this incident (ticks, claims, reviews), within a second.',
    filter(this: ChecksResolver, payload: TaskChange, _vars: unknown, ctx: { req: { actor?: Actor } }) {
      const actor = ctx.req.actor;
      if (!actor) return false;
      const scope = this.checks.scopeOf(actor);
      return payload.assigneeAccountId === scope.accountId || scope.pools.includes(payload.poolKey) || scope.coordinatorOf.includes(payload.municipalityCode);
    },
    // The payload's person id stays on the server: subscribers may not be allowed to know who it is.
    // The claimant's display name is looked up here, so the published payload carries no names.
    async resolve(this: ChecksResolver, { personId: _hidden, ...change }: TaskChange) {
      return { ...change, claimedByName: await this.views.claimantName(change.claimedBy) };
    },
  })
  taskChanged(@Args('incidentId', { type: () => ID }) incidentId: string): AsyncIterableIterator<unknown> {
    return this.pubsub.subscribe(taskTopic(incidentId));
  }

  @Subscription(() => IncidentProgressModel, {
    description: 'Progress counts, at most once a second while checks come in.',
    async resolve(this: ChecksResolver, payload: { incidentId: string }, _vars: unknown, ctx: { req: { actor?: Actor } }) {
      return this.progress.progress(payload.incidentId, ctx.req.actor?.municipalityCodes ?? []);
    },
  })
  incidentProgressChanged(@Args('incidentId', { type: () => ID }) incidentId: string): AsyncIterableIterator<unknown> {
    return this.pubsub.subscribe(progressTopic(incidentId));
  }
}
