/**
 * Reads everything a drill's Redis prefix holds, whatever the type (string, hash, list, set, zset, stream), and
 * every pub/sub message published under it while listening, and searches all of it for canary strings.
 */
import Redis from 'ioredis';

export interface ScanReport {
  keys: number;
  byType: Record<string, number>;
  bytesScanned: number;
  /** "key: canary" for every hit (empty when clean). */
  hits: string[];
}

function search(where: string, text: string, needles: string[], hits: string[]): void {
  for (const n of needles) if (text.includes(n)) hits.push(`${where}: ${n}`);
}

export async function scanPrefix(url: string, prefix: string, needles: string[]): Promise<ScanReport> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', () => undefined);
  await redis.connect();
  const report: ScanReport = { keys: 0, byType: {}, bytesScanned: 0, hits: [] };
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        report.keys++;
        report.byType[type] = (report.byType[type] ?? 0) + 1;
        search(`key name ${key}`, key, needles, report.hits);
        const parts: string[] = [];
        switch (type) {
          case 'string':
            parts.push((await redis.getBuffer(key))?.toString('utf8') ?? '');
            break;
          case 'hash': {
            const h = await redis.hgetallBuffer(key);
            for (const [f, v] of Object.entries(h)) parts.push(f, v.toString('utf8'));
            break;
          }
          case 'list':
            parts.push(...(await redis.lrangeBuffer(key, 0, -1)).map((b) => b.toString('utf8')));
            break;
          case 'set':
            parts.push(...(await redis.smembersBuffer(key)).map((b) => b.toString('utf8')));
            break;
          case 'zset':
            parts.push(...(await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES')).map((b) => b.toString('utf8')));
            break;
          case 'stream': {
            const entries = (await redis.xrange(key, '-', '+')) as [string, string[]][];
            for (const [id, fields] of entries) parts.push(id, ...fields);
            break;
          }
          default:
            parts.push(`(unreadable type ${type})`);
        }
        const text = parts.join('\n');
        report.bytesScanned += Buffer.byteLength(text);
        search(`${type} ${key}`, text, needles, report.hits);
        // JSON in job data is escaped; search the unescaped form too (\uXXXX for non-ASCII canaries).
        if (text.includes('\\u')) {
          try {
            search(`${type} ${key} (unescaped)`, text.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), needles, report.hits);
          } catch {
            /* not JSON */
          }
        }
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return report;
}

/** Listens to every pub/sub channel under the prefix (the live-update fan-out) until `stop()`. */
export class ChannelTap {
  private readonly sub: Redis;
  messages = 0;
  bytes = 0;
  readonly hits: string[] = [];

  constructor(url: string, prefix: string, private readonly needles: string[]) {
    this.sub = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    this.sub.on('error', () => undefined);
    this.sub.on('pmessage', (_p: string, channel: string, message: string) => {
      this.messages++;
      this.bytes += Buffer.byteLength(message);
      search(`channel ${channel}`, message, this.needles, this.hits);
    });
    this.started = this.start(prefix).catch(() => undefined);
  }

  private readonly started: Promise<void>;

  private async start(prefix: string): Promise<void> {
    await this.sub.connect();
    await this.sub.psubscribe(`${prefix}:*`);
  }

  ready(): Promise<void> {
    return this.started;
  }

  stop(): void {
    this.sub.disconnect();
  }
}
