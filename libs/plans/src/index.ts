import { PlanRevisionEntity } from './plan-revision.entity';
import { PlanEntity } from './plan.entity';

export * from './plan.entity';
export * from './plan-revision.entity';
export * from './plan-content';

export const PLANS_ENTITIES = [PlanEntity, PlanRevisionEntity];
