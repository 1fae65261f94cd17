/**
 * RELIABILITY §7 D S6 (object-level authorisation, BOLA/IDOR): a Komae account asks for 100 people of Mitaka,
 * one by one and packed into aliased requests, through every query that takes a person id. Every answer must
 * be identical to the answer for an id that does not exist, and the audit log must account for the attempts.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GRAPHQL_LIMITS } from '../../apps/api/src/graphql-limits';
import { bootApp, GqlResult, TestApp } from '../support/app';
import { demoSession, Session } from '../support/schema-walk/sessions';

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Route {
  op: string;
  field: (id: string) => string;
  /** Data classes the route asks the policy for: one DENY audit row each per attempt. */
  classes: string[];
}

const ROUTES: Route[] = [
  { op: 'person', field: (id) => `person(id: "${id}") { id name address }`, classes: ['R'] },
  { op: 'plan', field: (id) => `plan(personId: "${id}") { personId supporters { name } }`, classes: ['P', 'M'] },
  { op: 'planRevisions', field: (id) => `planRevisions(personId: "${id}", first: 1) { revision }`, classes: ['P', 'M'] },
  { op: 'planSharePreview', field: (id) => `planSharePreview(personId: "${id}") { recipient }`, classes: ['P'] },
  { op: 'consents', field: (id) => `consents(personId: "${id}") { id decision }`, classes: ['R', 'P'] },
  { op: 'acpDiscussions', field: (id) => `acpDiscussions(personId: "${id}", first: 1) { id }`, classes: ['A'] },
  { op: 'acpStance', field: (id) => `acpStance(personId: "${id}") { personId }`, classes: ['A'] },
  { op: 'acpEmergencySummary', field: (id) => `acpEmergencySummary(personId: "${id}") { personId }`, classes: ['E'] },
  { op: 'acpFhirBundle', field: (id) => `acpFhirBundle(personId: "${id}")`, classes: ['A'] },
];

/** Aliases per request: the root-field limit (10) binds before the alias limit (15). */
const PER_REQUEST = Math.min(GRAPHQL_LIMITS.maxAliases, GRAPHQL_LIMITS.maxRootFields);

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** An answer with the alias names taken out, so answers for different ids can be compared. */
function shape(r: GqlResult<any>): unknown {
  return {
    data: r.data ? Object.fromEntries(Object.entries(r.data).map(([, v]) => ['x', v])) : r.data,
    errors: (r.errors ?? []).map((e) => ({ ...e, path: e.path?.map((p, i) => (i === 0 ? 'x' : p)) })),
  };
}

describe('S6: a Komae account cannot read, probe or tell apart people of Mitaka', () => {
  let t: TestApp;
  let ds: DataSource;
  let mitaka: string[];
  const unknown = Array.from({ length: 100 }, () => randomUUID());

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true' });
    ds = t.app.get(DataSource);
    mitaka = (await ds.query(`SELECT id FROM person WHERE municipality_code = '13204' ORDER BY id LIMIT 100`)).map((r: { id: string }) => r.id);
    expect(mitaka).toHaveLength(100);
  }, 120000);
  afterAll(() => t?.close());

  async function denyRows(s: Session, op: string, ids: string[], since: number): Promise<number> {
    const [r] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND account_id = $2 AND action = 'DENY' AND detail->>'operation' = $3 AND person_id = ANY($4::uuid[])`,
      [since, s.accountId, op, ids],
    );
    return r.n;
  }
  /**
   * The count once it settles: a non-null root field that fails ends the HTTP answer at once, while its
   * aliased siblings are still running (and writing their audit rows) on the server.
   */
  async function settledDenyRows(s: Session, op: string, ids: string[], since: number, expected: number): Promise<number> {
    const until = Date.now() + 10000;
    let n = await denyRows(s, op, ids, since);
    while (n < expected && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      n = await denyRows(s, op, ids, since);
    }
    return n;
  }
  const lastAuditId = async () => Number((await ds.query(`SELECT coalesce(max(id), 0)::bigint AS id FROM audit_log`))[0].id);

  describe.each(['staff.komae', 'nurse.komae'])('as %s', (login) => {
    let s: Session;
    beforeAll(async () => {
      s = await demoSession(t, login);
    });

    it('answers 100 direct person(id) lookups of Mitaka exactly as for ids that do not exist, one DENY audit row each', async () => {
      const since = await lastAuditId();
      const notFound = await t.gql(`{ ${ROUTES[0].field(unknown[0])} }`, {}, s.token);
      expect(notFound).toEqual({ data: null, errors: [{ message: 'Person not found', path: ['person'], extensions: { code: 'NOT_FOUND' } }] });
      for (const id of mitaka) expect(await t.gql(`{ ${ROUTES[0].field(id)} }`, {}, s.token)).toEqual(notFound);
      expect(await settledDenyRows(s, 'person', mitaka, since, 100)).toBe(100);
      // An id that does not exist leaves no trace: the policy has no person to write about.
      const [unknownRows] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND account_id = $2 AND person_id = $3::uuid`, [since, s.accountId, unknown[0]]);
      expect(unknownRows.n).toBe(0);
    });

    it(`refuses ${GRAPHQL_LIMITS.maxAliases} aliased lookups in one request before anything runs (root-field limit ${GRAPHQL_LIMITS.maxRootFields})`, async () => {
      const since = await lastAuditId();
      const q = `{ ${mitaka.slice(0, GRAPHQL_LIMITS.maxAliases).map((id, i) => `p${i}: ${ROUTES[0].field(id)}`).join(' ')} }`;
      const r = await t.gql(q, {}, s.token);
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await denyRows(s, 'person', mitaka, since)).toBe(0);
    });

    it.each(ROUTES.map((r) => [r.op, r] as const))('%s: 100 Mitaka ids through aliases look exactly like ids that do not exist, and each attempt is audited', async (_op, route) => {
      const since = await lastAuditId();
      const ask = (ids: string[]) => t.gql(`{ ${ids.map((id, i) => `a${i}: ${route.field(id)}`).join(' ')} }`, {}, s.token);
      const baseline = await ask(unknown.slice(0, PER_REQUEST));
      // Non-null fields (person, acp*) null the whole answer at the first error, so graphql-js may report one
      // error for the request; nullable ones (plan…) report each. Either way: nothing but NOT_FOUND.
      expect(baseline.errors?.length).toBeGreaterThan(0);
      expect(baseline.errors?.every((e) => e.extensions?.code === 'NOT_FOUND' && e.message === 'Person not found')).toBe(true);
      let requests = 0;
      for (const ids of chunks(mitaka, PER_REQUEST)) {
        const r = await ask(ids);
        requests++;
        const same = ids.length === PER_REQUEST ? baseline : await ask(unknown.slice(0, ids.length));
        expect(shape(r)).toEqual(shape(same));
      }
      expect(requests).toBe(Math.ceil(100 / PER_REQUEST));
      // Audit rows = attempts: one DENY row per attempt and data class the route asks for; none for unknown ids.
      const expected = 100 * route.classes.length;
      expect({ op: route.op, denyRows: await settledDenyRows(s, route.op, mitaka, since, expected) }).toEqual({ op: route.op, denyRows: expected });
      expect(await denyRows(s, route.op, unknown, since)).toBe(0);
      const [leaked] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND account_id = $2 AND action <> 'DENY' AND person_id = ANY($3::uuid[])`, [since, s.accountId, mitaka]);
      expect(leaked.n).toBe(0);
    });
  });
});
