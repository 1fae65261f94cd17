/** Every queue of Anpi. One processor class per queue, hosted by apps/worker (or in-process when embedded). */
export enum QueueName {
  Maintenance = 'maintenance',
  Incidents = 'incidents',
}

/** Job names, one per job file. Payloads carry ids and numbers only — never personal data (RELIABILITY R7). */
export enum JobName {
  PurgeExpiredSessions = 'PurgeExpiredSessions',
  SealAuditLog = 'SealAuditLog',
  GenerateTasks = 'GenerateTasks',
  EscalateOverdueTasks = 'EscalateOverdueTasks',
  ReconcileGeneration = 'ReconcileGeneration',
}

export type JobPayload = Record<string, string | number | boolean | null>;

export interface EnqueueOptions {
  /** A deterministic id makes a second add of the same job a no-op while the first is known. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}
