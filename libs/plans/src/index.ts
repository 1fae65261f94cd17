import { PlanRevisionEntity } from './plan-revision.entity';
import { PlanEntity } from './plan.entity';
import { ConsentRecordEntity } from './consent-record.entity';

export * from './plan.entity';
export * from './plan-revision.entity';
export * from './plan-content';
export * from './consent-record.entity';

export const PLANS_ENTITIES = [PlanEntity, PlanRevisionEntity, ConsentRecordEntity];
