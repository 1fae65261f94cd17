import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CareLevel, HazardFlag, Household, MedicalDependency, RosterStatus, Sex, SupportReason } from '../person.enums';
import { PriorityFactor } from '../priority';

registerEnumType(Sex, { name: 'Sex' });
registerEnumType(CareLevel, { name: 'CareLevel', description: '要介護度: 要支援1–2, 要介護1–5.' });
registerEnumType(Household, { name: 'Household', description: '世帯状況.' });
registerEnumType(SupportReason, { name: 'SupportReason', description: '避難支援等を必要とする事由 (art. 49-10(2)(vi)).' });
registerEnumType(MedicalDependency, { name: 'MedicalDependency', description: '医療的ケア: devices the person depends on.' });
registerEnumType(HazardFlag, { name: 'HazardFlag', description: '居住地ハザード.' });
registerEnumType(RosterStatus, { name: 'RosterStatus', description: '名簿掲載状況.' });
registerEnumType(PriorityFactor, { name: 'PriorityFactor', description: 'Why a person is checked (and planned) earlier.' });

@ObjectType('PriorityFactorPoints')
export class PriorityFactorModel {
  @Field(() => PriorityFactor)
  factor!: PriorityFactor;
}

@ObjectType('Priority', { description: 'Explainable priority: a score (0–100) and the factors that produced it.' })
export class PriorityModel {
  @Field(() => Int)
  score!: number;

  @Field(() => [PriorityFactor])
  factors!: PriorityFactor[];
}

/**
 * A roster entry (避難行動要支援者). Every field here is roster data (class R); plan, device and ACP
 * data are separate types reached through their own access decisions.
 */
@ObjectType('Person')
export class PersonModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: "Id in the municipality's own system." })
  externalId!: string | null;

  @Field()
  municipalityCode!: string;

  @Field(() => String, { nullable: true })
  districtCode!: string | null;

  @Field({ description: '氏名 (49-10(2)(i)).' })
  name!: string;

  @Field({ description: 'ふりがな.' })
  nameKana!: string;

  @Field({ description: '生年月日 YYYY-MM-DD (ii).' })
  birthDate!: string;

  @Field(() => Int)
  age!: number;

  @Field(() => Sex, { description: '性別 (iii).' })
  sex!: Sex;

  @Field({ description: '住所又は居所 (iv).' })
  address!: string;

  @Field(() => String, { nullable: true, description: '電話番号 (v).' })
  phone!: string | null;

  @Field(() => [String])
  otherContacts!: string[];

  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;

  @Field(() => String, { nullable: true })
  locationOverrideReason!: string | null;

  @Field(() => [SupportReason], { description: '避難支援等を必要とする事由 (vi).' })
  supportReasons!: SupportReason[];

  @Field(() => String, { nullable: true })
  supportReasonNote!: string | null;

  @Field(() => [MedicalDependency], { description: 'Devices the person depends on (part of the reason for support); details are in the plan.' })
  medicalDependencies!: MedicalDependency[];

  @Field(() => CareLevel)
  careLevel!: CareLevel;

  @Field(() => Household)
  household!: Household;

  @Field(() => [HazardFlag])
  hazardFlags!: HazardFlag[];

  @Field(() => RosterStatus)
  rosterStatus!: RosterStatus;

  @Field(() => String, { nullable: true })
  rosterExcludedReason!: string | null;

  @Field(() => PriorityModel)
  priority!: PriorityModel;

  @Field(() => String, { nullable: true, description: 'DRAFT, IN_REVIEW, AGREED or REVIEW_DUE; null when there is no plan yet.' })
  planStatus!: string | null;

  @Field(() => Int, { description: 'Version for updatePerson (a stale one is a CONFLICT).' })
  version!: number;

  @Field()
  updatedAt!: Date;
}

@ObjectType('PersonConnection')
export class PersonConnectionModel {
  @Field(() => [PersonModel])
  nodes!: PersonModel[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null at the end.' })
  endCursor!: string | null;
}
