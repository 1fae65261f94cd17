/**
 * Live updates over graphql-ws (`/graphql`): task changes and progress of one incident. The client retries
 * for ever with backoff; a ping every 10 s with a 5-s pong deadline notices a dead connection (a phone that
 * lost its network keeps a half-open socket for minutes otherwise). After a reconnect the page refetches
 * what it shows, since changes during the gap were not delivered. An expired access token is refreshed and
 * the connection reopened with the new one.
 */
import { createClient, type Client } from 'graphql-ws/client';
import { GRAPHQL_PATH, type SessionPort } from '../api';
import { PROGRESS_SUBSCRIPTION, TASK_SUBSCRIPTION } from './incident-api';
import type { IncidentProgress, TaskChange } from './incident-types';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onTaskChanged?(change: TaskChange): void;
  onProgress?(progress: IncidentProgress): void;
  /** The connection came back after a drop: refetch the current view. */
  onReconnected?(): void;
  onState?(state: LiveState): void;
}

const PING_MS = 10_000;
const PONG_DEADLINE_MS = 5_000;

export class LiveUpdates {
  private client: Client | null = null;
  private disposers: (() => void)[] = [];
  private stopped = false;
  private everConnected = false;
  private state: LiveState = 'connecting';
  private restartTimer: number | undefined;
  private readonly onOnline = () => {
    if (this.state !== 'live') this.restart();
  };
  private readonly onOffline = () => this.setState('offline');

  constructor(
    private readonly session: SessionPort,
    private readonly incidentId: string,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (navigator.onLine === false) this.setState('offline');
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.restartTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.teardown();
  }

  private connect(): void {
    if (this.stopped) return;
    if (this.client) return;
    let socket: WebSocket | null = null;
    let pongTimer: number | undefined;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
    const client = createClient({
      url,
      lazy: false,
      keepAlive: PING_MS,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((r) => window.setTimeout(r, backoffMs(retries))),
      connectionParams: async () => {
        // Reopened offline and now back: renew the session first rather than be refused once.
        if (!this.session.accessToken() && navigator.onLine !== false) await this.session.refresh().catch(() => false);
        const token = this.session.accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      onNonLazyError: () => {
        if (this.client === client) this.scheduleRestart();
      },
      on: {
        connected: (s, _payload, wasRetry) => {
          socket = s as WebSocket;
          if (this.client !== client) return;
          const reconnected = wasRetry || this.everConnected;
          this.everConnected = true;
          this.setState('live');
          if (reconnected) this.handlers.onReconnected?.();
        },
        closed: () => {
          socket = null;
          window.clearTimeout(pongTimer);
          if (!this.stopped && this.client === client) this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
        },
        ping: (received) => {
          if (received) return;
          window.clearTimeout(pongTimer);
          pongTimer = window.setTimeout(() => {
            if (socket && socket.readyState === WebSocket.OPEN) socket.close(4408, 'Request Timeout');
          }, PONG_DEADLINE_MS);
        },
        pong: (received) => {
          if (received) window.clearTimeout(pongTimer);
        },
      },
    });
    this.client = client;
    this.subscribe(client, TASK_SUBSCRIPTION, (data) => {
      const change = (data as { taskChanged?: TaskChange }).taskChanged;
      if (change) this.handlers.onTaskChanged?.(change);
    }, Boolean(this.handlers.onTaskChanged));
    this.subscribe(client, PROGRESS_SUBSCRIPTION, (data) => {
      const progress = (data as { incidentProgressChanged?: IncidentProgress }).incidentProgressChanged;
      if (progress) this.handlers.onProgress?.(progress);
    }, Boolean(this.handlers.onProgress));
  }

  private subscribe(client: Client, query: string, next: (data: unknown) => void, wanted: boolean): void {
    if (!wanted) return;
    // A client torn down on purpose still completes its subscriptions: only the current one counts.
    const current = () => this.client === client;
    const dispose = client.subscribe(
      { query, variables: { id: this.incidentId } },
      {
        next: (result) => {
          if (!current()) return;
          if (result.errors?.length) return void this.onSubscriptionError(result.errors);
          if (result.data) next(result.data);
        },
        error: (e) => {
          if (current()) void this.onSubscriptionError(e);
        },
        complete: () => {
          if (current()) this.scheduleRestart();
        },
      },
    );
    this.disposers.push(dispose);
  }

  /** Refused (an expired token, mostly): refresh the session and reconnect with the new token. */
  private async onSubscriptionError(e: unknown): Promise<void> {
    if (this.stopped) return;
    if (isUnauthenticated(e)) {
      try {
        if (!(await this.session.refresh())) return this.session.sessionEnded();
      } catch {
        /* offline: the retry below waits for the network */
      }
    }
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    window.clearTimeout(this.restartTimer);
    this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
    this.restartTimer = window.setTimeout(() => this.restart(), backoffMs(1));
  }

  private restart(): void {
    if (this.stopped) return;
    window.clearTimeout(this.restartTimer);
    this.teardown();
    this.connect();
  }

  private teardown(): void {
    const c = this.client;
    this.client = null;
    for (const d of this.disposers.splice(0)) d();
    void c?.dispose();
  }

  private setState(s: LiveState): void {
    if (this.state === s) return;
    this.state = s;
    this.handlers.onState?.(s);
  }
}

/** 1 s, 2 s, 4 s … up to 15 s, with jitter. */
function backoffMs(retries: number): number {
  const base = Math.min(15_000, 1000 * 2 ** Math.min(retries, 4));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function isUnauthenticated(e: unknown): boolean {
  const list = Array.isArray(e) ? e : [e];
  return list.some((x) => {
    const err = x as { extensions?: { code?: string }; message?: string } | null;
    return err?.extensions?.code === 'UNAUTHENTICATED' || /Authentication required|UNAUTHENTICATED/i.test(err?.message ?? '');
  });
}
