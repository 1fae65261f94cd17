import { CheckEventFacts, CheckOutcome, reduceTaskStatus, TaskStatus } from './task-status';

const t0 = new Date('2026-11-26T03:00:00Z').getTime();
const ev = (id: string, outcome: CheckOutcome, observedMin: number, receivedMin: number, byCoordinator = false): CheckEventFacts => ({
  id, outcome, observedAt: new Date(t0 + observedMin * 60000), receivedAt: new Date(t0 + receivedMin * 60000), byCoordinator,
});

describe(reduceTaskStatus.name, () => {
  it('is UNCHECKED without events', () => {
    expect(reduceTaskStatus([])).toEqual({ status: TaskStatus.UNCHECKED, decidingEventId: null, staleAfterNeedsHelp: [] });
  });

  it('takes the latest observation, whatever order the events arrived in', () => {
    const events = [ev('a', CheckOutcome.NOT_REACHABLE, 10, 10), ev('b', CheckOutcome.EVACUATED, 30, 31), ev('c', CheckOutcome.SAFE_AT_HOME, 20, 40)];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      expect(reduceTaskStatus(order.map((i) => events[i])).status).toBe(TaskStatus.EVACUATED);
    }
  });

  it('keeps NEEDS_HELP when a stale "safe" from an offline phone syncs later, and flags it', () => {
    const r = reduceTaskStatus([ev('help', CheckOutcome.NEEDS_HELP, 20, 21), ev('stale', CheckOutcome.SAFE_AT_HOME, 5, 90)]);
    expect(r.status).toBe(TaskStatus.NEEDS_HELP);
    expect(r.staleAfterNeedsHelp).toEqual(['stale']);
  });

  it('keeps NEEDS_HELP against a later "safe" from a non-coordinator, and flags it', () => {
    const r = reduceTaskStatus([ev('help', CheckOutcome.NEEDS_HELP, 20, 21), ev('later', CheckOutcome.SAFE_AT_HOME, 30, 31)]);
    expect(r).toEqual({ status: TaskStatus.NEEDS_HELP, decidingEventId: 'help', staleAfterNeedsHelp: ['later'] });
  });

  it('lets a coordinator lower NEEDS_HELP, and a hospital transfer settle it', () => {
    expect(reduceTaskStatus([ev('help', CheckOutcome.NEEDS_HELP, 20, 21), ev('coord', CheckOutcome.SAFE_AT_HOME, 30, 31, true)]).status).toBe(TaskStatus.SAFE_AT_HOME);
    expect(reduceTaskStatus([ev('help', CheckOutcome.NEEDS_HELP, 20, 21), ev('amb', CheckOutcome.HOSPITALISED, 30, 31)]).status).toBe(TaskStatus.HOSPITALISED);
  });

  it('breaks ties of the same observed time deterministically (server time, then id)', () => {
    const a = ev('a', CheckOutcome.SAFE_AT_HOME, 10, 11);
    const b = ev('b', CheckOutcome.NOT_REACHABLE, 10, 11);
    expect(reduceTaskStatus([a, b]).status).toBe(reduceTaskStatus([b, a]).status);
    expect(reduceTaskStatus([a, b]).decidingEventId).toBe('b');
  });
});
