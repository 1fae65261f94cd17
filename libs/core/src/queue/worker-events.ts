import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import { Job, MinimalQueue, Worker } from 'bullmq';

/** The events of a BullMQ worker this log listens to (a structural subset, so a test can emit them). */
export interface WorkerEvents {
  readonly name: string;
  on(event: 'stalled', listener: (jobId: string, prev: string) => void): unknown;
  on(event: 'failed', listener: (job: Job | undefined, error: Error, prev: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Looks up a stalled job's name (the event carries only its id); null when Redis no longer has it. */
export type JobNameOf = (jobId: string) => Promise<string | null>;

function nameFromWorker(worker: Worker): JobNameOf {
  return async (jobId) => {
    const job = await Job.fromId(worker as unknown as MinimalQueue, jobId).catch(() => undefined);
    return job?.name ?? null;
  };
}

/**
 * Logs what BullMQ otherwise keeps to itself (RELIABILITY R1/R5: a stalled job must be seen): stalled jobs
 * (a worker lost its lock, e.g. it died or its event loop was blocked, and the job goes back to the queue),
 * failed attempts, and worker connection errors (each distinct one at most once a minute). Job name, id and attempt only: job
 * data holds ids, never personal data, and is not logged either.
 */
export function attachWorkerLog(worker: WorkerEvents, logger: Logger, nameOf: JobNameOf): void {
  worker.on('stalled', (jobId) => {
    void nameOf(jobId)
      .catch(() => null)
      .then((name) => logger.warn(`job stalled on queue ${worker.name}: ${name ?? 'unknown job'} (id ${jobId}); BullMQ runs it again (or fails it if it stalled too often)`));
  });
  worker.on('failed', (job, error) => {
    if (!job) {
      logger.error(`a job failed on queue ${worker.name}: ${error.message}`);
      return;
    }
    const attempts = job.opts?.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    const line = `job failed on queue ${worker.name}: ${job.name} (id ${job.id}), attempt ${job.attemptsMade} of ${attempts}${final ? ', no retry left' : ', will retry'}: ${error.message}`;
    if (final) logger.error(line);
    else logger.warn(line);
  });
  // A dropped connection repeats the same error on every reconnect attempt: each distinct message once a minute.
  const lastLogged = new Map<string, number>();
  worker.on('error', (error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? -Infinity) < 60_000) return;
    lastLogged.set(error.message, now);
    if (lastLogged.size > 100) lastLogged.clear();
    logger.warn(`worker on queue ${worker.name}: ${error.message} (the same error is logged at most once a minute)`);
  });
}

/** Attaches `attachWorkerLog` to every hosted processor's BullMQ worker once Nest has created them. */
export class WorkerEventsLog implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(private readonly hosts: (() => WorkerHost)[]) {}

  onApplicationBootstrap(): void {
    for (const host of this.hosts) {
      const worker = host().worker;
      attachWorkerLog(worker, this.logger, nameFromWorker(worker));
    }
  }
}
