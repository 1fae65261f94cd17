/**
 * A responder's outbox, as the simulated devices of drill 7 use it. It follows the contract of the web client's
 * offline outbox (being built in apps/web):
 * - a tick gets its client event id when it is made, and keeps it through every retry;
 * - a tick stays queued until the server acknowledges it: `recordCheck` answered with data, `replayed: true`
 *   included (the server had it already: a lost acknowledgement, not a duplicate);
 * - anything that may succeed later (no answer, a reset, a timeout, HTTP 5xx, INTERNAL, UNAUTHENTICATED after a
 *   token refresh) is retried with exponential backoff and jitter, capped;
 * - an answer that can never succeed (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT) is set aside as rejected
 *   and counted; a healthy run has none;
 * - the token is not stored with the tick: the sender asks for the current one at each attempt.
 */
import { GqlCall } from './gql';

export interface OutboxItem {
  clientEventId: string;
  input: Record<string, unknown>;
  madeAt: number;
  attempts: number;
  nextAt: number;
}

export type SendFn = (input: Record<string, unknown>) => Promise<GqlCall>;

const PERMANENT = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

export class Outbox {
  private readonly items: OutboxItem[] = [];
  readonly acked: { clientEventId: string; replayed: boolean; attempts: number; deliveredMs: number }[] = [];
  readonly rejected: { clientEventId: string; code: string; message: string }[] = [];
  attempts = 0;
  failures: Record<string, number> = {};

  constructor(
    private readonly send: SendFn,
    private readonly opts: { baseDelayMs: number; maxDelayMs: number } = { baseDelayMs: 250, maxDelayMs: 8000 },
  ) {}

  enqueue(input: Record<string, unknown>): void {
    const now = Date.now();
    this.items.push({ clientEventId: String(input.clientEventId), input, madeAt: now, attempts: 0, nextAt: now });
  }

  get pending(): number {
    return this.items.length;
  }

  /** One pass: tries every item that is due, in the order they were made. Resolves when the pass is done. */
  async flush(): Promise<void> {
    const now = Date.now();
    for (const item of [...this.items]) {
      if (item.nextAt > now) continue;
      item.attempts++;
      this.attempts++;
      const r = await this.send(item.input);
      const verdict = this.judge(r);
      if (verdict === 'ack') {
        this.items.splice(this.items.indexOf(item), 1);
        this.acked.push({ clientEventId: item.clientEventId, replayed: Boolean(r.data?.recordCheck?.replayed), attempts: item.attempts, deliveredMs: Date.now() - item.madeAt });
      } else if (verdict === 'reject') {
        this.items.splice(this.items.indexOf(item), 1);
        this.rejected.push({ clientEventId: item.clientEventId, code: r.errors?.[0]?.extensions?.code ?? '?', message: r.errors?.[0]?.message ?? '' });
      } else {
        const why = r.networkError ? r.networkError.replace(/^TypeError: /, '').split(/[:\s]/)[0] : r.status !== 200 ? `http${r.status}` : (r.errors?.[0]?.extensions?.code ?? 'unknown');
        this.failures[why] = (this.failures[why] ?? 0) + 1;
        const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** Math.min(item.attempts - 1, 10));
        item.nextAt = Date.now() + backoff * (0.5 + Math.random() * 0.5);
        // One failure usually means the network is bad right now: do not hammer the rest of the queue.
        break;
      }
    }
  }

  private judge(r: GqlCall): 'ack' | 'retry' | 'reject' {
    if (r.networkError || r.status === 0 || r.status >= 500) return 'retry';
    if (r.data?.recordCheck && !r.errors?.length) return 'ack';
    const code = r.errors?.[0]?.extensions?.code;
    if (code && PERMANENT.has(code)) return 'reject';
    return 'retry';
  }
}
