import { Actor } from '../actor';
import { Role } from '../role';
import { ConsentState, OrdinancePatternName, PersonFacts } from './person-facts';
import { DataClass, Decision, DecisionReason, PolicyDecision } from './data-class';

const allow = (reason: DecisionReason, breakGlass = false): PolicyDecision => ({ decision: Decision.ALLOW, reason, ...(breakGlass ? { breakGlass } : {}) });
const redact = (reason: DecisionReason): PolicyDecision => ({ decision: Decision.REDACT, reason });
const deny = (reason: DecisionReason): PolicyDecision => ({ decision: Decision.DENY, reason });

/** Classes that carry medical information: reading them needs a session that passed a second factor. */
const MEDICAL = new Set([DataClass.M, DataClass.A, DataClass.E]);

/** Recipients outside the municipality who receive roster/plan data only under the consent rule (49-11(2)). */
const CONSENT_RECIPIENTS = new Set([Role.WELFARE_VOLUNTEER, Role.VOLUNTARY_DISASTER_ORG, Role.FIRE_POLICE, Role.SOCIAL_WELFARE_COUNCIL]);

/**
 * DOMAIN §8.3: may normal-time data of this scope reach a designated recipient?
 * explicit consent → only AGREE; presumed consent and opt-out → anything but an explicit refusal.
 */
export function consentAllows(ordinance: OrdinancePatternName, state: ConsentState): boolean {
  switch (ordinance) {
    case 'EXPLICIT_CONSENT':
      return state === 'AGREE';
    case 'PRESUMED_CONSENT':
    case 'OPT_OUT':
      return state !== 'REFUSE';
    default: {
      const unreachable: never = ordinance;
      return unreachable;
    }
  }
}

function inScope(actor: Actor, f: PersonFacts, byDistrict: boolean): boolean {
  if (!actor.municipalityCodes.includes(f.municipalityCode)) return false;
  if (!byDistrict) return true;
  return f.districtCode !== null && actor.districtCodes.includes(f.districtCode);
}

/**
 * The one access policy of Anpi (DOMAIN §8.2 visibility matrix, §8.3 consent logic, DESIGN §4).
 * Pure: given who asks, what is known about the person, and which class of data, it decides
 * ALLOW, REDACT or DENY with a reason code. Deny is the default; every branch names its basis.
 */
export function decide(actor: Actor, f: PersonFacts, cls: DataClass): PolicyDecision {
  if (!actor.pledgeAccepted) return deny(DecisionReason.PLEDGE_REQUIRED);
  if (MEDICAL.has(cls) && !actor.secondFactor) return deny(DecisionReason.SECOND_FACTOR_REQUIRED);

  // ACP (A, E) is outside the disaster-sharing law: care team with the person's agreement, facilitators,
  // the person themself, assigned medical responders (E only), and break-glass. Nobody else, ever.
  if (cls === DataClass.A || cls === DataClass.E) return decideAcp(actor, f, cls);

  switch (actor.role) {
    case Role.PERSON_OR_SURROGATE:
      return f.actorInCareTeam ? allow(DecisionReason.OWN_RECORD) : deny(DecisionReason.OUTSIDE_SCOPE);

    case Role.MUNICIPAL_ADMIN:
    case Role.MUNICIPAL_STAFF:
      // Internal use by the municipality that keeps the roster (49-11(1)); devices on need-to-know,
      // which the second-factor rule above already narrows to trained staff sessions.
      return inScope(actor, f, false) ? allow(DecisionReason.MUNICIPAL_INTERNAL_USE) : deny(DecisionReason.OUTSIDE_SCOPE);

    case Role.CARE_MANAGER:
    case Role.VISITING_NURSE:
    case Role.HOME_CARE_DOCTOR:
      if (f.actorInCareTeam) return allow(DecisionReason.CARE_TEAM);
      // During disclosure, responders with tasks in the area see what the check needs (R/P), not devices.
      if (f.disclosureForActor && (cls === DataClass.R || cls === DataClass.P)) return allow(DecisionReason.DISASTER_DISCLOSURE);
      if (f.actorHasTaskForPerson && cls === DataClass.M && actor.role !== Role.CARE_MANAGER) return allow(DecisionReason.ASSIGNED_MEDICAL_RESPONDER);
      return deny(DecisionReason.OUTSIDE_SCOPE);

    case Role.SUPPORTER:
      if (!f.actorInCareTeam) return deny(DecisionReason.OUTSIDE_SCOPE);
      return cls === DataClass.M ? redact(DecisionReason.DEVICE_SUMMARY_ONLY) : allow(DecisionReason.NAMED_SUPPORTER);

    case Role.WELFARE_VOLUNTEER:
    case Role.VOLUNTARY_DISASTER_ORG:
    case Role.FIRE_POLICE:
    case Role.SOCIAL_WELFARE_COUNCIL:
      return decideRecipient(actor, f, cls);

    case Role.ACP_FACILITATOR:
      // Facilitators identify the person they talk with; plans and devices are not theirs to read.
      if (cls === DataClass.R && f.actorInCareTeam) return allow(DecisionReason.CARE_TEAM);
      return deny(cls === DataClass.R ? DecisionReason.OUTSIDE_SCOPE : DecisionReason.ROLE_NEVER_SEES_CLASS);

    default: {
      const unreachable: never = actor.role;
      return unreachable;
    }
  }
}

function decideRecipient(actor: Actor, f: PersonFacts, cls: DataClass): PolicyDecision {
  const byDistrict = actor.role === Role.WELFARE_VOLUNTEER || actor.role === Role.VOLUNTARY_DISASTER_ORG;
  if (cls === DataClass.M) {
    // Fire and police get a device summary (on life support: yes/no); the others nothing.
    if (actor.role === Role.FIRE_POLICE && inScope(actor, f, false)) return redact(DecisionReason.DEVICE_SUMMARY_ONLY);
    return deny(DecisionReason.ROLE_NEVER_SEES_CLASS);
  }
  // Disaster disclosure (49-11(3), 49-15(3)): what the check needs, consent or not, while it is on.
  if (f.disclosureForActor && inScope(actor, f, byDistrict)) return allow(DecisionReason.DISASTER_DISCLOSURE);
  if (!inScope(actor, f, byDistrict)) return deny(DecisionReason.OUTSIDE_SCOPE);
  if (!f.designatedRecipients.includes(actor.role)) return deny(DecisionReason.NOT_DESIGNATED_RECIPIENT);
  if (cls === DataClass.R) {
    return consentAllows(f.ordinance, f.consent.rosterShareNormal) ? allow(DecisionReason.CONSENT_OR_ORDINANCE) : deny(DecisionReason.NO_CONSENT);
  }
  // Plan data: the plan exists only with creation consent; sharing follows the plan-share rule. The
  // supporters' own consent is checked per supporter by the plan mapper (redacting those without it).
  if (f.consent.planCreation !== 'AGREE') return deny(DecisionReason.NO_PLAN_CONSENT);
  return consentAllows(f.ordinance, f.consent.planShareNormal) ? redact(DecisionReason.SUPPORTER_CONSENT_MISSING) : deny(DecisionReason.NO_CONSENT);
}

function decideAcp(actor: Actor, f: PersonFacts, cls: DataClass.A | DataClass.E): PolicyDecision {
  if (actor.role === Role.PERSON_OR_SURROGATE && f.actorInCareTeam) return allow(DecisionReason.OWN_RECORD);
  if (actor.role === Role.ACP_FACILITATOR && f.actorInCareTeam) return allow(DecisionReason.CARE_TEAM);
  const clinical = actor.role === Role.VISITING_NURSE || actor.role === Role.HOME_CARE_DOCTOR || actor.role === Role.CARE_MANAGER;
  if (clinical && f.actorInCareTeam) {
    if (f.consent.acpShareTeam === 'AGREE') return allow(DecisionReason.CARE_TEAM);
    if (cls === DataClass.E && f.consent.acpShareEmergency === 'AGREE' && actor.role !== Role.CARE_MANAGER) return allow(DecisionReason.CARE_TEAM);
  }
  const medical = actor.role === Role.VISITING_NURSE || actor.role === Role.HOME_CARE_DOCTOR;
  if (cls === DataClass.E && medical && f.actorHasTaskForPerson && f.consent.acpShareEmergency === 'AGREE') {
    return allow(DecisionReason.ASSIGNED_MEDICAL_RESPONDER);
  }
  // Break-glass: medical responders for A and E; fire/EMS on scene for E only (DOMAIN §8.2).
  if (f.breakGlassActive && (medical || (actor.role === Role.FIRE_POLICE && cls === DataClass.E))) return allow(DecisionReason.BREAK_GLASS, true);
  if (clinical && f.actorInCareTeam) return deny(DecisionReason.ACP_NOT_SHARED);
  return deny(DecisionReason.ACP_CARE_TEAM_ONLY);
}
