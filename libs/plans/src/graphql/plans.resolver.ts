import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { PersonModel } from '@anpi/people';
import { ConsentsService } from '../consents.service';
import { PlanContent } from '../plan-content';
import { PlansService } from '../plans.service';
import { ConsentRecordModel, RecordConsentInput, toConsentModel } from './consent.graphql';
import { toPlanModel } from './plan.mapper';
import { PlanCommentInput, PlanRevisionRefInput, SavePlanInput } from './plan.input';
import { PlanModel, PlanRevisionModel, ShareRecipientModel } from './plan.model';

@Resolver(() => PlanModel)
export class PlansResolver {
  constructor(
    private readonly plans: PlansService,
    private readonly consentService: ConsentsService,
  ) {}

  @Query(() => PlanModel, { nullable: true, description: "A person's current plan as far as you may see it; null when there is none yet." })
  async plan(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }) personId: string): Promise<PlanModel | null> {
    const v = await this.plans.viewOne(actor, personId);
    return v ? toPlanModel(v) : null;
  }

  @Query(() => [PlanRevisionModel], { description: 'Revisions newest first, with field-level changes and comments.' })
  planRevisions(
    @CurrentActor() actor: Actor,
    @Args('personId', { type: () => ID }) personId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('before', { type: () => Int, nullable: true }) before?: number,
  ): Promise<PlanRevisionModel[]> {
    return this.plans.history(actor, personId, Math.max(1, Math.min(100, first)), before ?? undefined);
  }

  @Query(() => [ShareRecipientModel], { description: 'Whom the plan reaches, when, and on what basis; shown to the person before they agree (49-14(2)).' })
  planSharePreview(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }) personId: string): Promise<ShareRecipientModel[]> {
    return this.plans.sharePreview(actor, personId);
  }

  @Query(() => [ConsentRecordModel], { description: 'Consent decisions of a person, newest first.' })
  async consents(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }) personId: string): Promise<ConsentRecordModel[]> {
    return (await this.consentService.history(actor, personId)).map(toConsentModel);
  }

  @Mutation(() => PlanModel, { description: 'Saves a new revision. A stale baseRevision is refused with CONFLICT (extensions: currentRevision, changedFields).' })
  async savePlan(@CurrentActor() actor: Actor, @Args('input') input: SavePlanInput): Promise<PlanModel> {
    await this.plans.save(actor, input.personId, input.baseRevision, input.content as unknown as PlanContent, input.nextReviewAt, input.comment);
    return toPlanModel((await this.plans.viewOne(actor, input.personId, 'savePlan'))!);
  }

  @Mutation(() => PlanModel, { description: 'Moves a draft to review.' })
  async submitPlanForReview(@CurrentActor() actor: Actor, @Args('input') input: PlanRevisionRefInput): Promise<PlanModel> {
    await this.plans.submitForReview(actor, input.personId, input.revision);
    return toPlanModel((await this.plans.viewOne(actor, input.personId, 'submitPlanForReview'))!);
  }

  @Mutation(() => PlanModel, { description: "Records the person's agreement to a revision; needs their plan-creation consent." })
  async agreePlan(@CurrentActor() actor: Actor, @Args('input') input: PlanRevisionRefInput): Promise<PlanModel> {
    await this.plans.agree(actor, input.personId, input.revision);
    return toPlanModel((await this.plans.viewOne(actor, input.personId, 'agreePlan'))!);
  }

  @Mutation(() => Boolean, { description: 'Comments on a revision.' })
  async addPlanComment(@CurrentActor() actor: Actor, @Args('input') input: PlanCommentInput): Promise<boolean> {
    await this.plans.comment(actor, input.personId, input.revision, input.body);
    return true;
  }

  @Mutation(() => ConsentRecordModel, { description: 'Records a consent decision (immutable; the latest per scope is in force).' })
  async recordConsent(@CurrentActor() actor: Actor, @Args('input') input: RecordConsentInput): Promise<ConsentRecordModel> {
    return toConsentModel(await this.consentService.record(actor, input));
  }
}

/** `Person.plan`: the same access decision as the `plan` query, so no path shows more. */
@Resolver(() => PersonModel)
export class PersonPlanResolver {
  constructor(private readonly plans: PlansService) {}

  @ResolveField(() => PlanModel, { nullable: true, description: "The person's plan as far as you may see it (null when none, or not yours to see)." })
  async plan(@CurrentActor() actor: Actor, @Parent() person: PersonModel): Promise<PlanModel | null> {
    const v = (await this.plans.viewMany(actor, [person.id], 'Person.plan')).get(person.id);
    return v ? toPlanModel(v) : null;
  }
}
