/**
 * A responder's outbox, as the simulated devices of drill 7 use it. It follows the contract of the web client's
 * offline outbox (apps/web/src/offline/outbox.ts), kept separate so the drills do not build the web app:
 * - a tick gets its client event id when it is made, and keeps it through every retry;
 * - a tick stays queued until the server acknowledges it: `recordCheck` answered with data, `replayed: true`
 *   included (the server had it already: a lost acknowledgement, not a duplicate);
 * - no answer, a reset, a timeout, HTTP 5xx, and the codes INTERNAL, LOCKED, RATE_LIMITED, UNAUTHENTICATED and
 *   SECOND_FACTOR_REQUIRED are retried; any other error code is a refusal for good (kept, counted; a healthy run
 *   has none);
 * - a pass sends the pending ticks in order and stops at the first retry (the network is bad right now); the next
 *   pass waits 2 s doubling to 60 s with jitter (the web client's retryDelayMs), and resets after a delivery;
 * - the token is not stored with the tick: the sender asks for the current one at each attempt.
 */
import { GqlCall } from './gql';

export interface OutboxItem {
  clientEventId: string;
  input: Record<string, unknown>;
  madeAt: number;
  attempts: number;
}

export type SendFn = (input: Record<string, unknown>) => Promise<GqlCall>;

const RETRY_CODES = new Set(['UNAUTHENTICATED', 'RATE_LIMITED', 'LOCKED', 'INTERNAL', 'SECOND_FACTOR_REQUIRED']);

/** 2 s doubling to 60 s, with jitter: the web client's retryDelayMs. */
export function retryDelayMs(failures: number, random = Math.random): number {
  const base = Math.min(60000, 2000 * 2 ** Math.min(failures, 5));
  return Math.round(base / 2 + random() * (base / 2));
}

export class Outbox {
  private readonly items: OutboxItem[] = [];
  readonly acked: { clientEventId: string; replayed: boolean; attempts: number; deliveredMs: number }[] = [];
  readonly rejected: { clientEventId: string; code: string; message: string }[] = [];
  attempts = 0;
  failures: Record<string, number> = {};
  /** Failed passes in a row (the backoff exponent); reset when a tick is delivered. */
  private failedPasses = 0;
  private nextPassAt = 0;

  constructor(private readonly send: SendFn) {}

  /** Stores a tick and makes the next pass due at once (the app sends right after the tap). */
  enqueue(input: Record<string, unknown>): void {
    this.items.push({ clientEventId: String(input.clientEventId), input, madeAt: Date.now(), attempts: 0 });
    this.nextPassAt = 0;
  }


  get pending(): number {
    return this.items.length;
  }

  /** One pass, if one is due: sends the pending ticks in the order they were made, stopping at the first retry. */
  async flush(): Promise<void> {
    if (this.items.length === 0 || Date.now() < this.nextPassAt) return;
    for (const item of [...this.items]) {
      item.attempts++;
      this.attempts++;
      const r = await this.send(item.input);
      const verdict = this.judge(r);
      if (verdict === 'ack') {
        this.failedPasses = 0;
        this.items.splice(this.items.indexOf(item), 1);
        this.acked.push({ clientEventId: item.clientEventId, replayed: Boolean(r.data?.recordCheck?.replayed), attempts: item.attempts, deliveredMs: Date.now() - item.madeAt });
      } else if (verdict === 'reject') {
        this.items.splice(this.items.indexOf(item), 1);
        this.rejected.push({ clientEventId: item.clientEventId, code: r.errors?.[0]?.extensions?.code ?? '?', message: r.errors?.[0]?.message ?? '' });
      } else {
        const why = r.networkError ? r.networkError.replace(/^TypeError: /, '').split(/[:\s]/)[0] : r.status !== 200 ? `http${r.status}` : (r.errors?.[0]?.extensions?.code ?? 'unknown');
        this.failures[why] = (this.failures[why] ?? 0) + 1;
        this.nextPassAt = Date.now() + retryDelayMs(this.failedPasses++);
        return;
      }
    }
  }

  private judge(r: GqlCall): 'ack' | 'retry' | 'reject' {
    if (r.networkError || r.status === 0 || r.status >= 500) return 'retry';
    if (r.data?.recordCheck && !r.errors?.length) return 'ack';
    const code = r.errors?.[0]?.extensions?.code ?? 'UNKNOWN';
    return RETRY_CODES.has(code) ? 'retry' : 'reject';
  }
}
