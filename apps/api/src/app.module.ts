import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessModule, AuthGuard } from '@anpi/access';
import { AppConfig, AppValidationPipe, ConfigModule, DatabaseModule, PubSubModule, QueueModule } from '@anpi/core';
import { DemoModule } from '@anpi/demo';
import { PeopleModule } from '@anpi/people';
import { PlansModule } from '@anpi/plans';
import { RegionModule } from '@anpi/region';
import { ALL_ENTITIES, ALL_PROCESSORS, PROCESSOR_IMPORTS } from './domain';
import { formatGraphQLError } from './graphql-errors';
import { GRAPHQL_PARSE_OPTIONS, graphqlLimitsPlugin, queryLimitRules } from './graphql-limits';
import { HealthController } from './health.controller';

/**
 * The API: composition only. Embedded mode (no REDIS_URL) also hosts the queue processors in-process;
 * in server mode apps/worker runs them.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(ALL_ENTITIES, { migrate: true }),
        QueueModule.forRoot(config, { processors: ALL_PROCESSORS, imports: PROCESSOR_IMPORTS, hostProcessors: !config.redisUrl }),
        PubSubModule.forRoot(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: config.graphqlIntrospection,
          playground: false,
          csrfPrevention: true,
          allowBatchedHttpRequests: false,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          validationRules: queryLimitRules(),
          parseOptions: GRAPHQL_PARSE_OPTIONS,
          plugins: [graphqlLimitsPlugin()],
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
        AccessModule,
        RegionModule,
        PeopleModule,
        PlansModule,
        DemoModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: AppValidationPipe },
      ],
    };
  }
}
