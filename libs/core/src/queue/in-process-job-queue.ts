import { Logger } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JobQueue, assertIdsOnly } from './job-queue';
import { EnqueueOptions, JobName, JobPayload, QueueName } from './queue-names';

/**
 * Embedded-mode queue: runs jobs in this process with the very processor classes the worker hosts,
 * one job at a time per queue, retrying failed jobs with backoff like BullMQ would.
 */
export class InProcessJobQueue extends JobQueue {
  private readonly logger = new Logger('InProcessQueue');
  private readonly pending = new Set<Promise<void>>();
  private readonly known = new Set<string>();
  private readonly chains = new Map<QueueName, Promise<void>>();
  private closed = false;

  /**
   * `processorFor` is resolved lazily on the first job, so processors may themselves depend on the
   * queue (e.g. a reconciler that re-enqueues work) without a circular construction.
   */
  constructor(private readonly processorFor: (queue: QueueName) => WorkerHost | undefined) {
    super();
  }

  async add(queue: QueueName, name: JobName, data: JobPayload, opts: EnqueueOptions = {}): Promise<string> {
    assertIdsOnly(data);
    const processor = this.processorFor(queue);
    if (!processor) throw new Error(`no processor registered for queue ${queue}`);
    const id = opts.jobId ?? randomUUID();
    if (this.known.has(`${queue}:${id}`)) return id;
    this.known.add(`${queue}:${id}`);
    const attempts = opts.attempts ?? 5;
    const run = async (): Promise<void> => {
      if (opts.delayMs) await sleep(opts.delayMs);
      for (let attempt = 0; attempt < attempts && !this.closed; attempt++) {
        const job = fakeJob(id, name, data, attempt);
        try {
          await processor.process(job as unknown as Job);
          return;
        } catch (e) {
          this.logger.warn(`${queue}/${name} ${id} attempt ${attempt + 1}/${attempts} failed: ${(e as Error).message}`);
          if (attempt + 1 < attempts) await sleep(Math.min(200 * 2 ** attempt, 5000));
        }
      }
      this.logger.error(`${queue}/${name} ${id} failed after ${attempts} attempts`);
    };
    const prev = this.chains.get(queue) ?? Promise.resolve();
    const next = prev.then(run).finally(() => {
      this.known.delete(`${queue}:${id}`);
      this.pending.delete(next);
    });
    this.chains.set(queue, next);
    this.pending.add(next);
    return id;
  }

  private readonly timers = new Map<string, NodeJS.Timeout>();

  async schedule(queue: QueueName, name: JobName, everyMs: number, data: JobPayload = {}): Promise<void> {
    const key = `${queue}:${name}`;
    clearInterval(this.timers.get(key));
    const timer = setInterval(() => void this.add(queue, name, data, { jobId: `${key}:scheduled` }).catch(() => undefined), everyMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  async isReady(): Promise<boolean> {
    return !this.closed;
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearInterval(t);
    await this.drain();
  }
}

function fakeJob(id: string, name: string, data: JobPayload, attemptsMade: number) {
  return {
    id,
    name,
    data,
    attemptsMade,
    progress: 0 as number | object,
    async updateProgress(p: number | object) {
      this.progress = p;
    },
    async log() {
      return 0;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
