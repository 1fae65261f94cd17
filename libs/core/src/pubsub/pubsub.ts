import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { producerRedisOptions, redisOptionsFromUrl } from '../queue/redis-options';

/**
 * Live-update fan-out. In memory for one embedded process; Redis pub/sub across API instances.
 * Messages carry ids and statuses, never personal data: each subscriber re-reads through the access
 * policy what it may show.
 */
export abstract class PubSub {
  /**
   * Best effort, never rejects, never waits long: live updates are a convenience on top of data that is
   * already committed (clients re-read on reconnect). While Redis is unreachable a message is dropped and
   * logged, and the promise resolves at once (at most ~1 s when the network swallows packets).
   */
  abstract publish(topic: string, payload: unknown): Promise<void>;
  abstract subscribe(topic: string): AsyncIterableIterator<unknown>;
  abstract close(): Promise<void>;
}

/** Turns push callbacks into an async iterator that unsubscribes when the consumer stops. */
function iteratorOf(attach: (push: (v: unknown) => void) => () => void): AsyncIterableIterator<unknown> {
  const buffer: unknown[] = [];
  const waiting: ((r: IteratorResult<unknown>) => void)[] = [];
  let done = false;
  const detach = attach((v) => {
    const w = waiting.shift();
    if (w) w({ value: v, done: false });
    else if (buffer.length < 1000) buffer.push(v);
  });
  const finish = (): Promise<IteratorResult<unknown>> => {
    if (!done) {
      done = true;
      detach();
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () =>
      done
        ? Promise.resolve({ value: undefined, done: true })
        : buffer.length
          ? Promise.resolve({ value: buffer.shift(), done: false })
          : new Promise((r) => waiting.push(r)),
    return: finish,
    throw: (e) => {
      void finish();
      return Promise.reject(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export class InMemoryPubSub extends PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, payload: unknown): Promise<void> {
    this.emitter.emit(topic, payload);
  }

  subscribe(topic: string): AsyncIterableIterator<unknown> {
    return iteratorOf((push) => {
      this.emitter.on(topic, push);
      return () => this.emitter.off(topic, push);
    });
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** How long `publish` may hold its caller, whatever Redis does. */
const PUBLISH_BUDGET_MS = 1000;

export class RedisPubSub extends PubSub {
  private readonly logger = new Logger('PubSub');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();
  /** Messages dropped since the last one that reached Redis (logged once per outage, not per message). */
  private dropped = 0;

  constructor(url: string, private readonly prefix: string) {
    super();
    // The publisher fails fast (no offline queue, bounded commands); the subscriber waits and resubscribes.
    this.pub = new Redis({ ...producerRedisOptions(url, PUBLISH_BUDGET_MS), lazyConnect: false });
    this.sub = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: false });
    // Swallow connection errors here: ioredis reconnects by itself and /ready reports the state.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('message', (channel: string, message: string) => {
      const topic = channel.slice(this.prefix.length + 1);
      try {
        this.local.emit(topic, JSON.parse(message));
      } catch {
        /* a malformed message from another instance is dropped */
      }
    });
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    const message = JSON.stringify(payload);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer from Redis within ${PUBLISH_BUDGET_MS} ms`), PUBLISH_BUDGET_MS);
    });
    try {
      const problem = await Promise.race([this.send(`${this.prefix}:${topic}`, message), budget]);
      if (problem) this.drop(problem);
      else this.delivered();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves null once Redis took the message, or the reason it did not; never rejects. */
  private async send(channel: string, message: string): Promise<string | null> {
    try {
      const status = this.pub.status;
      // Known to be down: drop at once rather than queue (a stale message is worth less than a prompt answer).
      if (status === 'reconnecting' || status === 'close' || status === 'end') return `Redis connection is ${status}`;
      // Not yet connected (start-up, or a reconnect attempt in flight): wait for it, within the budget.
      if (status !== 'ready') await this.untilReady();
      await this.pub.publish(channel, message);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  private untilReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.pub.off('ready', onReady);
        this.pub.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => done();
      const onClose = () => done(new Error('Redis connection closed'));
      const timer = setTimeout(() => done(new Error(`Redis not ready within ${PUBLISH_BUDGET_MS} ms`)), PUBLISH_BUDGET_MS);
      this.pub.once('ready', onReady);
      this.pub.once('close', onClose);
    });
  }

  private drop(reason: string): void {
    if (this.dropped++ === 0) this.logger.warn(`live updates are not being sent (Redis: ${reason}); clients catch up when they re-read`);
  }

  private delivered(): void {
    if (this.dropped > 0) {
      this.logger.warn(`live updates sent again; ${this.dropped} were dropped while Redis was unreachable`);
      this.dropped = 0;
    }
  }

  subscribe(topic: string): AsyncIterableIterator<unknown> {
    return iteratorOf((push) => {
      this.local.on(topic, push);
      const n = (this.counts.get(topic) ?? 0) + 1;
      this.counts.set(topic, n);
      if (n === 1) void this.sub.subscribe(`${this.prefix}:${topic}`).catch(() => undefined);
      return () => {
        this.local.off(topic, push);
        const left = (this.counts.get(topic) ?? 1) - 1;
        this.counts.set(topic, left);
        if (left === 0) void this.sub.unsubscribe(`${this.prefix}:${topic}`).catch(() => undefined);
      };
    });
  }

  /** Resolves once the subscriber connection has confirmed every pending SUBSCRIBE. */
  async ready(): Promise<void> {
    await this.sub.ping().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
