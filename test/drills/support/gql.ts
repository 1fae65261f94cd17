/** A GraphQL-over-HTTP client for drills: never throws, times every call, tells network failures from answers. */

export interface GqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GqlCall<T = any> {
  /** HTTP status, or 0 when no response arrived (reset, refused, timed out). */
  status: number;
  data?: T | null;
  errors?: GqlError[];
  /** Set when no GraphQL answer was read: the network error or timeout. */
  networkError?: string;
  ms: number;
}

export async function gql<T = any>(url: string, query: string, variables?: Record<string, unknown>, token?: string, timeoutMs = 30000): Promise<GqlCall<T>> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    try {
      const body = JSON.parse(text) as { data?: T; errors?: GqlError[] };
      return { status: res.status, data: body.data, errors: body.errors, ms };
    } catch {
      return { status: res.status, networkError: `not JSON: ${text.slice(0, 200)}`, ms };
    }
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    return { status: 0, networkError: `${err.name}: ${err.cause?.code ?? err.cause?.message ?? err.message}`, ms: performance.now() - t0 };
  }
}

export function firstCode(c: GqlCall): string | undefined {
  return c.errors?.[0]?.extensions?.code;
}

/** Throws unless the call answered with data and no errors (for setup steps, not for measured calls). */
export function must<T>(c: GqlCall<T>, what: string): T {
  if (c.networkError || c.errors?.length || !c.data) throw new Error(`${what} failed: ${c.networkError ?? JSON.stringify(c.errors)}`);
  return c.data;
}

export const Q = {
  LOGIN: `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`,
  DECLARE: `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id generationStatus } }`,
  INCIDENT: `query($id: ID!) { incident(id: $id) { id status generationStatus areaVersion } }`,
  RECORD: `mutation($i: RecordCheckInput!) { recordCheck(input: $i) { replayed task { id status statusVersion eventCount } event { id } } }`,
  MAP: `query($id: ID!, $bbox: [Float!], $zoom: Int!) { incidentMap(incidentId: $id, bbox: $bbox, zoom: $zoom) { mode truncated points { personId lat lng status priority cannotReachShelter } clusters { lat lng count worstStatus needsHelp unchecked } } }`,
};
