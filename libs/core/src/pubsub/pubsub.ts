import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from '../queue/redis-options';

/**
 * Live-update fan-out. In memory for one embedded process; Redis pub/sub across API instances.
 * Messages carry ids and statuses, never personal data: each subscriber re-reads through the access
 * policy what it may show.
 */
export abstract class PubSub {
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

export class RedisPubSub extends PubSub {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();

  constructor(url: string, private readonly prefix: string) {
    super();
    const opts = { ...redisOptionsFromUrl(url), lazyConnect: false };
    this.pub = new Redis(opts);
    this.sub = new Redis(opts);
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
    await this.pub.publish(`${this.prefix}:${topic}`, JSON.stringify(payload));
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
