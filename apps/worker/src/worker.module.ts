import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, DatabaseModule, JobQueue, PubSubModule, QueueModule, ScheduleKeeper } from '@anpi/core';
import { ALL_ENTITIES, ALL_PROCESSORS, PROCESSOR_IMPORTS, SCHEDULED_JOBS } from '../../api/src/domain';

/**
 * The worker: the database, pub/sub, every queue processor as a BullMQ worker, and the keeper of the
 * repeatable jobs (started by `startWorker`). No HTTP.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        // The API owns migrations; the worker waits for a migrated database rather than racing it.
        DatabaseModule.forRoot(ALL_ENTITIES, { migrate: false }),
        QueueModule.forRoot(config, { processors: ALL_PROCESSORS, imports: PROCESSOR_IMPORTS, hostProcessors: true }),
        PubSubModule.forRoot(config),
      ],
      providers: [{ provide: ScheduleKeeper, inject: [JobQueue], useFactory: (queue: JobQueue) => new ScheduleKeeper(queue, SCHEDULED_JOBS) }],
    };
  }
}
