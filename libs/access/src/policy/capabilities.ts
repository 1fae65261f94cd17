import { AppException, ErrorCode } from '@anpi/core';
import { Actor } from '../actor';
import { Role } from '../role';

/**
 * Actions that are not reads of one person's data. Decided here, next to the data-class policy, so
 * "who may do what" lives in one module.
 */
export enum Capability {
  /** Query and export the audit log; review break-glass grants. */
  REVIEW_AUDIT = 'REVIEW_AUDIT',
  /** Declare, widen and close incidents. */
  MANAGE_INCIDENTS = 'MANAGE_INCIDENTS',
  /** Switch disaster disclosure on or off (a mayoral determination, 49-11(3)). */
  SET_DISCLOSURE = 'SET_DISCLOSURE',
  /** Create, update and import roster entries; record consent. */
  MANAGE_ROSTER = 'MANAGE_ROSTER',
  /** Record physician orders (DNAR…). */
  RECORD_PHYSICIAN_ORDERS = 'RECORD_PHYSICIAN_ORDERS',
  /** Record ACP discussions. */
  RECORD_ACP = 'RECORD_ACP',
  /** Open break-glass access to ACP. */
  BREAK_GLASS = 'BREAK_GLASS',
  /** Set the municipality's ordinance pattern and designated recipients. */
  CONFIGURE_MUNICIPALITY = 'CONFIGURE_MUNICIPALITY',
}

const RULES: Record<Capability, { roles: Role[]; secondFactor: boolean }> = {
  [Capability.REVIEW_AUDIT]: { roles: [Role.MUNICIPAL_ADMIN], secondFactor: true },
  [Capability.MANAGE_INCIDENTS]: { roles: [Role.MUNICIPAL_ADMIN], secondFactor: true },
  [Capability.SET_DISCLOSURE]: { roles: [Role.MUNICIPAL_ADMIN], secondFactor: true },
  [Capability.MANAGE_ROSTER]: { roles: [Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF], secondFactor: false },
  [Capability.RECORD_PHYSICIAN_ORDERS]: { roles: [Role.HOME_CARE_DOCTOR], secondFactor: true },
  [Capability.RECORD_ACP]: { roles: [Role.HOME_CARE_DOCTOR, Role.VISITING_NURSE, Role.ACP_FACILITATOR], secondFactor: true },
  [Capability.BREAK_GLASS]: { roles: [Role.HOME_CARE_DOCTOR, Role.VISITING_NURSE, Role.FIRE_POLICE], secondFactor: true },
  [Capability.CONFIGURE_MUNICIPALITY]: { roles: [Role.MUNICIPAL_ADMIN], secondFactor: true },
};

export function can(actor: Actor, capability: Capability): boolean {
  const rule = RULES[capability];
  return actor.pledgeAccepted && rule.roles.includes(actor.role) && (!rule.secondFactor || actor.secondFactor);
}

/** Throws FORBIDDEN (or SECOND_FACTOR_REQUIRED / pledge) naming what is missing. */
export function assertCan(actor: Actor, capability: Capability): void {
  const rule = RULES[capability];
  if (!rule.roles.includes(actor.role)) throw AppException.forbidden(`Your role may not do this (${capability})`);
  if (!actor.pledgeAccepted) throw AppException.forbidden('Accept the confidentiality pledge first');
  if (rule.secondFactor && !actor.secondFactor) {
    throw new AppException(ErrorCode.SECOND_FACTOR_REQUIRED, 'This needs a session with a second factor; set up a one-time code and log in again');
  }
}
