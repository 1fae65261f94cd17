import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../actor';
import { AccountRepository } from '../account.repository';
import { AuthService, IssuedTokens } from '../auth.service';
import { AccountModel, AuthPayloadModel } from './account.model';
import { Public } from './auth.guard';
import { CurrentActor } from './current-actor.decorator';
import { LoginInput, RefreshSessionInput } from './login.input';
import { AppException } from '@anpi/core';
import { ROLES_NEEDING_SECOND_FACTOR } from '../role';

function toPayload(t: IssuedTokens): AuthPayloadModel {
  return {
    accessToken: t.accessToken,
    accessTokenExpiresAt: t.accessTokenExpiresAt,
    refreshToken: t.refreshToken,
    accountId: t.account.id,
    role: t.account.role,
    displayName: t.account.displayName,
  };
}

@Resolver(() => AccountModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountRepository,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Opens a session. The only operation besides refreshSession that needs no token.' })
  async login(@Args('input') input: LoginInput): Promise<AuthPayloadModel> {
    return toPayload(await this.auth.login(input.login, input.password, input.totpCode));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Rotates the refresh token and issues a new access token.' })
  async refreshSession(@Args('input') input: RefreshSessionInput): Promise<AuthPayloadModel> {
    return toPayload(await this.auth.refresh(input.refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Ends this session; its refresh token stops working.' })
  async logout(@CurrentActor() actor: Actor): Promise<boolean> {
    await this.auth.logout(actor);
    return true;
  }

  @Query(() => AccountModel, { description: 'The account of this session.' })
  async me(@CurrentActor() actor: Actor): Promise<AccountModel> {
    const account = await this.accounts.findActiveById(actor.accountId);
    if (!account) throw AppException.unauthenticated();
    const memberships = await this.accounts.membershipsOf(actor.accountId);
    return {
      id: account.id,
      login: account.login,
      displayName: account.displayName,
      role: account.role,
      organisation: account.organisation,
      memberships: memberships.map((m) => ({ municipalityCode: m.municipalityCode, districtCode: m.districtCode })),
      secondFactor: actor.secondFactor,
      totpEnrolled: account.totpSecret !== null,
      secondFactorRecommended: ROLES_NEEDING_SECOND_FACTOR.has(account.role),
      pledgeAcceptedAt: account.pledgeAcceptedAt,
    };
  }
}
