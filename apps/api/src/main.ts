import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppConfig, ConfigError, DEFAULT_DEMO_PASSWORD, JobQueue, loadConfig, repoRoot } from '@anpi/core';
import { DEMO_ACCOUNTS, DemoSeedService } from '@anpi/demo';
import { AppModule } from './app.module';
import { SCHEDULED_JOBS } from './domain';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

export const SCHEMA_FILE = join(repoRoot(), 'apps', 'api', 'schema.gql');

/** The printed schema as committed in apps/api/schema.gql. */
export function printedSchema(app: { get: NestExpressApplication['get'] }): string {
  const { schema } = app.get(GraphQLSchemaHost);
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Builds the Nest application (used by main and by the end-to-end tests). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: LEVELS[config.logLevel],
    bodyParser: true,
    // Startup errors are thrown (and fail the caller) instead of Nest calling process.exit itself.
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: '2mb' });
  app.disable('x-powered-by');
  if (existsSync(join(config.webDir, 'index.html'))) {
    app.useStaticAssets(config.webDir, { index: 'index.html', maxAge: '1h' });
  }
  // Region data always; demo people and accounts only when asked for. In server mode, `cli seed` does this.
  if (!config.databaseUrl || config.demoData) await app.get(DemoSeedService).seed();
  const queue = app.get(JobQueue);
  if (!config.redisUrl) for (const j of SCHEDULED_JOBS) await queue.schedule(j.queue, j.name, j.everyMs);
  await app.init();
  return app;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  }
  const app = await createApp(config);
  if (config.nodeEnv === 'development' || process.argv.includes('--write-schema')) {
    const printed = printedSchema(app);
    if (!existsSync(SCHEMA_FILE) || readFileSync(SCHEMA_FILE, 'utf8') !== printed) writeFileSync(SCHEMA_FILE, printed);
    if (process.argv.includes('--write-schema')) {
      await app.close();
      return;
    }
  }
  await app.listen(config.port);
  const logger = new Logger('Anpi');
  // Ctrl-C / SIGTERM: stop taking requests, finish in-process jobs, close the database (PGlite flushes
  // its folder), then exit 0. A second signal while closing forces the exit.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    logger.log(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      (e) => {
        logger.error(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const url = `http://localhost:${config.port}`;
  logger.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${url} (GraphQL ${url}/graphql)`);
  logger.log(`mode: ${config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) in ${config.pgliteDir}`}, ${config.redisUrl ? 'BullMQ on Redis' : 'in-process queue'}`);
  if (config.demoData) {
    const password = config.demoPassword === DEFAULT_DEMO_PASSWORD ? config.demoPassword : '(your DEMO_PASSWORD)';
    logger.log(`demo logins, password ${password}: ${DEMO_ACCOUNTS.map((a) => a.login).join(', ')}`);
  }
}

if (require.main === module) {
  void main();
}
