import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { AppException, JSONScalar } from '@anpi/core';
import { AcpService } from '../acp.service';
import { toDiscussionModel, toEmergencySummaryModel, toOrderModel, toStanceModel } from './acp.mapper';
import { AcpDiscussionModel, AcpEmergencySummaryModel, AcpStanceModel, PhysicianOrderModel } from './acp.model';
import { AcpDiscussionsArgs, CorrectAcpDiscussionInput, RecordAcpDiscussionInput, RecordPhysicianOrderInput } from './acp.input';

/** A malformed id is answered like a missing one, so ids cannot be probed. */
const personIdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppException.notFound('Person') });

@Resolver()
export class AcpResolver {
  constructor(private readonly acp: AcpService) {}

  @Query(() => [AcpDiscussionModel], {
    description: 'ACP discussion records of a person, newest first, corrections and superseded records included; page with `first` (1–500) and `after` (the `cursor` of the last record). Care team (with the person’s consent), facilitators and the person only.',
  })
  async acpDiscussions(@CurrentActor() actor: Actor, @Args() args: AcpDiscussionsArgs): Promise<AcpDiscussionModel[]> {
    const [heldAt, id] = args.after ? args.after.split('_') : [];
    const page = await this.acp.discussions(actor, args.personId, args.first, args.after ? { heldAt: new Date(heldAt), id } : null);
    return page.nodes.map(toDiscussionModel);
  }

  @Query(() => AcpStanceModel, { description: 'The person’s current stance per topic and how each wish changed (timelines), with the physician orders in force shown apart.' })
  async acpStance(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }, personIdPipe) personId: string): Promise<AcpStanceModel> {
    return toStanceModel(await this.acp.stance(actor, personId));
  }

  @Query(() => AcpEmergencySummaryModel, { description: 'ACP emergency summary (data class E): surrogates, physician orders in force, the wishes that matter in the next hour.' })
  async acpEmergencySummary(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }, personIdPipe) personId: string): Promise<AcpEmergencySummaryModel> {
    return toEmergencySummaryModel(await this.acp.emergencySummary(actor, personId));
  }

  @Query(() => JSONScalar, { description: 'FHIR R4 Bundle (type collection) of the person’s ACP following HL7 PACIO ADI 1.0.0: the PACP Composition with the person’s wishes, and physician orders as PMO ServiceRequests beside it. An audited export.' })
  async acpFhirBundle(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }, personIdPipe) personId: string): Promise<Record<string, unknown>> {
    return this.acp.fhirBundle(actor, personId);
  }

  @Mutation(() => AcpDiscussionModel, { description: 'Records one ACP discussion (人生会議). Facilitators, nurses and doctors in the person’s care team.' })
  async recordAcpDiscussion(@CurrentActor() actor: Actor, @Args('input') input: RecordAcpDiscussionInput): Promise<AcpDiscussionModel> {
    return toDiscussionModel(await this.acp.recordDiscussion(actor, input));
  }

  @Mutation(() => AcpDiscussionModel, { description: 'Corrects a discussion record: a new record pointing at the corrected one, with a reason. Records are never edited.' })
  async correctAcpDiscussion(@CurrentActor() actor: Actor, @Args('input') input: CorrectAcpDiscussionInput): Promise<AcpDiscussionModel> {
    const { correctsId, reason, ...fields } = input;
    return toDiscussionModel(await this.acp.correctDiscussion(actor, correctsId ?? '', reason ?? '', fields));
  }

  @Mutation(() => PhysicianOrderModel, { description: 'Records a physician order (DNAR, treatment scope, artificial nutrition). Home-care doctors in the person’s care team only.' })
  async recordPhysicianOrder(@CurrentActor() actor: Actor, @Args('input') input: RecordPhysicianOrderInput): Promise<PhysicianOrderModel> {
    return toOrderModel(await this.acp.recordPhysicianOrder(actor, input));
  }
}
