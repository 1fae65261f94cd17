import { Extensions, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '../role';

registerEnumType(Role, { name: 'Role', description: 'Role of a personal account (DOMAIN §8.2).' });

@ObjectType('Membership', { description: 'Scope of an account: a municipality, or one district of it.' })
export class MembershipModel {
  @Field({ description: 'JIS municipality code.' })
  municipalityCode!: string;

  @Field(() => String, { nullable: true, description: 'District code for district-scoped members (welfare volunteers).' })
  districtCode!: string | null;
}

@ObjectType('Account', { description: 'A personal account. Accounts are never shared.' })
export class AccountModel {
  @Field(() => ID)
  id!: string;

  @Field()
  login!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: 'Organisation the account acts for.' })
  organisation!: string;

  @Extensions({ maxItems: 20 })
  @Field(() => [MembershipModel])
  memberships!: MembershipModel[];

  @Field({ description: 'Whether this session passed a second factor.' })
  secondFactor!: boolean;

  @Field({ description: 'Whether a TOTP second factor is set up. Roles that may read medical or ACP data need one.' })
  totpEnrolled!: boolean;

  @Field({ description: 'Whether this role needs a second factor to read medical or ACP data.' })
  secondFactorRecommended!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the confidentiality pledge was accepted; personal data stays hidden until then.' })
  pledgeAcceptedAt!: Date | null;
}

@ObjectType('AuthPayload', { description: 'Tokens of a new or refreshed session.' })
export class AuthPayloadModel {
  @Field({ description: 'Short-lived bearer token for the Authorization header.' })
  accessToken!: string;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Single-use token for refreshSession; a reused one ends the session.' })
  refreshToken!: string;

  @Field(() => ID)
  accountId!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  displayName!: string;
}
