import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConsentDecision, ConsentMethod, ConsentRecordEntity, ConsentScope } from '../consent-record.entity';

registerEnumType(ConsentScope, { name: 'ConsentScope', description: 'What a consent decision covers (DOMAIN §7.2).' });
registerEnumType(ConsentDecision, { name: 'ConsentDecision' });
registerEnumType(ConsentMethod, { name: 'ConsentMethod', description: '書面 / 口頭 / 電子.' });

@ObjectType('ConsentRecord', { description: 'One immutable consent decision.' })
export class ConsentRecordModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ConsentScope)
  scope!: ConsentScope;

  @Field(() => String, { nullable: true })
  supporterKey!: string | null;

  @Field(() => ConsentDecision)
  decision!: ConsentDecision;

  @Field()
  legalBasis!: string;

  @Field(() => [String])
  recipientsAllowed!: string[];

  @Field()
  explainedItems!: string;

  @Field(() => ID)
  obtainedBy!: string;

  @Field()
  obtainedAt!: Date;

  @Field(() => ConsentMethod)
  method!: ConsentMethod;

  @Field()
  signerRelation!: string;

  @Field()
  recordedAt!: Date;
}

export function toConsentModel(c: ConsentRecordEntity): ConsentRecordModel {
  return {
    id: c.id, scope: c.scope, supporterKey: c.supporterKey, decision: c.decision, legalBasis: c.legalBasis, recipientsAllowed: c.recipientsAllowed,
    explainedItems: c.explainedItems, obtainedBy: c.obtainedBy, obtainedAt: c.obtainedAt, method: c.method, signerRelation: c.signerRelation, recordedAt: c.recordedAt,
  };
}

@InputType({ description: 'A consent decision, as obtained (withdrawal = a new record with decision WITHDRAWN).' })
export class RecordConsentInput {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => ConsentScope)
  @IsEnum(ConsentScope)
  scope!: ConsentScope;

  @Field(() => ConsentDecision)
  @IsEnum(ConsentDecision)
  decision!: ConsentDecision;

  @Field({ description: 'explicit_consent, ordinance_presumed, ordinance_optout or ordinance_no_consent.' })
  @IsIn(['explicit_consent', 'ordinance_presumed', 'ordinance_optout', 'ordinance_no_consent'])
  legalBasis!: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  recipientsAllowed: string[] = [];

  @Field({ description: 'The explanation shown, with its version (49-14(2)).' })
  @IsString()
  @MaxLength(4000)
  explainedItems!: string;

  @Field(() => ConsentMethod)
  @IsEnum(ConsentMethod)
  method!: ConsentMethod;

  @Field({ description: '本人, 代理人(続柄) or 成年後見人.' })
  @IsString()
  @MaxLength(50)
  signerRelation!: string;

  @Field()
  @Type(() => Date)
  @IsDate()
  obtainedAt!: Date;

  @Field(() => String, { nullable: true, description: "For SUPPORTER_PLAN_SHARE: the supporter's key in the plan." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  supporterKey?: string | null;
}
