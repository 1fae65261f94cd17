import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, JobQueue, loadConfig } from '@anpi/core';
import { SCHEDULED_JOBS } from '../../api/src/domain';
import { redisProblem } from './redis-check';
import { WorkerModule } from './worker.module';

/** Starts the queue workers (server mode). Exits non-zero with a clear message when it cannot run safely. */
export async function startWorker(config: AppConfig) {
  if (!config.redisUrl) {
    throw new Error('The worker runs only with REDIS_URL set. In embedded mode the API runs jobs in-process.');
  }
  const problem = await redisProblem(config.redisUrl);
  if (problem) throw new Error(problem);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    abortOnError: false,
    logger: ['fatal', 'error', 'warn', ...(config.logLevel === 'log' || config.logLevel === 'debug' ? (['log'] as const) : [])],
  });
  const queue = app.get(JobQueue);
  for (const j of SCHEDULED_JOBS) await queue.schedule(j.queue, j.name, j.everyMs);
  return app;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  }
  try {
    const app = await startWorker(config);
    const logger = new Logger('Worker');
    logger.log('worker started');
    // SIGTERM / Ctrl-C: BullMQ workers finish their current job, then the process exits 0.
    let closing = false;
    const shutdown = () => {
      if (closing) process.exit(1);
      closing = true;
      app.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (e) {
    console.error(`worker not started: ${(e as Error).message}`);
    process.exit(1);
  }
}

if (require.main === module) {
  void main();
}
