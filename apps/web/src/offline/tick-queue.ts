/**
 * The app's side of the outbox (outbox.ts): a tick is stored in IndexedDB first, then sent — at once, on
 * app start, on the browser's 'online' event, when the app comes back to the foreground, and by a timer
 * with backoff while anything is pending. No Background Sync (Safari has none; RELIABILITY §4.5).
 *
 * The queue never holds a token: each send takes the current access token from memory and refreshes the
 * session when the server says it expired. If the session is over, the ticks stay queued and the app asks
 * the responder to log in again. Ticks belong to the account that made them: another account signed in on
 * the same device never sends them under its own name.
 */
import { GRAPHQL_PATH } from '../api';
import { RECORD_CHECK } from '../incident/incident-api';
import type { CheckOutcome, CheckResult } from '../incident/incident-types';
import { CACHE_KEYS, deviceCache } from './cache-store';
import { deleteOutboxDatabase, IndexedDbOutboxStore } from './idb-outbox-store';
import { classifyRecordCheckResponse, Outbox, retryDelayMs, type OutboxItem, type SendOutcome } from './outbox';

export interface TickSession {
  accessToken(): string | null;
  refresh(): Promise<boolean>;
  sessionEnded(): void;
}

export interface TickQueueState {
  pending: OutboxItem[];
  rejected: OutboxItem[];
  sending: boolean;
  online: boolean;
  /** Queued ticks were made by another account: they wait for that account (or to be discarded). */
  otherOwner: boolean;
}

export interface NewTick {
  taskId: string;
  outcome: CheckOutcome;
  note: string | null;
  lat: number | null;
  lng: number | null;
}

type Delivered = (item: OutboxItem, result: CheckResult) => void;

export class OtherOwnerError extends Error {
  constructor() {
    super('Unsent checks of another account are queued on this device');
    this.name = 'OtherOwnerError';
  }
}

export class TickQueue {
  private readonly outbox: Outbox;
  private accountId: string | null = null;
  private owner: string | null = null;
  private items: OutboxItem[] = [];
  private sending = false;
  private timer: number | undefined;
  private failures = 0;
  /** A tick was stored after the current send run had read the queue: run again at once. */
  private enqueuedSinceRun = false;
  private readonly listeners = new Set<(s: TickQueueState) => void>();
  private readonly deliveredListeners = new Set<Delivered>();
  private readonly onOnline = () => {
    this.failures = 0;
    this.emit();
    void this.flush();
  };
  private readonly onOffline = () => this.emit();
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.flush();
  };

  constructor(private readonly session: TickSession) {
    this.outbox = new Outbox(new IndexedDbOutboxStore(), (item) => this.send(item));
    this.outbox.onChange(() => void this.reload());
  }

  /** Signed in (or reopened offline) as `accountId`: load the queue and send what can be sent. */
  async start(accountId: string): Promise<void> {
    this.accountId = accountId;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.owner = (await deviceCache.get<string>(CACHE_KEYS.outboxOwner))?.value ?? null;
    await this.reload();
    void this.flush();
  }

  /** Signed out or the session ended: stop sending (the queue stays unless `wipe` is called). */
  stop(): void {
    this.accountId = null;
    window.clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** Logging out: the queue holds what was observed about people, so it goes with the session. */
  async wipe(): Promise<void> {
    this.stop();
    this.items = [];
    this.owner = null;
    await deleteOutboxDatabase();
    this.emit();
  }

  state(): TickQueueState {
    return {
      pending: this.items.filter((i) => !i.rejected),
      rejected: this.items.filter((i) => i.rejected),
      sending: this.sending,
      online: navigator.onLine !== false,
      otherOwner: this.isOtherOwner(),
    };
  }

  onChange(fn: (s: TickQueueState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Runs for every tick the server accepted (new or replayed), with the server's answer. */
  onDelivered(fn: Delivered): () => void {
    this.deliveredListeners.add(fn);
    return () => this.deliveredListeners.delete(fn);
  }

  /** The latest queued (not refused) tick of a task, if any. */
  pendingFor(taskId: string): OutboxItem | undefined {
    let last: OutboxItem | undefined;
    for (const i of this.items) if (i.taskId === taskId && !i.rejected) last = i;
    return last;
  }

  /** Stores a tick (the client event id is made here, at the tap) and tries to send it at once. */
  async record(tick: NewTick): Promise<OutboxItem> {
    if (!this.accountId) throw new Error('not signed in');
    if (this.isOtherOwner()) throw new OtherOwnerError();
    if (this.items.length === 0 || this.owner !== this.accountId) {
      this.owner = this.accountId;
      await deviceCache.put(CACHE_KEYS.outboxOwner, this.accountId);
    }
    const item = { ...tick, clientEventId: uuid(), observedAt: new Date().toISOString(), shelterId: null };
    await this.outbox.enqueue(item);
    this.enqueuedSinceRun = true;
    void this.flush();
    return { ...item, attempts: 0, rejected: null, createdAt: new Date().toISOString() };
  }

  /** Sends what is pending now (the "send now" button, the timers, 'online'). */
  async flush(): Promise<void> {
    if (!this.accountId || this.isOtherOwner()) return;
    window.clearTimeout(this.timer);
    if (this.sending) {
      // A run is going; it may have read the queue before the newest tick: it runs again when done.
      return;
    }
    this.sending = true;
    this.enqueuedSinceRun = false;
    this.emit();
    let state;
    try {
      state = await this.outbox.flush();
    } finally {
      this.sending = false;
    }
    await this.reload();
    if (!this.accountId || state.pending === 0) {
      this.failures = 0;
      return;
    }
    // Something arrived while that run was going: send it now (once). Otherwise back off until the timer,
    // the 'online' event or the "send now" button.
    if (this.enqueuedSinceRun && navigator.onLine !== false) {
      void this.flush();
      return;
    }
    this.timer = window.setTimeout(() => void this.flush(), retryDelayMs(this.failures++));
  }

  /** Removes a refused tick once the responder has seen it. */
  async dismiss(clientEventId: string): Promise<void> {
    await this.outbox.dismiss(clientEventId);
  }

  /** Discards the queued ticks of another account (after asking). */
  async discardOtherOwner(): Promise<void> {
    await this.outbox.wipe();
    this.owner = this.accountId;
    await deviceCache.put(CACHE_KEYS.outboxOwner, this.accountId);
    this.emit();
  }

  private isOtherOwner(): boolean {
    return this.items.length > 0 && this.owner !== null && this.accountId !== null && this.owner !== this.accountId;
  }

  private async reload(): Promise<void> {
    if (!this.accountId) return; // stopped: never reopen (and so recreate) a database being wiped
    try {
      this.items = await new IndexedDbOutboxStore().all();
    } catch {
      /* storage unavailable: keep what we had */
    }
    this.emit();
  }

  private emit(): void {
    const s = this.state();
    for (const fn of this.listeners) fn(s);
  }

  private async send(item: OutboxItem): Promise<SendOutcome> {
    if (navigator.onLine === false) return { kind: 'retry', reason: 'offline' };
    let r = await this.post(item);
    if (firstCode(r.body) === 'UNAUTHENTICATED') {
      let renewed: boolean;
      try {
        renewed = await this.session.refresh();
      } catch {
        return { kind: 'retry', reason: 'NETWORK' };
      }
      if (!renewed) {
        // The session is over: the app asks for a new login; the tick stays queued for it.
        this.stop();
        this.session.sessionEnded();
        return { kind: 'retry', reason: 'UNAUTHENTICATED' };
      }
      r = await this.post(item);
    }
    const outcome = classifyRecordCheckResponse(r.status, r.body);
    if (outcome.kind === 'delivered') {
      const result = (r.body?.data as { recordCheck?: CheckResult } | undefined)?.recordCheck;
      if (result) for (const fn of this.deliveredListeners) fn(item, result);
    }
    return outcome;
  }

  private async post(item: OutboxItem): Promise<{ status: number; body: ResponseBody | null }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const token = this.session.accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const input = {
      taskId: item.taskId,
      outcome: item.outcome,
      note: item.note,
      observedAt: item.observedAt,
      lat: item.lat,
      lng: item.lng,
      shelterId: item.shelterId,
      clientEventId: item.clientEventId,
    };
    let res: Response;
    try {
      res = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query: RECORD_CHECK, variables: { input } }), cache: 'no-store' });
    } catch {
      return { status: 0, body: null };
    }
    try {
      return { status: res.status, body: (await res.json()) as ResponseBody };
    } catch {
      return { status: res.status >= 500 ? res.status : 502, body: null };
    }
  }
}

type ResponseBody = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

function firstCode(body: ResponseBody | null): string | undefined {
  return body?.errors?.[0]?.extensions?.code;
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts (a LAN address over http is not one). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
