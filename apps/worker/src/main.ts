import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, ScheduleKeeper, loadConfig, persistenceWarning } from '@anpi/core';
import { inspectRedis } from './redis-check';
import { WorkerModule } from './worker.module';

/** Starts the queue workers (server mode). Exits non-zero with a clear message when it cannot run safely. */
export async function startWorker(config: AppConfig) {
  if (!config.redisUrl) {
    throw new Error('The worker runs only with REDIS_URL set. In embedded mode the API runs jobs in-process.');
  }
  const { problem, fitness } = await inspectRedis(config.redisUrl);
  if (problem) throw new Error(problem);
  const warning = fitness && persistenceWarning(fitness);
  if (warning) new Logger('Worker').warn(warning);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    abortOnError: false,
    logger: ['fatal', 'error', 'warn', ...(config.logLevel === 'log' || config.logLevel === 'debug' ? (['log'] as const) : [])],
  });
  // Registers the repeatable jobs, and again after a reconnect and every minute (a wiped Redis loses them).
  await app.get(ScheduleKeeper).start();
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
