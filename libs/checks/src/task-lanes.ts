import { AppException, ErrorCode } from '@anpi/core';

interface Lane {
  waiters: { go: () => void; fail: (e: unknown) => void }[];
}

/**
 * One lane per task in this process: checks on the same task run one after the other here, so at most one
 * of them waits for the task's row lock in the database (holding a pooled connection), however many arrive
 * at once. Waiting in the lane has no time limit while the lane moves; when the check at the head gives up
 * on the row lock (LOCKED: a transaction elsewhere holds the row), every check queued behind it is answered
 * LOCKED at once instead of each waiting out its own lock timeout in turn.
 */
export class TaskLanes {
  private readonly lanes = new Map<string, Lane>();

  async run<T>(taskId: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(taskId);
    if (lane) {
      const l = lane;
      await new Promise<void>((go, fail) => l.waiters.push({ go, fail }));
    } else {
      lane = { waiters: [] };
      this.lanes.set(taskId, lane);
    }
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AppException && e.code === ErrorCode.LOCKED) for (const w of lane.waiters.splice(0)) w.fail(e);
      throw e;
    } finally {
      const next = lane.waiters.shift();
      if (next) next.go();
      else this.lanes.delete(taskId);
    }
  }

  /** Tasks with checks running or queued (for tests). */
  get size(): number {
    return this.lanes.size;
  }
}
