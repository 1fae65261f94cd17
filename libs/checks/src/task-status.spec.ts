import { applyLaterEvent, CheckEventFacts, CheckOutcome, DerivedState, reduceTaskStatus, TaskStatus } from './task-status';

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

/** A small seeded generator, so a failing sequence can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(applyLaterEvent.name, () => {
  const outcomes = Object.values(CheckOutcome);

  it('equals the full reduction (status and whether the new event is stale) whenever it applies, over random sequences', () => {
    let applied = 0;
    let fellBack = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const rnd = mulberry32(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
      // Mostly later observations (phones online), some late syncs and colliding times; arrival times mostly
      // rising, sometimes not (a transaction that began earlier commits later).
      const n = 1 + Math.floor(rnd() * 25);
      const events: CheckEventFacts[] = [];
      let state: DerivedState = { status: TaskStatus.UNCHECKED, lastObservedAt: null, eventCount: 0 };
      let clock = 0;
      for (let i = 0; i < n; i++) {
        clock += Math.floor(rnd() * 3);
        const observed = rnd() < 0.7 ? clock : clock - Math.floor(rnd() * 20);
        const received = clock + 5 - (rnd() < 0.1 ? 1 : 0);
        const e = ev(`e${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${i}`, pick(outcomes), observed, received, rnd() < 0.15);
        events.push(e);
        const full = reduceTaskStatus(events);
        const inc = applyLaterEvent(state, e);
        if (inc) {
          applied++;
          expect({ seed, i, status: inc.status, stale: inc.stale }).toEqual({ seed, i, status: full.status, stale: full.staleAfterNeedsHelp.includes(e.id) });
        } else {
          fellBack++;
        }
        const last = state.lastObservedAt && state.lastObservedAt > e.observedAt ? state.lastObservedAt : e.observedAt;
        state = { status: full.status, lastObservedAt: last, eventCount: state.eventCount + 1 };
      }
    }
    // Both paths were exercised, and the incremental one is the common case.
    expect(applied).toBeGreaterThan(fellBack);
    expect(fellBack).toBeGreaterThan(100);
  });

  it('falls back to the full reduction for an observation at or before the latest one', () => {
    const prev: DerivedState = { status: TaskStatus.SAFE_AT_HOME, lastObservedAt: new Date(t0 + 10 * 60000), eventCount: 1 };
    expect(applyLaterEvent(prev, ev('x', CheckOutcome.NEEDS_HELP, 10, 20))).toBeNull();
    expect(applyLaterEvent(prev, ev('y', CheckOutcome.NEEDS_HELP, 5, 20))).toBeNull();
    expect(applyLaterEvent({ ...prev, lastObservedAt: null }, ev('z', CheckOutcome.NEEDS_HELP, 50, 60))).toBeNull();
  });

  it('keeps NEEDS_HELP against a later weak report and flags it; a coordinator lowers it', () => {
    const prev: DerivedState = { status: TaskStatus.NEEDS_HELP, lastObservedAt: new Date(t0 + 10 * 60000), eventCount: 2 };
    expect(applyLaterEvent(prev, ev('w', CheckOutcome.SAFE_AT_HOME, 11, 12))).toEqual({ status: TaskStatus.NEEDS_HELP, stale: true });
    expect(applyLaterEvent(prev, ev('c', CheckOutcome.SAFE_AT_HOME, 11, 12, true))).toEqual({ status: TaskStatus.SAFE_AT_HOME, stale: false });
    expect(applyLaterEvent(prev, ev('h', CheckOutcome.HOSPITALISED, 11, 12))).toEqual({ status: TaskStatus.HOSPITALISED, stale: false });
  });
});
