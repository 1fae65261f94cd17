import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '@anpi/core';
import { DestinationType } from '../plan-content';
import { ShelterAccess } from '../shelter-access';

registerEnumType(DestinationType, { name: 'DestinationType', description: '避難先の種類.' });
registerEnumType(ShelterAccess, { name: 'ShelterAccess', description: 'Whether the person can reach their destination, derived from the plan.' });

@ObjectType('Supporter', { description: '避難支援等実施者. Without the supporter\'s own consent, recipients outside the team see only the relation.' })
export class SupporterModel {
  @Field()
  key!: string;

  @Field(() => String, { nullable: true, description: 'Null when redacted.' })
  name!: string | null;

  @Field()
  relation!: string;

  @Field()
  responderGroup!: string;

  @Field(() => String, { nullable: true, description: 'Null when redacted.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Null when redacted.' })
  address!: string | null;

  @Field(() => String, { nullable: true })
  accountId!: string | null;

  @Field()
  availableDay!: boolean;

  @Field()
  availableNight!: boolean;

  @Field({ description: "True when the supporter's details are hidden for lack of their consent (49-15(2))." })
  redacted!: boolean;
}

@ObjectType('Destination')
export class DestinationModel {
  @Field(() => DestinationType)
  type!: DestinationType;

  @Field(() => String, { nullable: true })
  shelterId!: string | null;

  @Field()
  name!: string;

  @Field()
  preArranged!: boolean;
}

@ObjectType('PlanRoute')
export class PlanRouteModel {
  @Field(() => JSONScalar, { description: 'GeoJSON LineString.' })
  geometry!: unknown;

  @Field()
  description!: string;
}

@ObjectType('EmergencyContact')
export class EmergencyContactModel {
  @Field()
  name!: string;

  @Field()
  relation!: string;

  @Field()
  phone!: string;
}

@ObjectType('CareProfessional')
export class CareProfessionalModel {
  @Field()
  role!: string;

  @Field()
  name!: string;

  @Field()
  organisation!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  accountId!: string | null;
}

@ObjectType('MedicalDevice', { description: 'Medical-device plan (class M).' })
export class MedicalDeviceModel {
  @Field()
  device!: string;

  @Field()
  settingsSummary!: string;

  @Field(() => Float)
  internalBatteryHours!: number;

  @Field(() => [Float])
  externalBatteryHours!: number[];

  @Field(() => String, { nullable: true })
  backupPower!: string | null;

  @Field(() => String, { nullable: true })
  oxygenSupplier!: string | null;

  @Field(() => Boolean, { nullable: true })
  powerCompanyRegistered!: boolean | null;
}

@ObjectType('DeviceSummary', { description: 'What a role without device access may know: whether the person is on life support.' })
export class DeviceSummaryModel {
  @Field()
  onLifeSupport!: boolean;

  @Field(() => [String])
  devices!: string[];
}

@ObjectType('Plan', { description: '個別避難計画: the current revision of a person\'s plan, as far as you may see it.' })
export class PlanModel {
  @Field(() => ID)
  personId!: string;

  @Field(() => Int)
  revision!: number;

  @Field({ description: 'DRAFT, IN_REVIEW, AGREED, or REVIEW_DUE (agreed, past its review date).' })
  status!: string;

  @Field(() => String, { nullable: true })
  nextReviewAt!: string | null;

  @Field(() => Date, { nullable: true })
  agreedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  agreedRevision!: number | null;

  @Field()
  updatedAt!: Date;

  @Extensions({ maxItems: 10 })
  @Field(() => [SupporterModel])
  supporters!: SupporterModel[];

  @Field(() => DestinationModel, { nullable: true })
  destination!: DestinationModel | null;

  @Extensions({ maxItems: 5 })
  @Field(() => [PlanRouteModel])
  routes!: PlanRouteModel[];

  @Field(() => String, { nullable: true })
  evacuationTrigger!: string | null;

  @Field(() => String, { nullable: true })
  transport!: string | null;

  @Field(() => String, { nullable: true })
  careNotes!: string | null;

  @Extensions({ maxItems: 10 })
  @Field(() => [EmergencyContactModel])
  emergencyContacts!: EmergencyContactModel[];

  @Extensions({ maxItems: 10 })
  @Field(() => [CareProfessionalModel])
  careProfessionals!: CareProfessionalModel[];

  @Field(() => String, { nullable: true })
  thingsToBring!: string | null;

  @Field(() => ShelterAccess)
  shelterAccess!: ShelterAccess;

  @Extensions({ maxItems: 10 })
  @Field(() => [MedicalDeviceModel], { nullable: true, description: 'Null when you may not see device details (then see deviceSummary).' })
  medicalDevices!: MedicalDeviceModel[] | null;

  @Field(() => Float, { nullable: true, description: 'internal + Σ external battery hours of the device that runs out first (class M).' })
  backupRuntimeHours!: number | null;

  @Field(() => DeviceSummaryModel, { nullable: true, description: 'Device types only, for roles that get a summary.' })
  deviceSummary!: DeviceSummaryModel | null;
}

@ObjectType('AccountRef', { description: 'Who did something (display name, role, organisation).' })
export class AccountRefModel {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field()
  role!: string;

  @Field()
  organisation!: string;
}

@ObjectType('FieldChange', { description: 'One changed field between a revision and the one before it.' })
export class FieldChangeModel {
  @Field()
  field!: string;

  @Field(() => JSONScalar, { nullable: true })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true })
  after!: unknown;
}

@ObjectType('PlanComment')
export class PlanCommentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => AccountRefModel)
  author!: AccountRefModel;

  @Field()
  body!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType('PlanRevision', { description: 'One immutable save of a plan.' })
export class PlanRevisionModel {
  @Field(() => Int)
  revision!: number;

  @Field(() => AccountRefModel)
  author!: AccountRefModel;

  @Field()
  createdAt!: Date;

  @Field(() => [String])
  changedFields!: string[];

  @Extensions({ maxItems: 10 })
  @Field(() => [FieldChangeModel], { description: 'Field-level diff against the previous revision (device fields only if you may see them).' })
  changes!: FieldChangeModel[];

  @Extensions({ maxItems: 50 })
  @Field(() => [PlanCommentModel])
  comments!: PlanCommentModel[];
}

@ObjectType('ShareRecipient', { description: 'Who receives plan data, when, and on what basis (shown before agreeing, 49-14(2)).' })
export class ShareRecipientModel {
  @Field({ description: 'A role, e.g. WELFARE_VOLUNTEER, or CARE_TEAM.' })
  recipient!: string;

  @Field({ description: 'NORMAL_TIMES or DISASTER.' })
  when!: string;

  @Field({ description: 'Why: consent given, ordinance, care team, disaster provision (49-15(3)).' })
  basis!: string;
}
