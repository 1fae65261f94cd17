import { PhysicianOrderRecord } from '../acp-content';
import { AcpStatement } from '../acp-stance';
import { ListedDiscussion } from '../acp.repository';
import { AcpStanceView } from '../acp.service';
import { AcpEmergencySummary } from '../emergency-summary';
import { AcpTopic } from '../acp.enums';
import { AcpDiscussionModel, AcpEmergencySummaryModel, AcpStanceModel, AcpStatementModel, PhysicianOrderModel } from './acp.model';

/** Keyset cursor of a discussion in the newest-first list. */
export const discussionCursor = (d: { heldAt: Date; id: string }) => `${d.heldAt.toISOString()}_${d.id}`;

/** Entity-shaped records → API models (class A). Only called after the access policy allowed A. */
export function toDiscussionModel(d: ListedDiscussion): AcpDiscussionModel {
  return {
    id: d.id, personId: d.personId, heldAt: d.heldAt, place: d.place, facilitatorAccountId: d.facilitatorAccountId, facilitatorName: d.facilitatorName,
    recordedBy: d.recordedBy, recordedAt: d.recordedAt, participants: d.participants.map((p) => ({ ...p })), capacityStatus: d.capacityStatus,
    valuesChecklist: d.valuesChecklist, valuesText: d.valuesText, preferredPlaceOfCare: d.preferredPlaceOfCare, preferredPlaceOfDeath: d.preferredPlaceOfDeath,
    placeNote: d.placeNote, disclosurePreference: d.disclosurePreference, preferences: d.preferences.map((p) => ({ ...p })),
    surrogates: d.surrogates?.map((s) => ({ ...s })) ?? null, comfortWishes: d.comfortWishes, spiritualWishes: d.spiritualWishes,
    afterDeathWishes: d.afterDeathWishes, nextReviewTrigger: d.nextReviewTrigger, nextReviewOn: d.nextReviewOn, declined: d.declined,
    declinedNote: d.declinedNote, correctsId: d.correctsId, correctionReason: d.correctionReason, supersededById: d.supersededById,
    cursor: discussionCursor(d),
  };
}

export function toOrderModel(o: PhysicianOrderRecord): PhysicianOrderModel {
  return {
    id: o.id, personId: o.personId, kind: o.kind, code: o.code, status: o.status, instructions: o.instructions, orderedAt: o.orderedAt,
    orderedByAccountId: o.orderedBy, orderedByName: o.orderedByName, basisDiscussionId: o.basisDiscussionId, recordedAt: o.recordedAt,
  };
}

/**
 * Statements carry only scalar lists: the API's complexity limit multiplies nested object lists by 50
 * each, so who was present is given as roles and names, and surrogates as text (their structured form
 * is AcpStance.surrogates).
 */
function toStatementModel(s: AcpStatement): AcpStatementModel {
  const surrogates = s.topic === AcpTopic.SURROGATES ? (s.surrogates ?? []).map((x) => `${x.rank}: ${x.name}（${x.relation}）${x.phone}`).join(' / ') || 'なし' : null;
  return {
    topic: s.topic, key: s.key, intervention: s.intervention, scenario: s.scenario, choice: s.choice, place: s.place, disclosure: s.disclosure,
    values: s.values, text: surrogates ?? s.text, note: s.note, discussionId: s.discussionId, heldAt: s.heldAt,
    facilitatorAccountId: s.facilitatorAccountId, facilitatorName: s.facilitatorName,
    presentRoles: [...new Set(s.participants.map((p) => p.role))],
    presentNames: s.participants.map((p) => (p.relation ? `${p.name}（${p.relation}）` : p.name)),
  };
}

export function toStanceModel(v: AcpStanceView): AcpStanceModel {
  return {
    personId: v.personId,
    discussionCount: v.stance.discussionCount,
    lastDiscussionAt: v.stance.lastDiscussion?.heldAt ?? null,
    declined: v.stance.declined,
    current: v.stance.current.map(toStatementModel),
    history: v.stance.timelines.flatMap((t) => t.entries.map((e) => ({ ...toStatementModel(e), changed: e.changed }))),
    surrogates: (v.stance.current.find((s) => s.topic === AcpTopic.SURROGATES)?.surrogates ?? []).map((x) => ({ ...x })),
    physicianOrders: v.ordersInForce.map(toOrderModel),
  };
}

/** Class E: only what a responder needs in the next hour. */
export function toEmergencySummaryModel(s: AcpEmergencySummary & { personId: string }): AcpEmergencySummaryModel {
  return {
    personId: s.personId,
    surrogates: s.surrogates.map((x) => ({ rank: x.rank, name: x.name, relation: x.relation, phone: x.phone })),
    physicianOrders: s.physicianOrders.map(toOrderModel),
    urgentWishes: s.urgentWishes.map((w) => ({ ...w })),
    lastDiscussionAt: s.lastDiscussionAt,
    declined: s.declined,
    noDiscussion: s.noDiscussion,
  };
}
