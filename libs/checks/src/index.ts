import { CheckEventEntity } from './check-event.entity';
import { TaskEntity } from './task.entity';

export * from './task-status';
export * from './task.entity';
export * from './check-event.entity';
export * from './task.repository';
export * from './task-generation.repository';
export * from './checks.service';
export * from './progress.service';
export * from './checks.module';
export * from './exports/exports.service';
export * from './exports/exports.model';
export * from './exports/pfif';

export const CHECKS_ENTITIES = [TaskEntity, CheckEventEntity];
