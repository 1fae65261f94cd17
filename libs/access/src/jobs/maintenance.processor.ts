import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '@anpi/core';
import { SessionRepository } from '../session.repository';

/** Sessions that ended more than this many days ago are deleted with their refresh tokens. */
export const SESSION_PURGE_GRACE_DAYS = 7;

/** Housekeeping jobs. Thin: parse, call a repository, log start, end and duration. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly sessions: SessionRepository) {
    super();
  }

  async process(job: Job): Promise<{ purged: number }> {
    const t0 = Date.now();
    switch (job.name as JobName) {
      case JobName.PurgeExpiredSessions: {
        const purged = await this.sessions.purgeEnded(SESSION_PURGE_GRACE_DAYS);
        this.logger.log(`${job.name} ${job.id}: purged ${purged} sessions in ${Date.now() - t0} ms`);
        return { purged };
      }
      default:
        throw new Error(`unknown job ${job.name} on queue ${QueueName.Maintenance}`);
    }
  }
}
