import type { Queue } from 'bullmq';
import { JobQueue, assertIdsOnly } from './job-queue';
import { EnqueueOptions, JobName, JobPayload, QueueName } from './queue-names';

/** Server-mode queue: BullMQ on Redis. Completed jobs are kept briefly so a retried add stays a no-op. */
export class BullMqJobQueue extends JobQueue {
  constructor(private readonly queues: Map<QueueName, Queue>) {
    super();
  }

  async add(queue: QueueName, name: JobName, data: JobPayload, opts: EnqueueOptions = {}): Promise<string> {
    assertIdsOnly(data);
    const q = this.queues.get(queue);
    if (!q) throw new Error(`queue ${queue} is not registered`);
    const job = await q.add(name, data, {
      jobId: opts.jobId,
      delay: opts.delayMs,
      attempts: opts.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return job.id ?? '';
  }

  async schedule(queue: QueueName, name: JobName, everyMs: number, data: JobPayload = {}): Promise<void> {
    assertIdsOnly(data);
    const q = this.queues.get(queue);
    if (!q) throw new Error(`queue ${queue} is not registered`);
    await q.upsertJobScheduler(`${name}:every`, { every: everyMs }, { name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  }

  async isReady(): Promise<boolean> {
    try {
      const queue = [...this.queues.values()][0];
      if (!queue) return true;
      const client = (await queue.client) as unknown as { ping(): Promise<string> };
      const pong = await withTimeout(client.ping(), 1000);
      return pong === 'PONG';
    } catch {
      return false;
    }
  }

  async drain(): Promise<void> {
    // Jobs run in the worker process; nothing to wait for here.
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
}
