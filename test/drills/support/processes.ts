/**
 * Child processes of a drill: the API and the worker as production runs them (separate Node processes), and
 * redis-servers of the drill's own on other loopback ports, so the shared Redis on 6379 is never disturbed.
 * Every child is killed by its pid when the drill process exits, whatever happens.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, WriteStream } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { drillLogDir, note, sleep, waitFor } from './env';

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) if (c.exitCode === null && c.pid) c.kill('SIGKILL');
});

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export class Proc {
  readonly output: string[] = [];
  private readonly log: WriteStream;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly startedAt = Date.now();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    logFile: string,
  ) {
    live.add(child);
    this.log = createWriteStream(logFile, { flags: 'a' });
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
      this.log.write(text);
      for (const line of text.split('\n')) if (line.trim()) this.output.push(line);
      if (this.output.length > 5000) this.output.splice(0, this.output.length - 5000);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.log.end();
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  text(): string {
    return this.output.join('\n');
  }

  /** kill -9: no shutdown hook runs, open transactions are rolled back by PostgreSQL. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGINT, as an operator stopping it; SIGKILL after `graceMs`. */
  async stop(graceMs = 10000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGINT');
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }

  async waitForLine(re: RegExp, ms: number): Promise<string> {
    return waitFor(`${this.name} to print ${re}`, async () => {
      if (!this.running && !this.output.some((l) => re.test(l))) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${re}:\n${this.output.slice(-20).join('\n')}`);
      return this.output.find((l) => re.test(l));
    }, ms, 50);
  }
}

let seq = 0;
export function spawnNode(name: string, script: string, env: Record<string, string>, args: string[] = []): Proc {
  const dir = drillLogDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${++seq}.log`);
  // DRILL_NODE_OPTIONS (diagnostic), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", for the API and worker processes.
  const nodeArgs = (process.env.DRILL_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  note(`started ${name} pid ${child.pid} (log ${file})`);
  return new Proc(name, child, file);
}

/** A redis-server of the drill's own on a loopback port (no persistence unless `aofDir` is given). */
export class RedisServer {
  private proc: Proc | null = null;

  constructor(
    readonly port: number,
    readonly policy: string = 'noeviction',
    readonly aofDir: string | null = null,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.proc?.pid ?? -1;
  }

  static async onFreePort(policy = 'noeviction', aofDir: string | null = null): Promise<RedisServer> {
    // Prefer the 6390s (as the runbook says), skipping any port already in use.
    for (let port = 6390; port < 6490; port++) {
      if (!(await portAnswers(port))) return new RedisServer(port, policy, aofDir);
    }
    return new RedisServer(await freePort(), policy, aofDir);
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', this.policy, '--protected-mode', 'yes'];
    if (this.aofDir) {
      mkdirSync(this.aofDir, { recursive: true });
      args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.aofDir);
    } else {
      args.push('--appendonly', 'no');
    }
    const dir = drillLogDir();
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = new Proc(`redis-${this.port}`, child, join(dir, `redis-${this.port}-${++seq}.log`));
    await waitFor(`redis-server on ${this.port}`, async () => {
      if (!this.proc?.running) throw new Error(`redis-server on ${this.port} exited:\n${this.proc?.text()}`);
      return ping(this.port);
    }, 15000, 50);
    note(`redis-server :${this.port} up (pid ${this.proc.pid}, maxmemory-policy ${this.policy}, ${this.aofDir ? 'AOF everysec' : 'no persistence'})`);
  }

  /** kill -9 of the server: every client connection drops at once. */
  async kill9(): Promise<void> {
    await this.proc?.kill9();
    note(`redis-server :${this.port} killed (-9)`);
  }

  async stop(): Promise<void> {
    if (this.proc?.running) {
      spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { timeout: 5000 });
      await Promise.race([this.proc.exited, sleep(5000)]);
      await this.proc.kill9();
    }
  }
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    let buf = '';
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(300, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has been busy (all cores: user, nice, system, irq, softirq, steal), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU used per request while a load ran, split between the API process, the worker, this load generator, and
 * everything else on the machine (PostgreSQL, mostly). Call `start()` before and `perRequest(n)` after.
 */
export class CpuMeter {
  private api = 0;
  private worker = 0;
  private machine = 0;
  private me = process.cpuUsage();

  constructor(private readonly apiPid: number, private readonly workerPid: number) {}

  start(): this {
    this.api = cpuSeconds(this.apiPid);
    this.worker = cpuSeconds(this.workerPid);
    this.machine = machineBusySeconds();
    this.me = process.cpuUsage();
    return this;
  }

  perRequest(n: number): { api: number; worker: number; loadGenerator: number; postgresAndRest: number } {
    const api = cpuSeconds(this.apiPid) - this.api;
    const worker = cpuSeconds(this.workerPid) - this.worker;
    const me = process.cpuUsage(this.me);
    const gen = (me.user + me.system) / 1e6;
    const machine = machineBusySeconds() - this.machine;
    const ms = (v: number) => Math.round((v * 1000 * 100) / n) / 100;
    return { api: ms(api), worker: ms(worker), loadGenerator: ms(gen), postgresAndRest: ms(Math.max(0, machine - api - worker - gen)) };
  }
}
