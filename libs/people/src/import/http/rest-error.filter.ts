import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppException, ErrorCode, httpStatusOf } from '@anpi/core';

const logger = new Logger('REST');

/**
 * Errors of the REST endpoints, shaped like the GraphQL ones: `{ code, message, fields? }` with the
 * matching HTTP status. Anything unexpected is logged and masked as INTERNAL; no stack leaves the server.
 */
@Catch()
export class RestErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof AppException) {
      res.status(httpStatusOf(error.code)).json({ code: error.code, message: error.message, ...error.details });
    } else if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const code = status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.BAD_USER_INPUT;
      res.status(status).json({ code, message: error.message });
    } else {
      logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      res.status(500).json({ code: ErrorCode.INTERNAL, message: 'Internal server error' });
    }
  }
}
