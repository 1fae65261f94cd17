import { Args, ArgsType, Field, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { JSONScalar } from '@anpi/core';
import { Actor } from '../actor';
import { AuditAction } from '../audit/audit-log.entity';
import { AuditLogService } from '../audit/audit-log.service';
import { CurrentActor } from './current-actor.decorator';

@ObjectType('AuditEntry', { description: 'One row of the append-only access log.' })
export class AuditEntryModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Server time.' })
  at!: Date;

  @Field(() => String, { nullable: true })
  accountId!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  organisation!: string | null;

  @Field()
  action!: string;

  @Field(() => String, { nullable: true, description: 'R, P, M, A or E.' })
  dataClass!: string | null;

  @Field(() => String, { nullable: true })
  personId!: string | null;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  incidentId!: string | null;

  @Field()
  breakGlass!: boolean;

  @Field(() => String, { nullable: true })
  decision!: string | null;

  @Field(() => JSONScalar)
  detail!: unknown;

  @Field({ description: 'Linked into the hash chain yet.' })
  sealed!: boolean;
}

@ObjectType('AuditPage')
export class AuditPageModel {
  @Field(() => [AuditEntryModel])
  entries!: AuditEntryModel[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next (older) page.' })
  endCursor!: string | null;
}

@ObjectType('AuditChainStatus', { description: 'Result of recomputing the audit hash chain.' })
export class AuditChainStatusModel {
  @Field(() => Int)
  checked!: number;

  @Field(() => String, { nullable: true, description: 'First row whose hash does not match; null when the chain is intact.' })
  brokenAtId!: string | null;
}

@InputType()
export class AuditFilterInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(Object.values(AuditAction))
  action?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['R', 'P', 'M', 'A', 'E'])
  dataClass?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  breakGlass?: boolean;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilterInput)
  filter?: AuditFilterInput;

  @Field(() => Int, { defaultValue: 100, description: 'Page size, 1–500.' })
  @IsInt()
  @Min(1)
  @Max(500)
  first: number = 100;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a cursor from a previous page' })
  after?: string;
}

@Resolver()
export class AuditResolver {
  constructor(private readonly log: AuditLogService) {}

  @Query(() => AuditPageModel, { description: 'The access log of your municipality, newest first (municipal admins with a second factor).' })
  auditLog(@CurrentActor() actor: Actor, @Args() args: AuditLogArgs): Promise<AuditPageModel> {
    return this.log.page(actor, args.filter ?? {}, args.first, args.after ?? null);
  }

  @Query(() => String, { description: 'The same rows as CSV (UTF-8 with BOM, up to 50,000 rows), watermarked with who exported them and when.' })
  auditLogCsv(@CurrentActor() actor: Actor, @Args('filter', { nullable: true, type: () => AuditFilterInput }) filter: AuditFilterInput | null): Promise<string> {
    return this.log.csv(actor, filter ?? {});
  }

  @Query(() => AuditChainStatusModel, { description: 'Recomputes the audit hash chain and reports the first broken row, if any.' })
  auditChainStatus(@CurrentActor() actor: Actor): Promise<AuditChainStatusModel> {
    return this.log.verify(actor);
  }
}


