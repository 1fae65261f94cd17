import { once } from 'node:events';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { JobQueue, QueueHealth, assertIdsOnly } from './job-queue';
import { EnqueueOptions, JobName, JobPayload, QueueName } from './queue-names';
import { evictionProblem, persistenceWarning, readRedisFitness } from './redis-fitness';
import { producerRedisOptions } from './redis-options';

/** How long an enqueue may hold its caller before it is reported as failed (Redis down or unresponsive). */
export const ENQUEUE_TIMEOUT_MS = 2000;
const HEALTH_TIMEOUT_MS = 1000;

/**
 * Server-mode queue: BullMQ on Redis. Completed jobs are kept briefly so a retried add stays a no-op.
 *
 * Producing only: every queue shares one fail-fast connection (no offline queue, bounded commands), so an
 * enqueue during a Redis outage rejects within ~2 s instead of hanging its request until Redis returns.
 * Workers have connections of their own (apps/worker), which wait and reconnect.
 */
export class BullMqJobQueue extends JobQueue {
  private readonly logger = new Logger('JobQueue');
  private readonly producer: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private unreachableSince: number | null = null;

  constructor(url: string, prefix: string, private readonly timeoutMs = ENQUEUE_TIMEOUT_MS) {
    super();
    this.producer = new Redis({ ...producerRedisOptions(url, timeoutMs), lazyConnect: false });
    this.producer.on('error', (e: Error) => {
      if (this.unreachableSince === null) {
        this.unreachableSince = Date.now();
        this.logger.warn(`Redis unreachable for enqueueing (${e.message}); enqueues fail fast until it returns`);
      }
    });
    this.producer.on('ready', () => {
      if (this.unreachableSince !== null) {
        this.logger.warn(`Redis reachable again after ${Math.round((Date.now() - this.unreachableSince) / 1000)} s`);
        this.unreachableSince = null;
      }
    });
    for (const name of Object.values(QueueName)) {
      const q = new Queue(name, { connection: this.producer, prefix });
      q.on('error', () => undefined); // reported once per outage above, not once per reconnect attempt
      this.queues.set(name, q);
    }
  }

  private queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`queue ${name} is not registered`);
    return q;
  }

  async add(queue: QueueName, name: JobName, data: JobPayload, opts: EnqueueOptions = {}): Promise<string> {
    assertIdsOnly(data);
    const q = this.queue(queue);
    const job = await withTimeout(
      q.add(name, data, {
        jobId: opts.jobId,
        delay: opts.delayMs,
        attempts: opts.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      }),
      this.timeoutMs,
      `enqueue ${name}`,
    );
    return job.id ?? '';
  }

  async schedule(queue: QueueName, name: JobName, everyMs: number, data: JobPayload = {}): Promise<void> {
    assertIdsOnly(data);
    const q = this.queue(queue);
    await withTimeout(
      q.upsertJobScheduler(`${name}:every`, { every: everyMs }, { name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } }),
      this.timeoutMs,
      `schedule ${name}`,
    );
  }

  /** Keys of the job schedulers Redis holds for `queue` (they vanish when Redis is wiped). */
  async schedulers(queue: QueueName): Promise<string[]> {
    const list = await withTimeout(this.queue(queue).getJobSchedulers(), this.timeoutMs, 'list job schedulers');
    return list.map((s) => s.key);
  }

  /** Calls `listener` each time the producer connection (re)connects; returns the detach function. */
  onReconnect(listener: () => void): () => void {
    this.producer.on('ready', listener);
    return () => this.producer.off('ready', listener);
  }

  async isReady(): Promise<boolean> {
    const status = this.producer.status;
    // Known to be down (between reconnect attempts): say so at once.
    if (status === 'reconnecting' || status === 'close' || status === 'end') return false;
    try {
      if (status !== 'ready') await withTimeout(once(this.producer, 'ready'), HEALTH_TIMEOUT_MS, 'connect');
      return (await withTimeout(this.producer.ping(), HEALTH_TIMEOUT_MS, 'ping')) === 'PONG';
    } catch {
      return false;
    }
  }

  override async health(): Promise<QueueHealth> {
    if (!(await this.isReady())) return { state: 'down', problem: 'Redis is not reachable', warnings: [] };
    try {
      const fitness = await withTimeout(readRedisFitness(this.producer), HEALTH_TIMEOUT_MS, 'read Redis settings');
      const problem = evictionProblem(fitness);
      const warning = persistenceWarning(fitness);
      return { state: problem ? 'misconfigured' : 'up', problem: problem ?? undefined, warnings: warning ? [warning] : [] };
    } catch (e) {
      return { state: 'down', problem: `Redis did not answer: ${(e as Error).message}`, warnings: [] };
    }
  }

  async drain(): Promise<void> {
    // Jobs run in the worker process; nothing to wait for here.
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.producer.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`Redis unavailable: could not ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
