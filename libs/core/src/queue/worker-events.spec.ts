import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { WorkerEvents, attachWorkerLog } from './worker-events';

class FakeWorker extends EventEmitter {
  readonly name = 'incidents';
}

function logger() {
  const lines: { level: string; text: string }[] = [];
  const l = { warn: (text: string) => lines.push({ level: 'warn', text }), error: (text: string) => lines.push({ level: 'error', text }), log: () => undefined } as unknown as Logger;
  return { l, lines };
}

const flush = () => new Promise((r) => setImmediate(r));

describe(attachWorkerLog.name, () => {
  it('logs a stalled job with its name and id (looked up, since the event carries only the id)', async () => {
    const w = new FakeWorker();
    const { l, lines } = logger();
    attachWorkerLog(w as unknown as WorkerEvents, l, async (id) => (id === 'gen-1-v1' ? 'GenerateTasks' : null));
    w.emit('stalled', 'gen-1-v1', 'active');
    w.emit('stalled', 'gone', 'active');
    await flush();
    expect(lines).toEqual([
      { level: 'warn', text: expect.stringMatching(/stalled on queue incidents: GenerateTasks \(id gen-1-v1\)/) },
      { level: 'warn', text: expect.stringMatching(/stalled on queue incidents: unknown job \(id gone\)/) },
    ]);
  });

  it('logs failed attempts with name, id and attempt, as an error once no retry is left, and never the job data', () => {
    const w = new FakeWorker();
    const { l, lines } = logger();
    attachWorkerLog(w as unknown as WorkerEvents, l, async () => null);
    const job = (attemptsMade: number) => ({ name: 'GenerateTasks', id: 'gen-1-v1', attemptsMade, opts: { attempts: 5 }, data: { incidentId: 'secret-looking-id' } }) as unknown as Job;
    w.emit('failed', job(1), new Error('boom'), 'active');
    w.emit('failed', job(5), new Error('boom'), 'active');
    expect(lines[0]).toEqual({ level: 'warn', text: expect.stringMatching(/GenerateTasks \(id gen-1-v1\), attempt 1 of 5, will retry: boom/) });
    expect(lines[1]).toEqual({ level: 'error', text: expect.stringMatching(/attempt 5 of 5, no retry left: boom/) });
    expect(lines.map((x) => x.text).join('\n')).not.toMatch(/secret-looking-id/);
  });

  it('logs worker connection errors once, not once per reconnect attempt', () => {
    const w = new FakeWorker();
    const { l, lines } = logger();
    attachWorkerLog(w as unknown as WorkerEvents, l, async () => null);
    for (let i = 0; i < 5; i++) w.emit('error', new Error('connect ECONNREFUSED'));
    expect(lines).toHaveLength(1);
  });
});
