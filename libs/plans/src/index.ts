import { ConsentRecordEntity } from './consent-record.entity';
import { PlanCommentEntity } from './plan-comment.entity';
import { PlanRevisionEntity } from './plan-revision.entity';
import { PlanEntity } from './plan.entity';

export * from './plan.entity';
export * from './plan-revision.entity';
export * from './plan-comment.entity';
export * from './plan-content';
export * from './consent-record.entity';
export * from './shelter-access';
export * from './plan.repository';
export * from './plans.service';
export * from './consents.service';
export * from './plans.module';
export * from './graphql/plan.mapper';

export const PLANS_ENTITIES = [PlanEntity, PlanRevisionEntity, PlanCommentEntity, ConsentRecordEntity];
