import { ACCESS_ENTITIES, ACCESS_PROCESSORS, AccessModule } from '@anpi/access';
import { JobName, QueueName } from '@anpi/core';
import { PEOPLE_ENTITIES } from '@anpi/people';
import { PLANS_ENTITIES } from '@anpi/plans';
import { REGION_ENTITIES } from '@anpi/region';

/**
 * The composition of Anpi's domain, shared by the API, the worker, the CLI and the tests: every entity,
 * every queue processor with the modules that provide what processors inject, and the repeatable jobs.
 */
export const ALL_ENTITIES = [...REGION_ENTITIES, ...ACCESS_ENTITIES, ...PEOPLE_ENTITIES, ...PLANS_ENTITIES];

export const ALL_PROCESSORS = [...ACCESS_PROCESSORS];

export const PROCESSOR_IMPORTS = [AccessModule];

export const SCHEDULED_JOBS: { queue: QueueName; name: JobName; everyMs: number }[] = [
  { queue: QueueName.Maintenance, name: JobName.PurgeExpiredSessions, everyMs: 60 * 60 * 1000 },
  { queue: QueueName.Maintenance, name: JobName.SealAuditLog, everyMs: 60 * 1000 },
];
