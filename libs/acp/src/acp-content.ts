import {
  AcpCapacityStatus, AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpParticipantRole, AcpPlace, AcpScenario, AcpValue,
  PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus,
} from './acp.enums';

/** Limits of ACP text fields; the API refuses longer values naming the limit. */
export const ACP_LIMITS = {
  text: 4000,
  name: 100,
  relation: 50,
  phone: 20,
  place: 200,
  participants: 20,
  preferences: 100,
  values: 20,
} as const;

/** Someone who took part in a discussion. */
export interface AcpParticipant {
  role: AcpParticipantRole;
  name: string;
  /** 続柄 for family and others (長女, 友人…). */
  relation: string | null;
  /** When the participant has an Anpi account (doctor, nurse…). */
  accountId: string | null;
}

/** One stated wish about one treatment in one situation. */
export interface AcpPreference {
  intervention: AcpIntervention;
  scenario: AcpScenario;
  choice: AcpChoice;
  note: string | null;
}

/** 本人の意思を推定する者 (surrogate), ranked 1 (first) and 2 (alternate). */
export interface AcpSurrogate {
  rank: number;
  name: string;
  relation: string;
  phone: string;
  /** What the surrogate may decide, or limits the person set. */
  scopeNote: string | null;
}

/** What one discussion recorded. Null means "not discussed this time", which is not the same as "none". */
export interface AcpDiscussionContent {
  place: string | null;
  participants: AcpParticipant[];
  capacityStatus: AcpCapacityStatus | null;
  valuesChecklist: AcpValue[];
  valuesText: string | null;
  preferredPlaceOfCare: AcpPlace | null;
  preferredPlaceOfDeath: AcpPlace | null;
  placeNote: string | null;
  disclosurePreference: AcpDisclosurePreference | null;
  preferences: AcpPreference[];
  /** Null: not discussed; []: discussed, nobody named. */
  surrogates: AcpSurrogate[] | null;
  comfortWishes: string | null;
  spiritualWishes: string | null;
  afterDeathWishes: string | null;
  nextReviewTrigger: string | null;
  /** YYYY-MM-DD. */
  nextReviewOn: string | null;
  /** The person declined ACP this time (知りたくない・考えたくない): a valid record, respected as such. */
  declined: boolean;
  declinedNote: string | null;
}

/** A stored discussion as the pure derivations see it. */
export interface AcpDiscussionRecord extends AcpDiscussionContent {
  id: string;
  personId: string;
  heldAt: Date;
  facilitatorAccountId: string;
  facilitatorName: string | null;
  recordedBy: string;
  recordedAt: Date;
  correctsId: string | null;
  correctionReason: string | null;
}

/** A stored physician order as the pure derivations see it. */
export interface PhysicianOrderRecord {
  id: string;
  personId: string;
  kind: PhysicianOrderKind;
  code: PhysicianOrderCode;
  status: PhysicianOrderStatus;
  instructions: string | null;
  orderedAt: Date;
  orderedBy: string;
  orderedByName: string | null;
  basisDiscussionId: string | null;
  recordedAt: Date;
}

/** The orders in force: per kind, the latest order, unless that one withdrew the kind. */
export function ordersInForce(orders: PhysicianOrderRecord[]): PhysicianOrderRecord[] {
  const latest = new Map<PhysicianOrderKind, PhysicianOrderRecord>();
  for (const o of orders) {
    const cur = latest.get(o.kind);
    if (!cur || compareOrders(o, cur) > 0) latest.set(o.kind, o);
  }
  const kinds = Object.values(PhysicianOrderKind);
  return [...latest.values()]
    .filter((o) => o.status === PhysicianOrderStatus.ACTIVE)
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
}

function compareOrders(a: PhysicianOrderRecord, b: PhysicianOrderRecord): number {
  return a.orderedAt.getTime() - b.orderedAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id);
}
