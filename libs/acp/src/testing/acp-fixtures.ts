import {
  AcpCapacityStatus, AcpChoice, AcpIntervention, AcpParticipantRole, AcpScenario, PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus,
} from '../acp.enums';
import { AcpDiscussionRecord, AcpPreference, PhysicianOrderRecord } from '../acp-content';

/** A discussion record for pure tests; override any field. Dates are days after 2026-04-01 UTC. */
export function discussion(id: string, day: number, o: Partial<AcpDiscussionRecord> = {}): AcpDiscussionRecord {
  const heldAt = new Date(Date.UTC(2026, 3, 1 + day, 10));
  return {
    id, personId: 'p1', heldAt, facilitatorAccountId: 'fac-1', facilitatorName: '進行役', recordedBy: 'fac-1', recordedAt: new Date(heldAt.getTime() + 3600_000),
    correctsId: null, correctionReason: null, place: '自宅',
    participants: [{ role: AcpParticipantRole.PERSON, name: '本人', relation: null, accountId: null }],
    capacityStatus: AcpCapacityStatus.CAN_EXPRESS, valuesChecklist: [], valuesText: null, preferredPlaceOfCare: null, preferredPlaceOfDeath: null,
    placeNote: null, disclosurePreference: null, preferences: [], surrogates: null, comfortWishes: null, spiritualWishes: null, afterDeathWishes: null,
    nextReviewTrigger: null, nextReviewOn: null, declined: false, declinedNote: null, ...o,
  };
}

export const pref = (intervention: AcpIntervention, scenario: AcpScenario, choice: AcpChoice, note: string | null = null): AcpPreference => ({ intervention, scenario, choice, note });

export function order(id: string, day: number, kind: PhysicianOrderKind, code: PhysicianOrderCode, o: Partial<PhysicianOrderRecord> = {}): PhysicianOrderRecord {
  const orderedAt = new Date(Date.UTC(2026, 3, 1 + day, 12));
  return {
    id, personId: 'p1', kind, code, status: PhysicianOrderStatus.ACTIVE, instructions: null, orderedAt, orderedBy: 'doc-1', orderedByName: '在宅医',
    basisDiscussionId: null, recordedAt: orderedAt, ...o,
  };
}
