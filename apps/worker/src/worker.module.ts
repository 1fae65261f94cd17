import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, DatabaseModule, PubSubModule, QueueModule } from '@anpi/core';
import { ALL_ENTITIES, ALL_PROCESSORS, PROCESSOR_IMPORTS } from '../../api/src/domain';

/** The worker: the database, pub/sub, and every queue processor as a BullMQ worker. No HTTP. */
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
    };
  }
}
