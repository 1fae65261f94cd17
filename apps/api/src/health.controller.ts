import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobQueue, isEmbedded } from '@anpi/core';

/**
 * `/health`: the process is alive. `/ready`: the database and the queue answer, and the queue's Redis is fit
 * to keep jobs (maxmemory-policy noeviction). Otherwise 503 with the failing part and a `reason`. A Redis
 * without persistence is reported under `warnings` without failing readiness.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly queue: JobQueue,
  ) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const [database, queue] = await Promise.all([
      this.ds
        .query('SELECT 1')
        .then(() => 'up' as const)
        .catch(() => 'down' as const),
      this.queue.health(),
    ]);
    const ok = database === 'up' && queue.state === 'up';
    const reasons = [...(database === 'up' ? [] : ['the database does not answer']), ...(queue.state === 'up' ? [] : [queue.problem ?? `the queue is ${queue.state}`])];
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ready' : 'degraded',
      database,
      queue: queue.state,
      mode: isEmbedded(this.ds) ? 'embedded' : 'server',
      ...(reasons.length ? { reason: reasons.join('; ') } : {}),
      ...(queue.warnings.length ? { warnings: queue.warnings } : {}),
    });
  }
}
