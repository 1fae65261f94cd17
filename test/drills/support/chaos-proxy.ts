/**
 * A small TCP proxy on loopback between simulated responders and the API that makes the network bad, per
 * connection and per chunk of bytes:
 * - refuse: the connection is reset as soon as it is accepted;
 * - blackhole: accepted, never forwarded, closed after a while (the client's timeout fires first);
 * - drop: a chunk on its way to the server resets the connection (the request may not arrive whole);
 * - cut: a chunk on its way back resets the connection (the server did the work; the answer is lost);
 * - delay: every chunk waits a random time in [minDelayMs, maxDelayMs], order kept.
 * `heal()` turns it into a plain pipe. Only 127.0.0.1 on both sides.
 */
import { Server, Socket, createServer, connect } from 'node:net';

export interface Chaos {
  refuse: number;
  blackhole: number;
  drop: number;
  cut: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const CALM: Chaos = { refuse: 0, blackhole: 0, drop: 0, cut: 0, minDelayMs: 0, maxDelayMs: 0 };

export class ChaosProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly stats = { connections: 0, refused: 0, blackholed: 0, dropped: 0, cut: 0, delayedChunks: 0, bytesUp: 0, bytesDown: 0 };
  port = 0;

  constructor(
    private readonly upstreamPort: number,
    public chaos: Chaos,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  heal(): void {
    this.chaos = { ...CALM };
  }

  private accept(client: Socket): void {
    this.stats.connections++;
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    const c = this.chaos;
    if (Math.random() < c.refuse) {
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    if (Math.random() < c.blackhole) {
      this.stats.blackholed++;
      client.pause();
      setTimeout(() => client.destroy(), 20_000).unref();
      return;
    }
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    const kill = () => {
      client.resetAndDestroy();
      upstream.destroy();
    };
    this.pipe(client, upstream, 'up', kill);
    this.pipe(upstream, client, 'down', kill);
  }

  /** Forwards chunks from `from` to `to`, each after its delay, in order; may kill the connection instead. */
  private pipe(from: Socket, to: Socket, dir: 'up' | 'down', kill: () => void): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const c = this.chaos;
      const delay = c.maxDelayMs > 0 ? c.minDelayMs + Math.random() * (c.maxDelayMs - c.minDelayMs) : 0;
      const doom = Math.random() < (dir === 'up' ? c.drop : c.cut);
      chain = chain.then(async () => {
        if (delay > 0) {
          this.stats.delayedChunks++;
          await new Promise((r) => setTimeout(r, delay));
        }
        if (to.destroyed) return;
        if (doom) {
          if (dir === 'up') this.stats.dropped++;
          else this.stats.cut++;
          kill();
          return;
        }
        if (dir === 'up') this.stats.bytesUp += chunk.length;
        else this.stats.bytesDown += chunk.length;
        to.write(chunk);
      });
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
