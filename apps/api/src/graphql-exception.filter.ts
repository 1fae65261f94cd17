import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * GraphQL errors go to Apollo untouched: `formatGraphQLError` gives the client a code and message and
 * logs only unexpected errors (with a correlation id). Without this filter Nest logged every expected
 * client error (bad input, not found, conflicts) as an ERROR with a stack. HTTP errors keep Nest's
 * default handling.
 */
@Catch()
export class GraphQLPassThroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
