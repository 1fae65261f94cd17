import { classifyRecordCheckResponse, MemoryOutboxStore, Outbox, OutboxItem, retryDelayMs, SendOutcome } from '../../apps/web/src/offline/outbox';

const tick = (id: string) => ({ clientEventId: id, taskId: 't1', outcome: 'SAFE_AT_HOME', note: null, observedAt: new Date().toISOString(), lat: null, lng: null, shelterId: null });

describe(Outbox.name, () => {
  it('keeps ticks while the network is down and delivers each once when it returns', async () => {
    const server = new Map<string, number>();
    let online = false;
    const outbox = new Outbox(new MemoryOutboxStore(), async (i: OutboxItem): Promise<SendOutcome> => {
      if (!online) throw new Error('offline');
      server.set(i.clientEventId, (server.get(i.clientEventId) ?? 0) + 1);
      return { kind: 'delivered' };
    });
    for (const id of ['a', 'b', 'c']) await outbox.enqueue(tick(id));
    expect(await outbox.flush()).toMatchObject({ pending: 3 });
    online = true;
    expect(await outbox.flush()).toMatchObject({ pending: 0, rejected: 0 });
    expect([...server.entries()]).toEqual([['a', 1], ['b', 1], ['c', 1]]);
  });

  it('keeps a refused tick, flagged, instead of dropping it', async () => {
    const outbox = new Outbox(new MemoryOutboxStore(), async () => ({ kind: 'rejected', code: 'NOT_FOUND', message: 'Task not found' }));
    await outbox.enqueue(tick('x'));
    expect(await outbox.flush()).toMatchObject({ pending: 0, rejected: 1 });
    await outbox.dismiss('x');
    expect(await outbox.state()).toMatchObject({ rejected: 0 });
  });

  it('shares one run between concurrent flushes (no double send)', async () => {
    let sends = 0;
    const outbox = new Outbox(new MemoryOutboxStore(), async () => {
      sends++;
      await new Promise((r) => setTimeout(r, 10));
      return { kind: 'delivered' };
    });
    await outbox.enqueue(tick('p'));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(sends).toBe(1);
  });

  it('wipes everything on logout', async () => {
    const outbox = new Outbox(new MemoryOutboxStore(), async () => ({ kind: 'retry', reason: 'offline' }));
    await outbox.enqueue(tick('q'));
    await outbox.wipe();
    expect(await outbox.state()).toEqual({ pending: 0, rejected: 0, sending: false });
  });
});

describe(classifyRecordCheckResponse.name, () => {
  it.each([
    [200, { data: { recordCheck: { replayed: true } } }, 'delivered'],
    [502, null, 'retry'],
    [200, { errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] }, 'retry'],
    [200, { errors: [{ message: 'x', extensions: { code: 'LOCKED' } }] }, 'retry'],
    [200, { errors: [{ message: 'x', extensions: { code: 'CONFLICT' } }] }, 'rejected'],
    [400, { errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }] }, 'rejected'],
  ] as const)('HTTP %i %j → %s', (status, body, kind) => {
    expect(classifyRecordCheckResponse(status, body as never).kind).toBe(kind);
  });

  it('backs off from about 2 s to at most 60 s', () => {
    expect(retryDelayMs(0, () => 0)).toBe(1000);
    expect(retryDelayMs(10, () => 1)).toBe(60000);
  });
});
