/**
 * Roles of DOMAIN §8.2. An account has exactly one role; memberships scope it. Accounts are personal:
 * there is no shared or organisation login.
 */
export enum Role {
  /** 市町村 防災・福祉担当 with authority to declare incidents and switch on disaster disclosure. */
  MUNICIPAL_ADMIN = 'MUNICIPAL_ADMIN',
  /** 市町村 防災・福祉担当 staff. */
  MUNICIPAL_STAFF = 'MUNICIPAL_STAFF',
  /** 民生委員. */
  WELFARE_VOLUNTEER = 'WELFARE_VOLUNTEER',
  /** 自主防災組織 / 自治会. */
  VOLUNTARY_DISASTER_ORG = 'VOLUNTARY_DISASTER_ORG',
  /** 消防 / 警察. */
  FIRE_POLICE = 'FIRE_POLICE',
  /** 社会福祉協議会. */
  SOCIAL_WELFARE_COUNCIL = 'SOCIAL_WELFARE_COUNCIL',
  /** 避難支援等実施者 named in a plan (neighbour, family). */
  SUPPORTER = 'SUPPORTER',
  /** ケアマネ / 相談支援専門員. */
  CARE_MANAGER = 'CARE_MANAGER',
  /** 訪問看護. */
  VISITING_NURSE = 'VISITING_NURSE',
  /** 在宅医 (home-care doctor); the only role that may record physician orders. */
  HOME_CARE_DOCTOR = 'HOME_CARE_DOCTOR',
  /** ACP facilitator (人生会議の進行役). */
  ACP_FACILITATOR = 'ACP_FACILITATOR',
  /** The person or their surrogate (本人 / 代理人). */
  PERSON_OR_SURROGATE = 'PERSON_OR_SURROGATE',
}

/** Responder groups that get safety-check tasks (DESIGN §3). */
export enum ResponderGroup {
  MEDICAL = 'MEDICAL',
  CARE = 'CARE',
  WELFARE_VOLUNTEER = 'WELFARE_VOLUNTEER',
  MUNICIPAL = 'MUNICIPAL',
}

export function responderGroupOf(role: Role): ResponderGroup | null {
  switch (role) {
    case Role.VISITING_NURSE:
    case Role.HOME_CARE_DOCTOR:
      return ResponderGroup.MEDICAL;
    case Role.CARE_MANAGER:
      return ResponderGroup.CARE;
    case Role.WELFARE_VOLUNTEER:
    case Role.VOLUNTARY_DISASTER_ORG:
    case Role.SUPPORTER:
      return ResponderGroup.WELFARE_VOLUNTEER;
    case Role.MUNICIPAL_ADMIN:
    case Role.MUNICIPAL_STAFF:
    case Role.SOCIAL_WELFARE_COUNCIL:
    case Role.FIRE_POLICE:
      return ResponderGroup.MUNICIPAL;
    case Role.ACP_FACILITATOR:
    case Role.PERSON_OR_SURROGATE:
      return null;
    default: {
      const unreachable: never = role;
      return unreachable;
    }
  }
}

/** Roles that can reach medical-device (M), ACP (A) or emergency-summary (E) data and so need a second factor. */
export const ROLES_NEEDING_SECOND_FACTOR: ReadonlySet<Role> = new Set([
  Role.MUNICIPAL_ADMIN,
  Role.MUNICIPAL_STAFF,
  Role.CARE_MANAGER,
  Role.VISITING_NURSE,
  Role.HOME_CARE_DOCTOR,
  Role.ACP_FACILITATOR,
]);
