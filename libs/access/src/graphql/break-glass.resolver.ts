import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { AppException, PubSub } from '@anpi/core';
import { Actor } from '../actor';
import { BreakGlassAlert, BreakGlassService, breakGlassTopic } from '../break-glass.service';
import { CurrentActor } from './current-actor.decorator';

@InputType()
export class BreakGlassInput {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field({ description: 'Why you need the ACP now (at least 10 characters); the admins read it.' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @Field({ description: 'A fresh one-time code from your authenticator app.' })
  @Matches(/^\d{6}$/, { message: 'totpCode must be six digits' })
  totpCode!: string;
}

@InputType()
export class ReviewBreakGlassInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field()
  @IsString()
  @Length(1, 2000)
  note!: string;
}

@ObjectType('BreakGlassGrant', { description: 'Emergency access to one person\'s ACP, time-limited and reviewed afterwards.' })
export class BreakGlassGrantModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  accountId!: string;

  @Field({ nullable: true })
  login?: string;

  @Field({ nullable: true })
  displayName?: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID, { nullable: true })
  incidentId!: string | null;

  @Field()
  reason!: string;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  reviewedAt!: Date | null;

  @Field(() => String, { nullable: true })
  reviewNote!: string | null;
}

@ObjectType('BreakGlassAlert', { description: 'Someone opened break-glass access in your municipality.' })
export class BreakGlassAlertModel {
  @Field(() => ID)
  grantId!: string;

  @Field(() => ID)
  accountId!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID)
  incidentId!: string;

  @Field()
  at!: string;
}

@Resolver()
export class BreakGlassResolver {
  constructor(
    private readonly breakGlass: BreakGlassService,
    private readonly pubsub: PubSub,
  ) {}

  @Mutation(() => BreakGlassGrantModel, { description: `Opens a person's ACP and emergency summary outside your care team for 60 minutes, in an active incident, with a reason and a fresh code. Admins are alerted.` })
  openBreakGlass(@CurrentActor() actor: Actor, @Args('input') input: BreakGlassInput): Promise<BreakGlassGrantModel> {
    return this.breakGlass.open(actor, input.personId, input.reason, input.totpCode);
  }

  @Query(() => [BreakGlassGrantModel], { description: 'Break-glass grants of your municipality for review (admins).' })
  breakGlassGrants(@CurrentActor() actor: Actor, @Args('unreviewedOnly', { defaultValue: false }) unreviewedOnly: boolean): Promise<BreakGlassGrantModel[]> {
    return this.breakGlass.list(actor, unreviewedOnly);
  }

  @Mutation(() => Boolean, { description: 'Records the review of a break-glass grant.' })
  async reviewBreakGlassGrant(@CurrentActor() actor: Actor, @Args('input') input: ReviewBreakGlassInput): Promise<boolean> {
    await this.breakGlass.review(actor, input.grantId, input.note);
    return true;
  }

  @Subscription(() => BreakGlassAlertModel, {
    description: 'Alerts admins the moment break-glass is opened for a person of their municipality.',
    filter: (_p: BreakGlassAlert, _v: unknown, ctx: { req: { actor?: Actor } }) => ctx.req.actor?.role === 'MUNICIPAL_ADMIN',
    resolve: (payload: BreakGlassAlert) => payload,
  })
  breakGlassOpened(@CurrentActor() actor: Actor, @Args('municipalityCode') municipalityCode: string): AsyncIterableIterator<unknown> {
    if (actor.role !== 'MUNICIPAL_ADMIN' || !actor.municipalityCodes.includes(municipalityCode)) throw AppException.forbidden('Only the admins of this municipality receive break-glass alerts');
    return this.pubsub.subscribe(breakGlassTopic(municipalityCode));
  }
}
