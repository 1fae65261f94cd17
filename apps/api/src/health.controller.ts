import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobQueue, isEmbedded } from '@anpi/core';

/** `/health`: the process is alive. `/ready`: the database and the queue answer (503 with details if not). */
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
    const database = await this.ds
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const queue = (await this.queue.isReady()) ? 'up' : 'down';
    const ok = database === 'up' && queue === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ready' : 'degraded',
      database,
      queue,
      mode: isEmbedded(this.ds) ? 'embedded' : 'server',
    });
  }
}
