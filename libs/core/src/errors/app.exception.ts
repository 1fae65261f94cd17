/**
 * Every error a client may see carries one of these codes. The GraphQL error filter maps each code
 * (exhaustively) to an HTTP-ish status and a message; anything else is masked as INTERNAL.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The row is held by another transaction longer than the lock timeout: retry shortly (RELIABILITY C4). */
  LOCKED = 'LOCKED',
  SECOND_FACTOR_REQUIRED = 'SECOND_FACTOR_REQUIRED',
  INTERNAL = 'INTERNAL',
}

export interface FieldProblem {
  /** Dotted path of the input field, e.g. `input.supporters.0.phone`. */
  field: string;
  message: string;
}

export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppException';
  }

  static badInput(fields: FieldProblem[]): AppException {
    const msg = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new AppException(ErrorCode.BAD_USER_INPUT, msg, { fields });
  }

  static notFound(what: string): AppException {
    return new AppException(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static unauthenticated(message = 'Authentication required'): AppException {
    return new AppException(ErrorCode.UNAUTHENTICATED, message);
  }

  static forbidden(message = 'Not allowed'): AppException {
    return new AppException(ErrorCode.FORBIDDEN, message);
  }

  static locked(what: string): AppException {
    return new AppException(ErrorCode.LOCKED, `${what} is busy (locked by another change); nothing was saved — try again in a few seconds`, { retryable: true });
  }
}

/** SQLSTATEs of a lock wait or statement cut short by lock_timeout / statement_timeout. */
const LOCK_SQLSTATES = new Set(['55P03', '57014']);

/** Whether a database error is a bounded lock or statement wait giving up (lock_not_available, query_canceled). */
export function isLockTimeout(e: unknown): boolean {
  const code = (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && LOCK_SQLSTATES.has(code);
}

/** The HTTP status that matches a code, used for REST endpoints and for logging. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.SECOND_FACTOR_REQUIRED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.BAD_USER_INPUT:
      return 400;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.LOCKED:
      return 423;
    case ErrorCode.INTERNAL:
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
