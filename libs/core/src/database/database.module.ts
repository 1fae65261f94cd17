import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createDataSource, closeDataSource, runMigrations } from './data-source.factory';

/**
 * Provides the TypeORM `DataSource` for server PostgreSQL (DATABASE_URL) or embedded PGlite.
 * Pending migrations run under an advisory lock at start, in one transaction (a failure leaves the
 * database as it was).
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private static readonly logger = new Logger('Database');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(entities: MixedList<Function | string | EntitySchema>, opts: { migrate: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const ds = await createDataSource(config, entities);
            if (opts.migrate) {
              const applied = await runMigrations(ds);
              if (applied.length) DatabaseModule.logger.log(`applied migrations: ${applied.join(', ')}`);
            }
            return ds;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeDataSource(this.dataSource);
  }
}
