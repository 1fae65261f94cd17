import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, DataClass, Decision, PolicyDecision } from '@anpi/access';
import { PersonEntity } from '@anpi/people';
import { sqlRows } from '@anpi/core';
import { ChecksService } from './checks.service';
import { TaskContext } from './graphql/task.mapper';
import { TaskEntity } from './task.entity';

/**
 * Loads what task models need in a few queries for a whole page (people, supporters, consents,
 * claimant names) after the access policy has decided — no per-task queries. The API resolves these on
 * demand through a per-request TaskViewLoader; exports take everything at once (`context`).
 */
@Injectable()
export class TaskViewService {
  constructor(
    private readonly ds: DataSource,
    private readonly checks: ChecksService,
  ) {}

  /** Everything at once for a whole page (exports: the printed list shows it all). */
  async context(actor: Actor, tasks: TaskEntity[], operation: string): Promise<TaskContext> {
    const decisions = await this.checks.personDecisions(actor, tasks, operation);
    const personIds = [...new Set(tasks.map((t) => t.personId))];
    const people = new Map((await this.ds.getRepository(PersonEntity).findBy({ id: In(personIds) })).map((p) => [p.id, p]));
    const { supporters, consented } = await supportersOf(this.ds, personIds);
    const claimers = [...new Set(tasks.map((t) => t.claimedBy).filter((x): x is string => !!x))];
    const names = new Map(
      claimers.length
        ? sqlRows<{ id: string; display_name: string }>(await this.ds.query(`SELECT id, display_name FROM account WHERE id = ANY($1::uuid[])`, [claimers])).map((r) => [r.id, r.display_name])
        : [],
    );
    return { accountId: actor.accountId, decisions, people, supporters, consentedSupporters: consented, names };
  }

  private readonly loaders = new WeakMap<object, TaskViewLoader>();

  /** The loader of one GraphQL request (keyed by its context object). */
  loader(requestContext: object, actor: Actor): TaskViewLoader {
    let l = this.loaders.get(requestContext);
    if (!l) {
      l = new TaskViewLoader(this.ds, this.checks, actor);
      this.loaders.set(requestContext, l);
    }
    return l;
  }

  private readonly claimantNames = new Map<string, { name: string | null; until: number }>();

  /**
   * The display name of a claiming account, for live updates: every subscriber resolves every change, so
   * names are kept for a minute (a renamed account shows its new name within that minute).
   */
  async claimantName(accountId: string | null): Promise<string | null> {
    if (!accountId) return null;
    const now = Date.now();
    const kept = this.claimantNames.get(accountId);
    if (kept && kept.until > now) return kept.name;
    const [row] = sqlRows<{ display_name: string }>(await this.ds.query(`SELECT display_name FROM account WHERE id = $1`, [accountId]));
    if (this.claimantNames.size > 5000) this.claimantNames.clear();
    this.claimantNames.set(accountId, { name: row?.display_name ?? null, until: now + 60_000 });
    return row?.display_name ?? null;
  }
}

type Supporter = { key: string; name: string; relation: string; phone: string | null };

/**
 * A per-request batch loader (DataLoader-like): `load` calls made while one GraphQL execution step runs are
 * collected and fetched together once the current promise jobs have run; answers are cached for the request.
 */
export class Batch<K, V> {
  private readonly cache = new Map<K, Promise<V>>();
  private queue = new Map<K, { resolve: (v: V) => void; reject: (e: unknown) => void }>();
  private scheduled = false;

  constructor(
    private readonly fetch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: V,
  ) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const p = new Promise<V>((resolve, reject) => this.queue.set(key, { resolve, reject }));
    this.cache.set(key, p);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the promise jobs of this execution step (every sibling field has asked by then), as DataLoader does.
      void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
    }
    return p;
  }

  private async dispatch(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = new Map();
    try {
      const got = await this.fetch([...batch.keys()]);
      for (const [k, d] of batch) d.resolve(got.has(k) ? got.get(k)! : this.missing);
    } catch (e) {
      for (const [k, d] of batch) {
        this.cache.delete(k);
        d.reject(e);
      }
    }
  }
}

const DENIED: PolicyDecision = { decision: Decision.DENY, reason: 'OUTSIDE_SCOPE' as PolicyDecision['reason'] };

/**
 * What the on-demand Task fields of one request need, batched: the policy's decisions (per operation and
 * incident, for only the classes asked for — so reads and denials are audited as before, and nothing is read
 * or audited for a field nobody selected), the people, their plan supporters with consents, claimant names.
 */
export class TaskViewLoader {
  private readonly decisions: Batch<string, PolicyDecision>;
  readonly people: Batch<string, PersonEntity | null>;
  readonly supporters: Batch<string, { supporters: Supporter[]; consented: Set<string> }>;
  readonly names: Batch<string, string | null>;

  constructor(
    private readonly ds: DataSource,
    private readonly checks: ChecksService,
    private readonly actor: Actor,
  ) {
    this.decisions = new Batch(async (keys) => {
      // key: operation \0 incidentId \0 personId \0 class
      const groups = new Map<string, { operation: string; incidentId: string; people: Set<string>; classes: Set<DataClass> }>();
      for (const k of keys) {
        const [operation, incidentId, personId, cls] = k.split('\0');
        const g = groups.get(`${operation}\0${incidentId}`) ?? { operation, incidentId, people: new Set<string>(), classes: new Set<DataClass>() };
        g.people.add(personId);
        g.classes.add(cls as DataClass);
        groups.set(`${operation}\0${incidentId}`, g);
      }
      const out = new Map<string, PolicyDecision>();
      for (const g of groups.values()) {
        const d = await this.checks.peopleDecisions(this.actor, [...g.people], g.incidentId, g.operation, [...g.classes]);
        for (const k of keys) {
          const [operation, incidentId, personId, cls] = k.split('\0');
          if (operation === g.operation && incidentId === g.incidentId) out.set(k, d.get(personId, cls as DataClass));
        }
      }
      return out;
    }, DENIED);
    this.people = new Batch(async (ids) => new Map((await this.ds.getRepository(PersonEntity).findBy({ id: In(ids) })).map((p) => [p.id, p])), null);
    this.supporters = new Batch(async (ids) => {
      const { supporters, consented } = await supportersOf(this.ds, ids);
      return new Map(ids.map((id) => [id, { supporters: supporters.get(id) ?? [], consented: consented.get(id) ?? new Set<string>() }]));
    }, { supporters: [], consented: new Set<string>() });
    this.names = new Batch(async (ids) => new Map(sqlRows<{ id: string; display_name: string }>(await this.ds.query(`SELECT id, display_name FROM account WHERE id = ANY($1::uuid[])`, [ids])).map((r) => [r.id, r.display_name])), null);
  }

  /** The policy's decision for the person of a task and one class, in the context of the operation that returned it. */
  decision(task: TaskEntity, operation: string, cls: DataClass): Promise<PolicyDecision> {
    return this.decisions.load(`${operation}\0${task.incidentId}\0${task.personId}\0${cls}`);
  }
}

/** The supporters named in the current plan revisions of `personIds`, and which of them agreed to share (SUPPORTER_PLAN_SHARE). */
async function supportersOf(ds: DataSource, personIds: string[]) {
  const sup = sqlRows<{ person_id: string; supporters: Supporter[] }>(
    await ds.query(
      `SELECT pl.person_id, r.content->'supporters' AS supporters FROM plan pl
         JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
        WHERE pl.person_id = ANY($1::uuid[])`,
      [personIds],
    ),
  );
  const consents = sqlRows<{ person_id: string; supporter_key: string; decision: string }>(
    await ds.query(
      `SELECT DISTINCT ON (person_id, supporter_key) person_id, supporter_key, decision FROM consent_record
        WHERE person_id = ANY($1::uuid[]) AND scope = 'SUPPORTER_PLAN_SHARE'
        ORDER BY person_id, supporter_key, obtained_at DESC, recorded_at DESC`,
      [personIds],
    ),
  ).filter((c) => c.decision === 'AGREE');
  const consented = new Map<string, Set<string>>();
  for (const c of consents) consented.set(c.person_id, (consented.get(c.person_id) ?? new Set()).add(c.supporter_key));
  return { supporters: new Map(sup.map((s) => [s.person_id, s.supporters ?? []])), consented };
}
