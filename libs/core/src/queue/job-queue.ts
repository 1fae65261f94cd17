import { EnqueueOptions, JobName, JobPayload, QueueName } from './queue-names';

/** The queue backend as /ready reports it. */
export interface QueueHealth {
  /** up; down (does not answer); misconfigured (answers, but may lose jobs: an evicting Redis). */
  state: 'up' | 'down' | 'misconfigured';
  /** What is wrong, when not up. */
  problem?: string;
  /** Not failing, but worth an operator's attention (e.g. a Redis without persistence). */
  warnings: string[];
}

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
  /** Whether the backend answers and is fit to keep jobs (for /ready). */
  async health(): Promise<QueueHealth> {
    return (await this.isReady()) ? { state: 'up', warnings: [] } : { state: 'down', problem: 'the queue does not answer', warnings: [] };
  }
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
