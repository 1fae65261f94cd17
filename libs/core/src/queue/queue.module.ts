import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BullModule, WorkerHost } from '@nestjs/bullmq';
import { AppConfig } from '../config/app-config';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue } from './job-queue';
import { QueueName } from './queue-names';
import { redisOptionsFromUrl } from './redis-options';
import { WorkerEventsLog } from './worker-events';

const PROCESSOR_METADATA = 'bullmq:processor_metadata';

export function queueNameOf(processor: Type<WorkerHost>): QueueName {
  const meta = Reflect.getMetadata(PROCESSOR_METADATA, processor) as { name?: string } | undefined;
  if (!meta?.name) throw new Error(`${processor.name} has no @Processor(QueueName.…) decorator`);
  return meta.name as QueueName;
}

export interface QueueModuleOptions {
  /** Modules that provide what the processors inject. */
  imports: DynamicModule['imports'];
  /** Processor classes (decorated with @Processor). */
  processors: Type<WorkerHost>[];
  /** Whether this process runs jobs. The API in server mode only produces; the worker runs them. */
  hostProcessors: boolean;
}

/**
 * Provides `JobQueue`. With REDIS_URL: BullMQ queues on one fail-fast producer connection (and, when
 * hosting, the processors as BullMQ workers on connections that wait and reconnect, with their stalled and
 * failed jobs logged). Without: an in-process runner of the same processor classes.
 */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly jobQueue: JobQueue) {}

  static forRoot(config: AppConfig, opts: QueueModuleOptions): DynamicModule {
    const names = Object.values(QueueName);
    if (config.redisUrl) {
      const redisUrl = config.redisUrl;
      const prefix = `${config.redisPrefix}:bull`;
      const jobQueue = { provide: JobQueue, useFactory: () => new BullMqJobQueue(redisUrl, prefix) };
      if (!opts.hostProcessors) return { module: QueueModule, providers: [jobQueue], exports: [JobQueue] };
      // Worker connections: BullMQ needs maxRetriesPerRequest null and they must keep reconnecting (R8).
      const connection = redisOptionsFromUrl(redisUrl);
      return {
        module: QueueModule,
        imports: [
          ...(opts.imports ?? []),
          BullModule.forRoot({ connection, prefix }),
          BullModule.registerQueue(...names.map((name) => ({ name }))),
        ],
        providers: [
          ...opts.processors,
          jobQueue,
          { provide: WorkerEventsLog, inject: [ModuleRef], useFactory: (moduleRef: ModuleRef) => new WorkerEventsLog(opts.processors.map((p) => () => moduleRef.get(p, { strict: false }))) },
        ],
        exports: [JobQueue],
      };
    }
    return {
      module: QueueModule,
      imports: opts.imports,
      providers: [
        ...opts.processors,
        {
          provide: JobQueue,
          inject: [ModuleRef],
          useFactory: (moduleRef: ModuleRef) => {
            const byQueue = new Map(opts.processors.map((p) => [queueNameOf(p), p]));
            return new InProcessJobQueue((queue) => {
              const cls = byQueue.get(queue);
              return cls ? moduleRef.get(cls, { strict: false }) : undefined;
            });
          },
        },
      ],
      exports: [JobQueue],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.jobQueue instanceof InProcessJobQueue || this.jobQueue instanceof BullMqJobQueue) await this.jobQueue.close();
  }
}
