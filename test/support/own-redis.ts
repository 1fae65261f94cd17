/**
 * A throw-away redis-server for tests that stop, wipe or misconfigure Redis, so the shared one is never
 * disturbed: loopback, a free port from 6400–6499, no persistence (`--save '' --appendonly no`) unless asked.
 * `kill()` is SIGKILL (every connection drops at once); `start()` again reuses the port.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function answers(port: number, payload: string | null, timeoutMs = 300): Promise<string | null> {
  return new Promise((resolve) => {
    const s = new Socket();
    let buf = '';
    const done = (v: string | null) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(null));
    s.once('error', () => done(null));
    s.connect(port, '127.0.0.1', () => (payload === null ? done('') : s.write(payload)));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf);
    });
  });
}

/** A loopback port from 6400 up where nobody listens right now (scanning from a random start). */
export async function freeRedisPort(): Promise<number> {
  const start = Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 6400 + ((start + i) % 100);
    if ((await answers(port, null)) === null) return port;
  }
  throw new Error('no free port in 6400–6499');
}

export class OwnRedis {
  private child: ChildProcess | null = null;
  /** Where redis-server writes if a test switches persistence on (never the working tree). */
  private readonly dir = mkdtempSync(join(tmpdir(), 'anpi-test-redis-'));

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  static async start(opts: { policy?: string; extraArgs?: string[] } = {}): Promise<OwnRedis> {
    const r = new OwnRedis(await freeRedisPort(), ['--maxmemory-policy', opts.policy ?? 'noeviction', ...(opts.extraArgs ?? [])]);
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--dir', this.dir, ...this.args], { stdio: 'ignore', cwd: this.dir });
    this.child = child;
    const until = Date.now() + 10_000;
    while (!(await answers(this.port, 'PING\r\n'))?.startsWith('+PONG')) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited with ${child.exitCode}`);
      if (Date.now() > until) throw new Error(`redis-server on ${this.port} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL, and wait until the port is closed. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
