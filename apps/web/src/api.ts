/**
 * The GraphQL client: `fetch` POST to /graphql with JSON. Errors always become an `ApiError` with a code
 * (the server's `extensions.code`, or NETWORK / HTTP_<status> when the server could not answer).
 */

export interface FieldProblem {
  field: string;
  message: string;
}

/** Codes the server sends (libs/core ErrorCode) plus the two the client adds. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'LOCKED'
  | 'SECOND_FACTOR_REQUIRED'
  | 'INTERNAL'
  | 'NETWORK'
  | (string & {});

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string; fields?: FieldProblem[]; [k: string]: unknown } }[];
}

export const GRAPHQL_PATH = '/graphql';

/** One GraphQL request, with the access token if given. Throws `ApiError` for every kind of failure. */
export async function postGraphQL<T>(query: string, variables: Record<string, unknown> = {}, accessToken?: string | null): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query, variables }), cache: 'no-store' });
  } catch (e) {
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(res.status >= 500 || res.ok ? 'INTERNAL' : `HTTP_${res.status}`, `HTTP ${res.status} ${res.statusText}`.trim());
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, fields, ...rest } = first.extensions ?? {};
    throw new ApiError(code ?? 'INTERNAL', first.message ?? `HTTP ${res.status}`, fields ?? [], rest);
  }
  if (!body.data) throw new ApiError('INTERNAL', `HTTP ${res.status}: no data`);
  return body.data;
}

/** What the authenticated client needs from the session (implemented by `AuthSession`). */
export interface SessionPort {
  accessToken(): string | null;
  /** Tries once to get a new access token; false when the session is over. */
  refresh(): Promise<boolean>;
  /** The session is over: the app shows the login screen. */
  sessionEnded(): void;
}

/** Authenticated requests. On UNAUTHENTICATED it refreshes the session once and retries once. */
export class ApiClient {
  constructor(private readonly session: SessionPort) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    try {
      return await postGraphQL<T>(query, variables, this.session.accessToken());
    } catch (e) {
      if (!isUnauthenticated(e)) throw e;
    }
    if (!(await this.session.refresh())) {
      this.session.sessionEnded();
      throw new ApiError('UNAUTHENTICATED', 'Session expired');
    }
    try {
      return await postGraphQL<T>(query, variables, this.session.accessToken());
    } catch (e) {
      if (isUnauthenticated(e)) this.session.sessionEnded();
      throw e;
    }
  }
}

export function isUnauthenticated(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'UNAUTHENTICATED';
}
