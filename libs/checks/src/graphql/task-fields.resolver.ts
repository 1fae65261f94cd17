import { Context, Extensions, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, DataClass, Decision } from '@anpi/access';
import { PersonModel, toPersonModel } from '@anpi/people';
import { TaskViewService } from '../task-view.service';
import { approximate, TASK_SOURCE, TaskNode } from './task.mapper';
import { ApproximateLocationModel, TaskModel, TaskSupporterModel } from './task.model';

/**
 * The fields of a Task that carry personal data or need another query, resolved only when selected and
 * batched per request. Every one asks the access policy (which audits) before showing anything.
 */
@Resolver(() => TaskModel)
export class TaskFieldsResolver {
  constructor(private readonly views: TaskViewService) {}

  @ResolveField(() => PersonModel, { nullable: true, description: 'The person, when the access policy lets you see them (consent, your care team, or disaster disclosure).' })
  async person(@CurrentActor() actor: Actor, @Parent() node: TaskNode, @Context() ctx: object): Promise<PersonModel | null> {
    const { task, operation } = node[TASK_SOURCE];
    const l = this.views.loader(ctx, actor);
    const [d, p] = await Promise.all([l.decision(task, operation, DataClass.R), l.people.load(task.personId)]);
    return d.decision !== Decision.DENY && p ? toPersonModel(p, null) : null;
  }

  @ResolveField(() => ApproximateLocationModel, { nullable: true, description: 'Only when `person` is hidden: where roughly, to plan a route.' })
  async approximateLocation(@CurrentActor() actor: Actor, @Parent() node: TaskNode, @Context() ctx: object): Promise<ApproximateLocationModel | null> {
    const { task, operation } = node[TASK_SOURCE];
    const l = this.views.loader(ctx, actor);
    const [d, p] = await Promise.all([l.decision(task, operation, DataClass.R), l.people.load(task.personId)]);
    return d.decision === Decision.DENY && p ? { lat: approximate(p.lat), lng: approximate(p.lng) } : null;
  }

  @Extensions({ maxItems: 10 })
  @ResolveField(() => [TaskSupporterModel], { description: 'Named supporters (empty when you may not see the plan).' })
  async supporters(@CurrentActor() actor: Actor, @Parent() node: TaskNode, @Context() ctx: object): Promise<TaskSupporterModel[]> {
    const { task, operation } = node[TASK_SOURCE];
    const l = this.views.loader(ctx, actor);
    const d = await l.decision(task, operation, DataClass.P);
    if (d.decision === Decision.DENY) return [];
    const { supporters, consented } = await l.supporters.load(task.personId);
    return supporters.map((s) => {
      const hidden = d.decision === Decision.REDACT && !consented.has(s.key);
      return { name: hidden ? null : s.name, relation: s.relation, phone: hidden ? null : s.phone };
    });
  }

  @ResolveField(() => String, { nullable: true, description: 'Display name of whoever claimed it.' })
  async claimedByName(@CurrentActor() actor: Actor, @Parent() node: TaskNode, @Context() ctx: object): Promise<string | null> {
    if (!node.claimedBy) return null;
    return this.views.loader(ctx, actor).names.load(node.claimedBy);
  }
}
