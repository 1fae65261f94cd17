/** Data classes of DOMAIN §8.1: every field that reaches a client belongs to exactly one. */
export enum DataClass {
  /** Roster items 49-10(2)(i)–(vi) and location. */
  R = 'R',
  /** Plan: supporters, destination, route, care notes. */
  P = 'P',
  /** Medical-device details. */
  M = 'M',
  /** ACP full record. */
  A = 'A',
  /** ACP emergency summary. */
  E = 'E',
}

/** Why the data is being read; recorded with every audit row. */
export enum Purpose {
  ROSTER_MANAGEMENT = 'ROSTER_MANAGEMENT',
  PLAN_DRAFTING = 'PLAN_DRAFTING',
  SAFETY_CHECK = 'SAFETY_CHECK',
  ACP_CARE = 'ACP_CARE',
  EXPORT = 'EXPORT',
  AUDIT_REVIEW = 'AUDIT_REVIEW',
}

export enum Decision {
  ALLOW = 'ALLOW',
  /** Some of the class may be shown; the model mapper blanks what the reason names. */
  REDACT = 'REDACT',
  DENY = 'DENY',
}

/** Reasons are stable codes: the audit log and the tests read them. */
export enum DecisionReason {
  OWN_RECORD = 'OWN_RECORD',
  MUNICIPAL_INTERNAL_USE = 'MUNICIPAL_INTERNAL_USE',
  CARE_TEAM = 'CARE_TEAM',
  NAMED_SUPPORTER = 'NAMED_SUPPORTER',
  CONSENT_OR_ORDINANCE = 'CONSENT_OR_ORDINANCE',
  DISASTER_DISCLOSURE = 'DISASTER_DISCLOSURE',
  BREAK_GLASS = 'BREAK_GLASS',
  ASSIGNED_MEDICAL_RESPONDER = 'ASSIGNED_MEDICAL_RESPONDER',
  /** Redactions */
  SUPPORTER_CONSENT_MISSING = 'SUPPORTER_CONSENT_MISSING',
  DEVICE_SUMMARY_ONLY = 'DEVICE_SUMMARY_ONLY',
  /** Denials */
  PLEDGE_REQUIRED = 'PLEDGE_REQUIRED',
  SECOND_FACTOR_REQUIRED = 'SECOND_FACTOR_REQUIRED',
  OUTSIDE_SCOPE = 'OUTSIDE_SCOPE',
  NO_CONSENT = 'NO_CONSENT',
  NOT_DESIGNATED_RECIPIENT = 'NOT_DESIGNATED_RECIPIENT',
  NO_PLAN_CONSENT = 'NO_PLAN_CONSENT',
  ACP_NOT_SHARED = 'ACP_NOT_SHARED',
  ACP_CARE_TEAM_ONLY = 'ACP_CARE_TEAM_ONLY',
  ROLE_NEVER_SEES_CLASS = 'ROLE_NEVER_SEES_CLASS',
}

export interface PolicyDecision {
  decision: Decision;
  reason: DecisionReason;
  breakGlass?: boolean;
}
