import { AccountEntity } from './account.entity';
import { CareTeamMemberEntity } from './care-team-member.entity';
import { MembershipEntity } from './membership.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

export * from './role';
export * from './account.entity';
export * from './membership.entity';
export * from './care-team-member.entity';
export * from './session.entity';
export * from './refresh-token.entity';

export const ACCESS_ENTITIES = [AccountEntity, MembershipEntity, CareTeamMemberEntity, SessionEntity, RefreshTokenEntity];
export * from './actor';
export * from './access.module';
export * from './auth.service';
export * from './account.repository';
export * from './session.repository';
export * from './password.service';
export * from './second-factor.service';
export * from './token.service';
export * from './graphql/auth.guard';
export * from './graphql/current-actor.decorator';
export * from './graphql/account.model';
export * from './jobs/maintenance.processor';
