import { AcpChoice, AcpIntervention, AcpScenario, AcpTopic } from './acp.enums';
import { AcpSurrogate, PhysicianOrderRecord, ordersInForce } from './acp-content';
import { AcpStance } from './acp-stance';

/** The wishes a responder needs in the next hour (DESIGN §3), in this order. */
export const URGENT_INTERVENTIONS: readonly AcpIntervention[] = [AcpIntervention.CPR, AcpIntervention.INTUBATION_VENTILATION, AcpIntervention.HOSPITAL_TRANSFER];

export interface AcpUrgentWish {
  intervention: AcpIntervention;
  scenario: AcpScenario;
  choice: AcpChoice;
  note: string | null;
  statedAt: Date;
}

/** ACP emergency summary (data class E): derived from the discussions and orders, never typed twice. */
export interface AcpEmergencySummary {
  /** Surrogates ranked 1 and 2, from the latest discussion that named them. */
  surrogates: AcpSurrogate[];
  /** Physician orders in force (DNAR…), kept apart from the person's wishes. */
  physicianOrders: PhysicianOrderRecord[];
  urgentWishes: AcpUrgentWish[];
  lastDiscussionAt: Date | null;
  /** The latest discussion was declined by the person. */
  declined: boolean;
  /** No discussion is on record at all. */
  noDiscussion: boolean;
}

const SCENARIOS = Object.values(AcpScenario);

export function deriveEmergencySummary(stance: AcpStance, orders: PhysicianOrderRecord[]): AcpEmergencySummary {
  const surrogates = stance.current.find((s) => s.topic === AcpTopic.SURROGATES)?.surrogates ?? [];
  const urgentWishes = stance.current
    .filter((s) => s.topic === AcpTopic.TREATMENT && URGENT_INTERVENTIONS.includes(s.intervention as AcpIntervention))
    .map((s) => ({ intervention: s.intervention as AcpIntervention, scenario: s.scenario as AcpScenario, choice: s.choice as AcpChoice, note: s.note, statedAt: s.heldAt }))
    .sort((a, b) => URGENT_INTERVENTIONS.indexOf(a.intervention) - URGENT_INTERVENTIONS.indexOf(b.intervention) || SCENARIOS.indexOf(a.scenario) - SCENARIOS.indexOf(b.scenario));
  return {
    surrogates: surrogates.filter((s) => s.rank === 1 || s.rank === 2).sort((a, b) => a.rank - b.rank),
    physicianOrders: ordersInForce(orders),
    urgentWishes,
    lastDiscussionAt: stance.lastDiscussion?.heldAt ?? null,
    declined: stance.declined,
    noDiscussion: stance.lastDiscussion === null,
  };
}
