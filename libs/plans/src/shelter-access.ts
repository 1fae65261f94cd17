import { DestinationType, PlanContent } from './plan-content';

export enum ShelterAccess {
  /** Can reach the destination without help. */
  SELF = 'SELF',
  /** Needs help and has at least one named supporter. */
  WITH_SUPPORTERS = 'WITH_SUPPORTERS',
  /** Stays at home by plan (在宅避難). */
  STAYS_HOME = 'STAYS_HOME',
  /** Needs help but the plan names no supporter, or names no destination. */
  CANNOT_REACH = 'CANNOT_REACH',
}

const SELF_TRANSPORT = /^(徒歩|自家用車|自力|walk|own car)/i;
const LIFE_SUPPORT = new Set(['VENTILATOR', 'OXYGEN']);

/**
 * Whether the person can reach a shelter without help, derived from the plan (DOMAIN §8.4): a
 * person who walks or drives themself and needs no life-support device goes alone; anyone else
 * needs a supporter.
 */
export function shelterAccessOf(c: Pick<PlanContent, 'destination' | 'transport' | 'supporters' | 'medicalDevices'> | null): ShelterAccess {
  if (!c || !c.destination) return ShelterAccess.CANNOT_REACH;
  if (c.destination.type === DestinationType.STAY_HOME) return ShelterAccess.STAYS_HOME;
  const selfCapable = !!c.transport && SELF_TRANSPORT.test(c.transport) && !c.medicalDevices.some((d) => LIFE_SUPPORT.has(d.device));
  if (selfCapable) return ShelterAccess.SELF;
  return c.supporters.length > 0 ? ShelterAccess.WITH_SUPPORTERS : ShelterAccess.CANNOT_REACH;
}
