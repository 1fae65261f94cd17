import { ACCESS_ENTITIES, ACCESS_PROCESSORS, AccessModule } from '@anpi/access';
import { ACP_ENTITIES } from '@anpi/acp';
import { CHECKS_ENTITIES, ChecksModule } from '@anpi/checks';
import { INCIDENTS_ENTITIES, INCIDENTS_PROCESSORS, IncidentsModule } from '@anpi/incidents';
import { JobName, QueueName } from '@anpi/core';
import { PEOPLE_ENTITIES } from '@anpi/people';
import { PLANS_ENTITIES } from '@anpi/plans';
import { REGION_ENTITIES } from '@anpi/region';

/**
 * The composition of Anpi's domain, shared by the API, the worker, the CLI and the tests: every entity,
 * every queue processor with the modules that provide what processors inject, and the repeatable jobs.
 */
export const ALL_ENTITIES = [...REGION_ENTITIES, ...ACCESS_ENTITIES, ...PEOPLE_ENTITIES, ...PLANS_ENTITIES, ...ACP_ENTITIES, ...INCIDENTS_ENTITIES, ...CHECKS_ENTITIES];

export const ALL_PROCESSORS = [...ACCESS_PROCESSORS, ...INCIDENTS_PROCESSORS];

export const PROCESSOR_IMPORTS = [AccessModule, ChecksModule, IncidentsModule];

export const SCHEDULED_JOBS: { queue: QueueName; name: JobName; everyMs: number }[] = [
  { queue: QueueName.Maintenance, name: JobName.PurgeExpiredSessions, everyMs: 60 * 60 * 1000 },
  { queue: QueueName.Maintenance, name: JobName.SealAuditLog, everyMs: 60 * 1000 },
  { queue: QueueName.Incidents, name: JobName.EscalateOverdueTasks, everyMs: 60 * 1000 },
  { queue: QueueName.Incidents, name: JobName.ReconcileGeneration, everyMs: 2 * 60 * 1000 },
];
