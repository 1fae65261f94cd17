import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '@anpi/core';
import { AuditRepository } from '../audit/audit.repository';
import { SessionRepository } from '../session.repository';

/** Sessions that ended more than this many days ago are deleted with their refresh tokens. */
export const SESSION_PURGE_GRACE_DAYS = 7;

/** Housekeeping jobs. Thin: parse, call a repository, log start, end and duration. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
  ) {
    super();
  }

  async process(job: Job): Promise<{ purged?: number; sealed?: number }> {
    const t0 = Date.now();
    switch (job.name as JobName) {
      case JobName.PurgeExpiredSessions: {
        const purged = await this.sessions.purgeEnded(SESSION_PURGE_GRACE_DAYS);
        this.logger.log(`${job.name} ${job.id}: purged ${purged} sessions in ${Date.now() - t0} ms`);
        return { purged };
      }
      case JobName.SealAuditLog: {
        let sealed = 0;
        for (let n = -1; n !== 0; ) sealed += n = await this.audit.seal();
        if (sealed) this.logger.log(`${job.name} ${job.id}: sealed ${sealed} audit rows in ${Date.now() - t0} ms`);
        return { sealed };
      }
      default:
        throw new Error(`unknown job ${job.name} on queue ${QueueName.Maintenance}`);
    }
  }
}
