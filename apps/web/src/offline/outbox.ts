/**
 * The offline outbox of safety checks. A tick is stored first (with the client event id made on the
 * device at the tap) and sent when it can be: on app start, on the browser's 'online' event, and on
 * a timer while anything is pending — never relying on Background Sync, which Safari lacks. The
 * server answers a replay of the same client event id with the stored result, so sending twice is
 * safe and a tick counts once. Pure logic over a storage interface: IndexedDB in the browser, memory
 * in tests and in the drill harness.
 */
export interface OutboxItem {
  clientEventId: string;
  taskId: string;
  outcome: string;
  note: string | null;
  observedAt: string;
  lat: number | null;
  lng: number | null;
  shelterId: string | null;
  attempts: number;
  /** Set when the server refused the tick for good (e.g. the task was reassigned): kept and shown, never dropped silently. */
  rejected: { code: string; message: string } | null;
  createdAt: string;
}

export interface OutboxStore {
  put(item: OutboxItem): Promise<void>;
  all(): Promise<OutboxItem[]>;
  delete(clientEventId: string): Promise<void>;
  clear(): Promise<void>;
}

/** What sending one tick gave: delivered (new or replayed), retry later, or refused for good. */
export type SendOutcome = { kind: 'delivered' } | { kind: 'retry'; reason: string } | { kind: 'rejected'; code: string; message: string };

export type Sender = (item: OutboxItem) => Promise<SendOutcome>;

export class MemoryOutboxStore implements OutboxStore {
  private readonly items = new Map<string, OutboxItem>();
  async put(item: OutboxItem): Promise<void> {
    this.items.set(item.clientEventId, { ...item });
  }
  async all(): Promise<OutboxItem[]> {
    return [...this.items.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }
  async clear(): Promise<void> {
    this.items.clear();
  }
}

export interface OutboxState {
  pending: number;
  rejected: number;
  sending: boolean;
}

export class Outbox {
  private flushing: Promise<OutboxState> | null = null;
  private readonly listeners = new Set<(s: OutboxState) => void>();

  constructor(
    private readonly store: OutboxStore,
    private readonly send: Sender,
  ) {}

  onChange(fn: (s: OutboxState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async state(): Promise<OutboxState> {
    const items = await this.store.all();
    return { pending: items.filter((i) => !i.rejected).length, rejected: items.filter((i) => i.rejected).length, sending: this.flushing !== null };
  }

  private async emit(): Promise<void> {
    const s = await this.state();
    for (const l of this.listeners) l(s);
  }

  /** Stores a tick; the caller then calls flush() (or the timers do). */
  async enqueue(tick: Omit<OutboxItem, 'attempts' | 'rejected' | 'createdAt'>): Promise<void> {
    await this.store.put({ ...tick, attempts: 0, rejected: null, createdAt: new Date().toISOString() });
    await this.emit();
  }

  /**
   * Sends every pending tick in order, once at a time. Stops at the first "retry" (the network is
   * down: no point trying the rest now). Concurrent calls share one run.
   */
  flush(): Promise<OutboxState> {
    this.flushing ??= (async () => {
      try {
        for (const item of await this.store.all()) {
          if (item.rejected) continue;
          let outcome: SendOutcome;
          try {
            outcome = await this.send(item);
          } catch (e) {
            outcome = { kind: 'retry', reason: (e as Error).message };
          }
          if (outcome.kind === 'delivered') await this.store.delete(item.clientEventId);
          else if (outcome.kind === 'rejected') await this.store.put({ ...item, attempts: item.attempts + 1, rejected: { code: outcome.code, message: outcome.message } });
          else {
            await this.store.put({ ...item, attempts: item.attempts + 1 });
            break;
          }
        }
      } finally {
        this.flushing = null;
      }
      await this.emit();
      return this.state();
    })();
    return this.flushing;
  }

  /** Removes a refused tick after the responder has seen it. */
  async dismiss(clientEventId: string): Promise<void> {
    await this.store.delete(clientEventId);
    await this.emit();
  }

  /** Logging out wipes the outbox (it holds what was observed about people). */
  async wipe(): Promise<void> {
    await this.store.clear();
    await this.emit();
  }
}

/** Backoff between automatic flushes while something is pending: 2 s doubling to 60 s, with jitter. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(60000, 2000 * 2 ** Math.min(attempt, 5));
  return Math.round(base / 2 + random() * (base / 2));
}

/**
 * Maps a GraphQL answer for recordCheck to an outcome. Network errors, 5xx, rate limits, a task
 * locked by another transaction (LOCKED) and an expired session are retried (the outbox keeps the
 * tick while the responder logs in again); a reused id or bad input is a permanent refusal, shown to
 * the responder.
 */
export function classifyRecordCheckResponse(status: number, body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null): SendOutcome {
  if (status >= 500 || status === 0 || !body) return { kind: 'retry', reason: `HTTP ${status}` };
  const err = body.errors?.[0];
  if (!err && body.data) return { kind: 'delivered' };
  const code = err?.extensions?.code ?? 'UNKNOWN';
  if (['UNAUTHENTICATED', 'RATE_LIMITED', 'LOCKED', 'INTERNAL', 'SECOND_FACTOR_REQUIRED'].includes(code)) return { kind: 'retry', reason: code };
  return { kind: 'rejected', code, message: err?.message ?? 'refused' };
}
