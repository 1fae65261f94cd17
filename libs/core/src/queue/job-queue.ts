import { EnqueueOptions, JobName, JobPayload, QueueName } from './queue-names';

/**
 * The producer interface every lib uses. Backed by BullMQ when REDIS_URL is set, and by an in-process
 * runner of the same processor classes otherwise. Nothing outside libs/core touches a BullMQ `Queue`.
 */
export abstract class JobQueue {
  abstract add(queue: QueueName, name: JobName, data: JobPayload, opts?: EnqueueOptions): Promise<string>;
  /** Runs a job every `everyMs` (one schedule per queue and job name; calling again replaces it). */
  abstract schedule(queue: QueueName, name: JobName, everyMs: number, data?: JobPayload): Promise<void>;
  /** Whether the queue backend answers (for /ready). */
  abstract isReady(): Promise<boolean>;
  /** Resolves when no job is waiting or running (in-process only; BullMQ returns at once). */
  abstract drain(): Promise<void>;
}

const PERSONAL_KEYS = /name|kana|address|phone|birth|note|email/i;

/** Refuses payloads that look like they carry personal data; ids and numbers are all a job needs. */
export function assertIdsOnly(data: JobPayload): void {
  for (const [k, v] of Object.entries(data)) {
    if (PERSONAL_KEYS.test(k)) throw new Error(`job payload key "${k}" looks like personal data; pass ids only`);
    if (typeof v === 'string' && v.length > 200) throw new Error(`job payload value of "${k}" is too long; pass ids only`);
  }
}
