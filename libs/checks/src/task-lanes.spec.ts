import { AppException } from '@anpi/core';
import { TaskLanes } from './task-lanes';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe(TaskLanes.name, () => {
  it('runs work on one task one at a time, in arrival order, and other tasks alongside', async () => {
    const lanes = new TaskLanes();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (task: string, n: number) =>
      lanes.run(task, async () => {
        running++;
        most = Math.max(most, running);
        log.push(`${task}${n}`);
        await tick();
        running--;
        return n;
      });
    const out = await Promise.all([job('a', 1), job('a', 2), job('b', 1), job('a', 3)]);
    expect(out).toEqual([1, 2, 1, 3]);
    expect(log.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(most).toBe(2); // a and b at once, never two of a
    expect(lanes.size).toBe(0);
  });

  it('answers LOCKED to everything queued behind a check that gave up on the row lock, and recovers after', async () => {
    const lanes = new TaskLanes();
    const locked = AppException.locked('This task');
    const first = lanes.run('t', async () => {
      await tick();
      throw locked;
    });
    const second = lanes.run('t', async () => 'ran');
    const third = lanes.run('t', async () => 'ran');
    await expect(first).rejects.toBe(locked);
    await expect(second).rejects.toBe(locked);
    await expect(third).rejects.toBe(locked);
    expect(await lanes.run('t', async () => 'after')).toBe('after');
    expect(lanes.size).toBe(0);
  });

  it('lets the next check run after any other failure', async () => {
    const lanes = new TaskLanes();
    const first = lanes.run('t', async () => {
      throw new Error('boom');
    });
    const second = lanes.run('t', async () => 'ran');
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ran');
  });
});
