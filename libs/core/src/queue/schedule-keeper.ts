import { Logger, OnModuleDestroy } from '@nestjs/common';
import { BullMqJobQueue } from './bullmq-job-queue';
import { JobQueue } from './job-queue';
import { JobName, QueueName } from './queue-names';

export interface ScheduledJob {
  queue: QueueName;
  name: JobName;
  everyMs: number;
}

/** How often the worker registers its job schedulers again (a wiped Redis has none). */
export const RESCHEDULE_INTERVAL_MS = 60_000;

/**
 * Keeps the repeatable jobs registered. Redis holds the job schedulers, so a FLUSHALL or a restart of a
 * Redis without persistence drops them, and with them reconcile, escalation and audit sealing (RELIABILITY
 * R3, bull#1143). The worker therefore upserts every scheduler at start, again each time its producer
 * connection becomes ready after a reconnect, and every `intervalMs`. An upsert of an unchanged scheduler
 * keeps its next run where it was, so repeating it changes nothing while Redis is intact; after a wipe the
 * scheduler is created anew and its job runs at once.
 */
export class ScheduleKeeper implements OnModuleDestroy {
  private readonly logger = new Logger('Schedules');
  private timer: NodeJS.Timeout | null = null;
  private detach: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly jobs: ScheduledJob[],
    private readonly intervalMs = RESCHEDULE_INTERVAL_MS,
  ) {}

  /**
   * Registers every scheduler, then keeps them registered until the app closes. Throws if Redis refuses
   * for `startWithinMs` (each try fails fast, so a slow first connection is retried, not fatal).
   */
  async start(startWithinMs = 15_000): Promise<void> {
    const until = Date.now() + startWithinMs;
    for (;;) {
      try {
        await this.upsertAll();
        break;
      } catch (e) {
        if (Date.now() > until) throw new Error(`job schedulers could not be registered: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.timer = setInterval(() => void this.refresh('timer'), this.intervalMs);
    this.timer.unref();
    if (this.queue instanceof BullMqJobQueue) this.detach = this.queue.onReconnect(() => void this.refresh('reconnect'));
  }

  async upsertAll(): Promise<void> {
    for (const j of this.jobs) await this.queue.schedule(j.queue, j.name, j.everyMs);
  }

  /** One upsert round at a time; a failure (Redis away) is logged once and retried on the next trigger. */
  refresh(why: 'timer' | 'reconnect'): Promise<void> {
    if (this.running) return this.running;
    this.running = this.upsertAll()
      .then(() => {
        if (this.failing || why === 'reconnect') this.logger.log(`job schedulers registered again (${why})`);
        this.failing = false;
      })
      .catch((e: Error) => {
        if (!this.failing) this.logger.warn(`job schedulers not registered (${why}): ${e.message}; retrying on reconnect and every ${this.intervalMs / 1000} s`);
        this.failing = true;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.detach?.();
    this.detach = null;
  }
}
