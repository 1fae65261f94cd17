/**
 * The schema walk: enumerates every path from the Query and Subscription roots to a classified field,
 * builds queries that batch a root field's paths (within the API's depth and complexity limits), and checks
 * each answer against the real access policy for the person every value belongs to.
 */
import {
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessFactsRepository, Actor, decide, Decision, DataClass, PersonFacts, PolicyDecision } from '@anpi/access';
import { GRAPHQL_LIMITS, measureOperation } from '../../../apps/api/src/graphql-limits';
import { ANCHOR_FIELDS, CLASSIFICATION, Cls, FieldRule, OWNER_FIELDS, redactRule, ruleOf, SENSITIVE, SensitiveCls } from './classification';

export type RootKind = 'query' | 'subscription';

export interface Step {
  type: string;
  field: string;
  rule: FieldRule;
}

export interface WalkPath {
  root: RootKind;
  rootField: string;
  steps: Step[];
  /** Sensitive classes along the path (edges included). */
  classes: SensitiveCls[];
  /** Dotted path, e.g. `person.plan.supporters.name`. */
  key: string;
}

// ─────────────────────────────────────────────────────────── classification against the live schema

export interface ClassificationProblems {
  /** Object types or fields without a class: the suite fails on these. */
  missing: string[];
  /** Overrides naming a field the type does not have (a typo would fall back to the default). */
  unknownOverrides: string[];
  /** Table entries for types the schema no longer has (reported, harmless). */
  staleTypes: string[];
}

function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith('__'))
    .filter((t): t is GraphQLObjectType => isObjectType(t));
}

export function classificationProblems(schema: GraphQLSchema): ClassificationProblems {
  const missing: string[] = [];
  const unknownOverrides: string[] = [];
  for (const t of Object.values(schema.getTypeMap())) {
    if (t.name.startsWith('__')) continue;
    if (isUnionType(t) || isInterfaceType(t)) missing.push(`${t.name} (abstract types are not supported by the walk yet: classify and extend it)`);
  }
  for (const t of objectTypes(schema)) {
    const entry = CLASSIFICATION[t.name];
    if (!entry) {
      missing.push(t.name);
      continue;
    }
    const fields = t.getFields();
    for (const f of Object.keys(fields)) if (!ruleOf(t.name, f)) missing.push(`${t.name}.${f}`);
    for (const f of Object.keys(entry.fields ?? {})) if (!fields[f]) unknownOverrides.push(`${t.name}.${f}`);
  }
  const present = new Set(objectTypes(schema).map((t) => t.name));
  const staleTypes = Object.keys(CLASSIFICATION).filter((n) => !present.has(n));
  return { missing, unknownOverrides, staleTypes };
}

// ─────────────────────────────────────────────────────────── paths

const isSensitive = (c: Cls): c is SensitiveCls => c !== 'NONE';

export function enumeratePaths(schema: GraphQLSchema, maxDepth = 8): WalkPath[] {
  const out: WalkPath[] = [];
  const roots: [RootKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  for (const [root, type] of roots) {
    if (!type) continue;
    const visit = (t: GraphQLObjectType, steps: Step[], seen: Set<string>) => {
      for (const [name, def] of Object.entries(t.getFields())) {
        const rule = ruleOf(t.name, name);
        if (!rule) continue; // reported by classificationProblems
        const next = [...steps, { type: t.name, field: name, rule }];
        const named = getNamedType(def.type);
        if (isObjectType(named)) {
          if (seen.has(named.name) || next.length >= maxDepth) continue; // no cycles; a leaf below must stay within maxDepth
          visit(named, next, new Set([...seen, named.name]));
          continue;
        }
        const classes = [...new Set(next.map((s) => s.rule.cls).filter(isSensitive))];
        if (!classes.length) continue;
        out.push({ root, rootField: next[0].field, steps: next, classes, key: next.map((s) => s.field).join('.') });
      }
    };
    visit(type, [], new Set([type.name]));
  }
  return out;
}

// ─────────────────────────────────────────────────────────── queries

interface SelNode {
  children: Map<string, SelNode>;
}

const newNode = (): SelNode => ({ children: new Map() });

/** A GraphQL literal: strings, numbers, booleans, arrays, input objects; `{ $enum: 'X' }` for enum values. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  const o = v as Record<string, unknown>;
  if (typeof o.$enum === 'string') return o.$enum;
  return `{ ${Object.entries(o).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }`;
}

export function argsText(args: Record<string, unknown>): string {
  const entries = Object.entries(args);
  return entries.length ? `(${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})` : '';
}

function renderSelection(schema: GraphQLSchema, type: GraphQLObjectType, node: SelNode): string {
  const fields = type.getFields();
  const names = new Set(node.children.keys());
  // Owner and anchor fields are always selected so the check knows whose value it is looking at.
  const owner = OWNER_FIELDS[type.name];
  for (const f of [owner?.personField, owner?.taskIdField, owner?.taskIdsField, ...(ANCHOR_FIELDS[type.name] ?? [])]) if (f && fields[f]) names.add(f);
  const parts: string[] = [];
  for (const name of names) {
    const named = getNamedType(fields[name].type);
    if (isObjectType(named)) parts.push(`${name} { ${renderSelection(schema, named, node.children.get(name) ?? newNode())} }`);
    else parts.push(name);
  }
  return parts.join(' ');
}

export function renderOperation(schema: GraphQLSchema, root: RootKind, rootField: string, args: Record<string, unknown>, paths: WalkPath[]): string {
  const tree = newNode();
  for (const p of paths) {
    let n = tree;
    for (const s of p.steps.slice(1)) {
      if (!n.children.has(s.field)) n.children.set(s.field, newNode());
      n = n.children.get(s.field)!;
    }
  }
  const rootType = (root === 'query' ? schema.getQueryType() : schema.getSubscriptionType())!;
  const named = getNamedType(rootType.getFields()[rootField].type);
  const body = isObjectType(named) ? ` { ${renderSelection(schema, named, tree)} }` : '';
  return `${root} Walk { ${rootField}${argsText(args)}${body} }`;
}

export function measure(schema: GraphQLSchema, doc: string): { depth: number; complexity: number } {
  const document = parse(doc);
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(schema, document, op);
}

/**
 * Splits a root field's paths into as few operations as the API's limits allow: paths are packed in order
 * while depth and complexity stay within the limits (the walk's documents use no aliases).
 */
export function chunkPaths(schema: GraphQLSchema, root: RootKind, rootField: string, args: Record<string, unknown>, paths: WalkPath[]): WalkPath[][] {
  const fits = (ps: WalkPath[]) => {
    const m = measure(schema, renderOperation(schema, root, rootField, args, ps));
    return m.complexity <= GRAPHQL_LIMITS.maxComplexity && m.depth <= GRAPHQL_LIMITS.maxDepth;
  };
  const chunks: WalkPath[][] = [];
  let chunk: WalkPath[] = [];
  for (const p of paths) {
    if (fits([...chunk, p])) chunk.push(p);
    else {
      if (!chunk.length) throw new Error(`path ${p.key} alone exceeds the API limits with args ${argsText(args)}`);
      chunks.push(chunk);
      chunk = [p];
      if (!fits(chunk)) throw new Error(`path ${p.key} alone exceeds the API limits with args ${argsText(args)}`);
    }
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

// ─────────────────────────────────────────────────────────── the oracle: the real policy, for each value's person

const CLASS: Record<SensitiveCls, DataClass> = { R: DataClass.R, P: DataClass.P, M: DataClass.M, A: DataClass.A, E: DataClass.E };
const DENIED_UNKNOWN: PolicyDecision = { decision: Decision.DENY, reason: 'OUTSIDE_SCOPE' as PolicyDecision['reason'] };

/**
 * Expected decisions, computed the way the product computes them: facts from AccessFactsRepository.factsFor,
 * then decide(). Also knows which supporters gave their own consent, and which person a task is for.
 */
export interface ScanTarget {
  id: string;
  /** Texts that belong to the person and class: none may appear in an export when the class is DENY. */
  canaries: Record<SensitiveCls, string[]>;
  /** Texts a REDACT answer of the class must still hide (supporters without consent, device details). */
  hiddenWhenRedacted: Partial<Record<SensitiveCls, string[]>>;
}

export class PolicyOracle {
  /** People whose canaries exports are scanned for. */
  scanTargets: ScanTarget[] = [];
  private readonly facts = new Map<string, Map<string, PersonFacts | null>>();
  readonly taskOwner = new Map<string, string>();
  private readonly supporters = new Map<string, { keys: Set<string>; values: Set<string> }>();
  private readonly supporterLoads = new Map<string, Promise<void>>();
  private readonly ds: DataSource;

  constructor(private readonly app: INestApplicationContext) {
    this.ds = app.get(DataSource);
  }

  async loadTasks(taskIds: string[]): Promise<void> {
    const missing = [...new Set(taskIds)].filter((id) => !this.taskOwner.has(id) && /^[0-9a-f-]{36}$/.test(id));
    if (!missing.length) return;
    const rows: { id: string; person_id: string }[] = await this.ds.query(`SELECT id, person_id FROM task WHERE id = ANY($1::uuid[])`, [missing]);
    for (const r of rows) this.taskOwner.set(r.id, r.person_id);
  }

  async load(actor: Actor, personIds: string[]): Promise<void> {
    const mine = this.facts.get(actor.accountId) ?? new Map<string, PersonFacts | null>();
    this.facts.set(actor.accountId, mine);
    const missing = [...new Set(personIds)].filter((id) => !mine.has(id) && /^[0-9a-f-]{36}$/.test(id));
    if (missing.length) {
      const got = await this.app.get(AccessFactsRepository).factsFor(actor, missing);
      for (const id of missing) mine.set(id, got.get(id) ?? null);
    }
    // Roles are checked concurrently: share one load per person, and never read a half-filled entry.
    const unknown = [...new Set(personIds)].filter((id) => !this.supporterLoads.has(id) && /^[0-9a-f-]{36}$/.test(id));
    if (unknown.length) {
      const load = this.loadSupporters(unknown);
      for (const id of unknown) this.supporterLoads.set(id, load);
    }
    await Promise.all([...new Set(personIds)].map((id) => this.supporterLoads.get(id)).filter(Boolean));
  }

  private async loadSupporters(ids: string[]): Promise<void> {
    const plans: { person_id: string; content: { supporters?: { key: string; name?: string | null; phone?: string | null; address?: string | null; accountId?: string | null }[] } }[] =
      await this.ds.query(
        `SELECT r.person_id, r.content FROM plan pl JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision WHERE pl.person_id = ANY($1::uuid[])`,
        [ids],
      );
    const consents: { person_id: string; supporter_key: string; decision: string }[] = await this.ds.query(
      `SELECT DISTINCT ON (person_id, supporter_key) person_id, supporter_key, decision FROM consent_record
        WHERE person_id = ANY($1::uuid[]) AND scope = 'SUPPORTER_PLAN_SHARE' AND supporter_key IS NOT NULL
        ORDER BY person_id, supporter_key, obtained_at DESC, recorded_at DESC`,
      [ids],
    );
    const agreed = new Set(consents.filter((c) => c.decision === 'AGREE').map((c) => `${c.person_id}/${c.supporter_key}`));
    for (const id of ids) this.supporters.set(id, { keys: new Set(), values: new Set() });
    for (const p of plans) {
      const entry = this.supporters.get(p.person_id)!;
      for (const x of p.content.supporters ?? []) {
        if (!agreed.has(`${p.person_id}/${x.key}`)) continue;
        entry.keys.add(x.key);
        for (const v of [x.name, x.phone, x.address, x.accountId]) if (v) entry.values.add(v);
      }
    }
  }

  decision(actor: Actor, personId: string, cls: SensitiveCls): PolicyDecision {
    const f = this.facts.get(actor.accountId)?.get(personId);
    if (f === undefined) throw new Error(`facts for ${personId} were not loaded`);
    return f ? decide(actor, f, CLASS[cls]) : DENIED_UNKNOWN;
  }

  consentedSupporter(personId: string, key: string | null, value: unknown): boolean {
    const s = this.supporters.get(personId);
    if (!s) return false;
    return key !== null ? s.keys.has(key) : s.values.has(String(value));
  }
}

// ─────────────────────────────────────────────────────────── checking an answer

export interface Leak {
  path: string;
  personId: string | null;
  cls: SensitiveCls;
  decision: string;
  reason: string;
  why: string;
  value: unknown;
}

export interface CheckOutcome {
  leaks: Leak[];
  /** Non-null sensitive values seen, by class of the leaf (what the role actually received). */
  seen: Partial<Record<SensitiveCls, number>>;
  /** Sensitive values whose person could not be told (counted, never silently passed for A/E/M/P). */
  unowned: string[];
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

interface Active {
  rule: FieldRule;
  at: string;
}

const ON_GRID = (v: unknown) => typeof v === 'number' && Math.abs(v * 200 - Math.round(v * 200)) < 1e-6;

function ownerOf(type: string, obj: Record<string, Json>, inherited: string | null, oracle: PolicyOracle | null, collect?: { persons: Set<string>; tasks: Set<string> }): string | null {
  const o = OWNER_FIELDS[type];
  if (!o) return inherited;
  if (o.personField && typeof obj[o.personField] === 'string') return obj[o.personField] as string;
  const taskId = o.taskIdField ? obj[o.taskIdField] : o.taskIdsField && Array.isArray(obj[o.taskIdsField]) ? (obj[o.taskIdsField] as Json[])[0] : undefined;
  if (typeof taskId === 'string') {
    collect?.tasks.add(taskId);
    return oracle?.taskOwner.get(taskId) ?? inherited;
  }
  return inherited;
}

/** Every person and task id an answer mentions, so the oracle can load them in one go. */
export function collectIds(schema: GraphQLSchema, root: RootKind, rootField: string, data: Json | undefined, rootOwner: string | null): { persons: Set<string>; tasks: Set<string> } {
  const collect = { persons: new Set<string>(), tasks: new Set<string>() };
  if (rootOwner) collect.persons.add(rootOwner);
  const visit = (type: GraphQLObjectType, obj: Record<string, Json>) => {
    const o = OWNER_FIELDS[type.name];
    if (o?.personField && typeof obj[o.personField] === 'string') collect.persons.add(obj[o.personField] as string);
    ownerOf(type.name, obj, null, null, collect);
    const fields = type.getFields();
    for (const [k, v] of Object.entries(obj)) {
      const def = fields[k];
      if (!def || v === null) continue;
      const rule = ruleOf(type.name, k);
      const viaValue = rule?.ownerOfValue?.(v);
      if (viaValue) collect.persons.add(viaValue);
      const named = getNamedType(def.type);
      if (!isObjectType(named)) continue;
      for (const item of Array.isArray(v) ? v : [v]) if (item && typeof item === 'object' && !Array.isArray(item)) visit(named, item as Record<string, Json>);
    }
  };
  const rootType = (root === 'query' ? schema.getQueryType() : schema.getSubscriptionType())!;
  if (data && typeof data === 'object' && !Array.isArray(data)) visit(rootType, data as Record<string, Json>);
  return collect;
}

/**
 * Checks one answer: every non-null value must be allowed by the policy for every class on its path
 * (for the person the value belongs to), and REDACT answers may carry only the redacted shape.
 */
export function checkAnswer(schema: GraphQLSchema, root: RootKind, actor: Actor, oracle: PolicyOracle, data: Json | undefined, rootOwner: string | null): CheckOutcome {
  const out: CheckOutcome = { leaks: [], seen: {}, unowned: [] };
  const scan = (rule: FieldRule, value: Json, at: string) => {
    const text = rule.document === 'base64' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : typeof value === 'string' ? value : JSON.stringify(value);
    for (const target of oracle.scanTargets) {
      for (const cls of SENSITIVE) {
        const d = oracle.decision(actor, target.id, cls);
        const banned = d.decision === Decision.DENY ? target.canaries[cls] : d.decision === Decision.REDACT ? (target.hiddenWhenRedacted[cls] ?? []) : [];
        for (const c of banned) {
          if (text.includes(c)) out.leaks.push({ path: at, personId: target.id, cls, decision: d.decision, reason: d.reason, why: `export carries "${c}"`, value: '(document)' });
        }
      }
    }
  };
  const leafCheck = (active: Active[], value: Json, owner: string | null, parent: Record<string, Json>, parentType: string, at: string) => {
    const leaf = active[active.length - 1];
    if (isSensitive(leaf.rule.cls)) out.seen[leaf.rule.cls] = (out.seen[leaf.rule.cls] ?? 0) + 1;
    if (leaf.rule.document) scan(leaf.rule, value, at);
    for (const a of active) {
      const cls = a.rule.cls;
      if (!isSensitive(cls)) continue;
      const who = (a === leaf ? a.rule.ownerOfValue?.(value) : null) ?? owner;
      if (!who && leaf.rule.document) continue; // an export about many people: the scan above decides
      if (!who) {
        out.unowned.push(`${at} (${cls})`);
        continue;
      }
      const d = oracle.decision(actor, who, cls);
      const leak = (why: string) => out.leaks.push({ path: at, personId: who, cls, decision: d.decision, reason: d.reason, why, value });
      if (d.decision === Decision.ALLOW) continue;
      if (d.decision === Decision.DENY) {
        if (a.rule.deny === 'approximate' && ON_GRID(value)) continue;
        leak(a.rule.deny === 'approximate' ? 'an exact location where only the ~500 m one may show' : `non-null ${cls} value under DENY (${a.at})`);
        continue;
      }
      const r = redactRule(a.rule);
      if (r === 'shown') continue;
      if (r === 'hidden') {
        leak(`${cls} REDACT hides ${a.at}`);
        continue;
      }
      const key = parentType === 'Supporter' && typeof parent.key === 'string' ? parent.key : null;
      if (!oracle.consentedSupporter(who, key, value)) leak(`supporter detail without the supporter's own consent (${a.at})`);
    }
  };
  const visit = (type: GraphQLObjectType, obj: Record<string, Json>, active: Active[], owner: string | null, at: string) => {
    const me = ownerOf(type.name, obj, owner, oracle);
    const fields = type.getFields();
    for (const [k, v] of Object.entries(obj)) {
      const def = fields[k];
      if (!def) continue;
      let rule = ruleOf(type.name, k);
      if (!rule) continue;
      if (rule.dynamic) rule = { ...rule.dynamic(obj), ownerOfValue: rule.ownerOfValue };
      if (v === null || (Array.isArray(v) && v.length === 0)) continue;
      const here = at ? `${at}.${k}` : k;
      const chain = [...active, { rule, at: `${type.name}.${k}` }];
      const named = getNamedType(def.type);
      if (isObjectType(named)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          if (item && typeof item === 'object' && !Array.isArray(item)) visit(named, item as Record<string, Json>, chain, me, here);
        }
        continue;
      }
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) if (item !== null) leafCheck(chain, item, me, obj, type.name, here);
    }
  };
  const rootType = (root === 'query' ? schema.getQueryType() : schema.getSubscriptionType())!;
  if (data && typeof data === 'object' && !Array.isArray(data)) visit(rootType, data as Record<string, Json>, [], rootOwner, '');
  return out;
}
