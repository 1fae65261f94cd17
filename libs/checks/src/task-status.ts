/**
 * Safety-check outcomes (DOMAIN §7.6 safety_status) and the pure reduction from a task's append-only
 * events to its status. No Nest, no database: table-tested in task-status.spec.ts.
 */
export enum CheckOutcome {
  /** 無事(在宅). */
  SAFE_AT_HOME = 'SAFE_AT_HOME',
  /** 在宅避難継続・要支援: staying home, needs support (supplies, power, care). */
  HOME_NEEDS_SUPPORT = 'HOME_NEEDS_SUPPORT',
  /** 避難済(場所): evacuated to a named shelter or elsewhere. */
  EVACUATED = 'EVACUATED',
  /** 要救助: needs help now. Sticky. */
  NEEDS_HELP = 'NEEDS_HELP',
  /** 搬送・入院. */
  HOSPITALISED = 'HOSPITALISED',
  /** 連絡不能: visited or called, not reached. */
  NOT_REACHABLE = 'NOT_REACHABLE',
  /** (restricted) 死亡. */
  DECEASED = 'DECEASED',
  /** (restricted) 行方不明. */
  MISSING = 'MISSING',
}

export enum TaskStatus {
  UNCHECKED = 'UNCHECKED',
  SAFE_AT_HOME = 'SAFE_AT_HOME',
  HOME_NEEDS_SUPPORT = 'HOME_NEEDS_SUPPORT',
  EVACUATED = 'EVACUATED',
  NEEDS_HELP = 'NEEDS_HELP',
  HOSPITALISED = 'HOSPITALISED',
  NOT_REACHABLE = 'NOT_REACHABLE',
  DECEASED = 'DECEASED',
  MISSING = 'MISSING',
}

/** Outcomes only municipal coordinators, fire/police and medical responders may record. */
export const RESTRICTED_OUTCOMES: ReadonlySet<CheckOutcome> = new Set([CheckOutcome.DECEASED, CheckOutcome.MISSING]);

/** Outcomes that settle a "needs help" flag when anyone records them (the person was reached and handed over). */
const SETTLING: ReadonlySet<CheckOutcome> = new Set([CheckOutcome.HOSPITALISED, CheckOutcome.DECEASED]);

export interface CheckEventFacts {
  id: string;
  outcome: CheckOutcome;
  observedAt: Date;
  receivedAt: Date;
  /** Recorded by a municipal coordinator: may lower a "needs help" status. */
  byCoordinator: boolean;
}

export interface Reduction {
  status: TaskStatus;
  /** The event that decided the status (null when unchecked). */
  decidingEventId: string | null;
  /** Events that would have lowered a sticky "needs help" but did not: shown to the coordinator. */
  staleAfterNeedsHelp: string[];
}

/** Deterministic order: observed time, then server time, then id. */
export function byObservation(a: CheckEventFacts, b: CheckEventFacts): number {
  return a.observedAt.getTime() - b.observedAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The task's status from its events, whatever order they arrived in. The latest observation wins,
 * except that NEEDS_HELP is sticky: once someone reports it, only a coordinator's later report, or a
 * settling outcome (hospitalised, deceased), lowers it. Reports that tried to lower it are returned
 * so the coordinator sees them (RELIABILITY §4.6).
 */
export function reduceTaskStatus(events: CheckEventFacts[]): Reduction {
  const sorted = [...events].sort(byObservation);
  let status = TaskStatus.UNCHECKED;
  let deciding: string | null = null;
  const stale: string[] = [];
  for (const e of sorted) {
    const next = e.outcome as unknown as TaskStatus;
    if (status === TaskStatus.NEEDS_HELP && next !== TaskStatus.NEEDS_HELP && !e.byCoordinator && !SETTLING.has(e.outcome)) {
      stale.push(e.id);
      continue;
    }
    status = next;
    deciding = e.id;
  }
  // An event observed before a NEEDS_HELP report but received after it (an offline phone syncing late)
  // is also stale if it would have lowered the status had it arrived first.
  const firstHelp = sorted.find((e) => e.outcome === CheckOutcome.NEEDS_HELP);
  if (firstHelp && status === TaskStatus.NEEDS_HELP) {
    for (const e of sorted) {
      if (e.outcome !== CheckOutcome.NEEDS_HELP && e.receivedAt > firstHelp.receivedAt && e.observedAt < firstHelp.observedAt && !stale.includes(e.id)) stale.push(e.id);
    }
  }
  return { status, decidingEventId: deciding, staleAfterNeedsHelp: stale };
}

/** An event that sets the status whatever it was (NEEDS_HELP, a coordinator's report, a settling outcome); others cannot lower NEEDS_HELP. */
export function isStrong(outcome: CheckOutcome, byCoordinator: boolean): boolean {
  return outcome === CheckOutcome.NEEDS_HELP || byCoordinator || SETTLING.has(outcome);
}

/** What a task row keeps of its events' reduction: enough to apply a later observation without reloading them. */
export interface DerivedState {
  /** The reduction of the events so far. */
  status: TaskStatus;
  /** The latest observedAt among the events (null when there are none). */
  lastObservedAt: Date | null;
  eventCount: number;
}

/**
 * Applies one new event to the stored reduction when that gives exactly what reduceTaskStatus over all
 * events would: when the event is observed strictly after every earlier one, it sorts last, so
 * - it is "strong" (NEEDS_HELP, a coordinator's report or a settling outcome) and sets the status, or
 * - it is a weak report after a sticky NEEDS_HELP: the status stays and the event is stale, or
 * - it sets the status to its outcome;
 * and the late-sync rule cannot flag it (it is not observed before any NEEDS_HELP). Returns null when the
 * event sorts before or beside an earlier one: the caller then reduces all events.
 * (The stored status is NEEDS_HELP exactly when the last strong event is NEEDS_HELP, so the status is all
 * the state the sticky rule needs.)
 */
export function applyLaterEvent(prev: DerivedState, e: CheckEventFacts): { status: TaskStatus; stale: boolean } | null {
  if (prev.eventCount === 0) {
    if (prev.status !== TaskStatus.UNCHECKED) return null;
  } else if (prev.lastObservedAt === null || e.observedAt.getTime() <= prev.lastObservedAt.getTime()) {
    return null;
  }
  const strong = isStrong(e.outcome, e.byCoordinator);
  if (!strong && prev.status === TaskStatus.NEEDS_HELP) return { status: TaskStatus.NEEDS_HELP, stale: true };
  return { status: e.outcome as unknown as TaskStatus, stale: false };
}

/** Severity for "worst status of a person" on the map and lists (higher = more urgent). */
export const STATUS_SEVERITY: Record<TaskStatus, number> = {
  [TaskStatus.NEEDS_HELP]: 9,
  [TaskStatus.MISSING]: 8,
  [TaskStatus.UNCHECKED]: 7,
  [TaskStatus.NOT_REACHABLE]: 6,
  [TaskStatus.HOME_NEEDS_SUPPORT]: 5,
  [TaskStatus.HOSPITALISED]: 4,
  [TaskStatus.DECEASED]: 3,
  [TaskStatus.EVACUATED]: 2,
  [TaskStatus.SAFE_AT_HOME]: 1,
};
