import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DocumentNode, GraphQLSchema, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate } from 'graphql';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessModule, AuthGuard } from '@anpi/access';
import { AcpModule } from '@anpi/acp';
import { AppConfig, AppValidationPipe, ConfigModule, DatabaseModule, PubSubModule, QueueModule } from '@anpi/core';
import { DemoModule } from '@anpi/demo';
import { PeopleModule } from '@anpi/people';
import { PlansModule } from '@anpi/plans';
import { ChecksModule } from '@anpi/checks';
import { IncidentsModule } from '@anpi/incidents';
import { RegionModule } from '@anpi/region';
import { ALL_ENTITIES, ALL_PROCESSORS, PROCESSOR_IMPORTS } from './domain';
import { formatGraphQLError } from './graphql-errors';
import { GraphQLPassThroughFilter } from './graphql-exception.filter';
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
          // HTTP: the request. graphql-ws: a request-like object carrying the token from connectionParams,
          // so the same AuthGuard authenticates subscriptions.
          context: (arg: { req?: unknown; connectionParams?: { authorization?: string } }) =>
            arg.req ? { req: arg.req } : { req: { headers: { authorization: arg.connectionParams?.authorization } } },
          subscriptions: {
            // Nest's type omits graphql-ws's `parse` and `validate`, but passes every option through to
            // useServer: subscriptions get the same parse limits and validation rules as HTTP operations.
            'graphql-ws': {
              path: '/graphql',
              parse: (source: string) => parse(source, GRAPHQL_PARSE_OPTIONS),
              validate: (schema: GraphQLSchema, document: DocumentNode) =>
                validate(schema, document, [...specifiedRules, ...queryLimitRules(), ...(config.graphqlIntrospection ? [] : [NoSchemaIntrospectionCustomRule])]),
            } as never,
          },
        }),
        AccessModule,
        RegionModule,
        PeopleModule,
        PlansModule,
        ChecksModule,
        IncidentsModule,
        DemoModule,
        AcpModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLPassThroughFilter },
      ],
    };
  }
}
