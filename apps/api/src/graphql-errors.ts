import { HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';
import { AppException, ErrorCode, isLockTimeout } from '@anpi/core';

const logger = new Logger('GraphQL');

/** Codes Apollo itself assigns to malformed requests; their messages are safe to show. */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

function httpCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.BAD_USER_INPUT;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 409:
      return ErrorCode.CONFLICT;
    case 429:
      return ErrorCode.RATE_LIMITED;
    default:
      return ErrorCode.INTERNAL;
  }
}

/** Removes "Did you mean …?" hints, which would let a caller map the schema without introspection. */
function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean .*\?$/s, '');
}

/**
 * The one place errors become client-visible: a code, a message and, for bad input, the field paths.
 * Anything unexpected is logged here and masked as INTERNAL; no stack trace ever leaves the server.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const path = formatted.path;
  if (original instanceof AppException) {
    const { fields, ...rest } = original.details;
    return { message: original.message, path, extensions: { code: original.code, ...(fields ? { fields } : {}), ...rest } };
  }
  if (original instanceof HttpException) {
    const code = httpCode(original.getStatus());
    return { message: code === ErrorCode.INTERNAL ? 'Internal server error' : original.message, path, extensions: { code } };
  }
  if (isLockTimeout(original)) {
    // A row held by another transaction past lock_timeout / statement_timeout: nothing was written, and
    // trying again shortly is right (RELIABILITY C4). Services map their own; this catches the rest.
    logger.warn(`lock or statement timeout: ${(original as Error).message}`);
    return { message: 'The data is busy (locked by another change); nothing was saved — try again in a few seconds', path, extensions: { code: ErrorCode.LOCKED, retryable: true } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { message: withoutSuggestions(formatted.message), locations: formatted.locations, path, extensions: { code } };
  }
  // The client gets a correlation id; the log holds the full error under it (RELIABILITY S4).
  const correlationId = randomUUID();
  logger.error(`[${correlationId}] ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return { message: 'Internal server error', path, extensions: { code: ErrorCode.INTERNAL, correlationId } };
}
