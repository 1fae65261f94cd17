/** Closed-loop load: N clients, each sending its next request as soon as the previous one answered. */
import { randomUUID } from 'node:crypto';
import { GqlCall, Q, firstCode, gql } from './gql';
import { latency, round } from './stats';

export interface LoadResult {
  requests: number;
  ok: number;
  /** Answers with a GraphQL error, by code. */
  errorCodes: Record<string, number>;
  /** Non-2xx HTTP answers by status, and network failures as status 0. */
  httpErrors: Record<string, number>;
  wallMs: number;
  perSec: number;
  latencyMs: ReturnType<typeof latency>;
  /** Client event ids of the checks that were answered without error. */
  stored: string[];
  /** Client event ids of every check sent (answered or not). */
  attempted: string[];
}

export interface CheckJob {
  token: string;
  input: Record<string, unknown>;
}

/**
 * `clients` loops; client c sends job(c, i) for i = 0, 1, … until `perClient` requests (or until `until()` says
 * stop). Every request is a GraphQL recordCheck.
 */
export async function checkLoad(url: string, clients: number, job: (client: number, i: number) => CheckJob | null, opts: { perClient?: number; until?: () => boolean; timeoutMs?: number } = {}): Promise<LoadResult> {
  const lat: number[] = [];
  const errorCodes: Record<string, number> = {};
  const httpErrors: Record<string, number> = {};
  const stored: string[] = [];
  const attempted: string[] = [];
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; opts.perClient === undefined || i < opts.perClient; i++) {
        if (opts.until?.()) break;
        const j = job(c, i);
        if (!j) break;
        attempted.push(String(j.input.clientEventId));
        const r: GqlCall = await gql(url, Q.RECORD, { i: j.input }, j.token, opts.timeoutMs ?? 30000);
        lat.push(r.ms);
        if (r.status !== 200 || r.networkError) httpErrors[String(r.status)] = (httpErrors[String(r.status)] ?? 0) + 1;
        else if (r.errors?.length) errorCodes[firstCode(r) ?? 'NO_CODE'] = (errorCodes[firstCode(r) ?? 'NO_CODE'] ?? 0) + 1;
        else {
          ok++;
          stored.push(String(j.input.clientEventId));
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  return { requests: lat.length, ok, errorCodes, httpErrors, wallMs: round(wallMs, 0), perSec: round((lat.length / wallMs) * 1000, 0), latencyMs: latency(lat), stored, attempted };
}

const OUTCOMES = ['SAFE_AT_HOME', 'EVACUATED', 'HOME_NEEDS_SUPPORT', 'NOT_REACHABLE', 'NEEDS_HELP', 'HOSPITALISED'];

/** A valid check input for a task (observed in the last hour, a fresh client event id). */
export function checkInput(taskId: string, k: number, note: string | null = null): Record<string, unknown> {
  return {
    taskId,
    outcome: OUTCOMES[k % OUTCOMES.length],
    observedAt: new Date(Date.now() - 3600_000 + ((k * 7919) % 3_500_000)).toISOString(),
    clientEventId: randomUUID(),
    ...(note ? { note } : {}),
  };
}
