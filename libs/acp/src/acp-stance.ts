import {
  AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpPlace, AcpScenario, AcpTopic, AcpValue,
} from './acp.enums';
import { AcpDiscussionRecord, AcpParticipant, AcpSurrogate } from './acp-content';

/** One thing the person said about one topic, with when and before whom. */
export interface AcpStatement {
  topic: AcpTopic;
  /** Stable key of the topic: `TREATMENT:CPR:NO_RECOVERY_EXPECTED`, `PLACE_OF_DEATH`, … */
  key: string;
  intervention: AcpIntervention | null;
  scenario: AcpScenario | null;
  choice: AcpChoice | null;
  place: AcpPlace | null;
  disclosure: AcpDisclosurePreference | null;
  values: AcpValue[];
  text: string | null;
  note: string | null;
  surrogates: AcpSurrogate[] | null;
  discussionId: string;
  heldAt: Date;
  facilitatorAccountId: string;
  facilitatorName: string | null;
  participants: AcpParticipant[];
}

export interface AcpTimelineEntry extends AcpStatement {
  /** False when the person said the same as at the previous discussion that touched the topic. */
  changed: boolean;
}

export interface AcpTopicTimeline {
  topic: AcpTopic;
  key: string;
  intervention: AcpIntervention | null;
  scenario: AcpScenario | null;
  /** Oldest first. */
  entries: AcpTimelineEntry[];
}

export interface AcpStance {
  /** The latest statement per topic, from records not superseded by a correction. */
  current: AcpStatement[];
  timelines: AcpTopicTimeline[];
  /** Corrected record id → id of the record that corrected it. */
  supersededBy: Map<string, string>;
  /** The latest discussion in force (declined or not), or null when there is none. */
  lastDiscussion: AcpDiscussionRecord | null;
  /** The latest discussion in force was declined by the person. */
  declined: boolean;
  /** Discussions in force (records not superseded by a correction). */
  discussionCount: number;
}

const TOPICS = Object.values(AcpTopic);
const INTERVENTIONS = Object.values(AcpIntervention);
const SCENARIOS = Object.values(AcpScenario);

/** Effective records oldest first: held_at, then when recorded, then id (a total, stable order). */
export function chronological(a: AcpDiscussionRecord, b: AcpDiscussionRecord): number {
  return a.heldAt.getTime() - b.heldAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id);
}

/** The statements one discussion made. A declined discussion states nothing (it also retracts nothing). */
export function statementsOf(r: AcpDiscussionRecord): AcpStatement[] {
  if (r.declined) return [];
  const base = {
    intervention: null, scenario: null, choice: null, place: null, disclosure: null, values: [], text: null, note: null, surrogates: null,
    discussionId: r.id, heldAt: r.heldAt, facilitatorAccountId: r.facilitatorAccountId, facilitatorName: r.facilitatorName, participants: r.participants,
  };
  const out: AcpStatement[] = [];
  for (const p of r.preferences) {
    out.push({ ...base, topic: AcpTopic.TREATMENT, key: `${AcpTopic.TREATMENT}:${p.intervention}:${p.scenario}`, intervention: p.intervention, scenario: p.scenario, choice: p.choice, note: p.note });
  }
  if (r.preferredPlaceOfCare) out.push({ ...base, topic: AcpTopic.PLACE_OF_CARE, key: AcpTopic.PLACE_OF_CARE, place: r.preferredPlaceOfCare, note: r.placeNote });
  if (r.preferredPlaceOfDeath) out.push({ ...base, topic: AcpTopic.PLACE_OF_DEATH, key: AcpTopic.PLACE_OF_DEATH, place: r.preferredPlaceOfDeath, note: r.placeNote });
  if (r.disclosurePreference) out.push({ ...base, topic: AcpTopic.DISCLOSURE, key: AcpTopic.DISCLOSURE, disclosure: r.disclosurePreference });
  if (r.valuesChecklist.length || r.valuesText) out.push({ ...base, topic: AcpTopic.VALUES, key: AcpTopic.VALUES, values: r.valuesChecklist, text: r.valuesText });
  if (r.surrogates) out.push({ ...base, topic: AcpTopic.SURROGATES, key: AcpTopic.SURROGATES, surrogates: [...r.surrogates].sort((a, b) => a.rank - b.rank) });
  if (r.comfortWishes) out.push({ ...base, topic: AcpTopic.COMFORT, key: AcpTopic.COMFORT, text: r.comfortWishes });
  if (r.spiritualWishes) out.push({ ...base, topic: AcpTopic.SPIRITUAL, key: AcpTopic.SPIRITUAL, text: r.spiritualWishes });
  if (r.afterDeathWishes) out.push({ ...base, topic: AcpTopic.AFTER_DEATH, key: AcpTopic.AFTER_DEATH, text: r.afterDeathWishes });
  return out;
}

/** What was said, without who and when: two statements with the same signature say the same thing. */
function signature(s: AcpStatement): string {
  return JSON.stringify([s.choice, s.place, s.disclosure, [...s.values].sort(), s.text, s.note, s.surrogates?.map((x) => [x.rank, x.name, x.relation, x.phone, x.scopeNote]) ?? null]);
}

function topicOrder(a: { topic: AcpTopic; intervention: AcpIntervention | null; scenario: AcpScenario | null }, b: typeof a): number {
  return (
    TOPICS.indexOf(a.topic) - TOPICS.indexOf(b.topic) ||
    (a.intervention ? INTERVENTIONS.indexOf(a.intervention) : -1) - (b.intervention ? INTERVENTIONS.indexOf(b.intervention) : -1) ||
    (a.scenario ? SCENARIOS.indexOf(a.scenario) : -1) - (b.scenario ? SCENARIOS.indexOf(b.scenario) : -1)
  );
}

/**
 * Derives the current stance and the per-topic timelines from a person's immutable discussion records.
 * A record corrected by another (corrects_id) is out of force; corrections form a chain, so only its
 * last link counts. Per topic, the latest statement (by discussion date) is the current one; a topic not
 * touched by a later discussion keeps its earlier statement. Pure: no clock, no database.
 */
export function deriveAcpStance(records: AcpDiscussionRecord[]): AcpStance {
  const supersededBy = new Map<string, string>();
  const ids = new Set(records.map((r) => r.id));
  for (const r of records) if (r.correctsId && ids.has(r.correctsId)) supersededBy.set(r.correctsId, r.id);
  const effective = records.filter((r) => !supersededBy.has(r.id)).sort(chronological);

  const byKey = new Map<string, AcpTopicTimeline>();
  for (const r of effective) {
    for (const s of statementsOf(r)) {
      let t = byKey.get(s.key);
      if (!t) {
        t = { topic: s.topic, key: s.key, intervention: s.intervention, scenario: s.scenario, entries: [] };
        byKey.set(s.key, t);
      }
      const prev = t.entries[t.entries.length - 1];
      t.entries.push({ ...s, changed: !prev || signature(prev) !== signature(s) });
    }
  }
  const timelines = [...byKey.values()].sort(topicOrder);
  const current = timelines.map((t) => {
    const { changed: _changed, ...latest } = t.entries[t.entries.length - 1];
    return latest;
  });
  const lastDiscussion = effective[effective.length - 1] ?? null;
  return { current, timelines, supersededBy, lastDiscussion, declined: lastDiscussion?.declined ?? false, discussionCount: effective.length };
}
