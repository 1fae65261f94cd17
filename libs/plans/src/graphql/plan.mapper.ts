import { Decision } from '@anpi/access';
import { backupRuntimeHours } from '@anpi/people';
import { DestinationType, PlanContent } from '../plan-content';
import { PlanStatus } from '../plan.entity';
import { shelterAccessOf } from '../shelter-access';
import { PlanView } from '../plans.service';
import { PlanModel } from './plan.model';

const LIFE_SUPPORT = new Set(['VENTILATOR', 'OXYGEN']);

/** DRAFT / IN_REVIEW / AGREED, and REVIEW_DUE for an agreed plan whose review date has come. */
export function planStatusOf(status: string, nextReviewAt: string | null, today = new Date().toISOString().slice(0, 10)): string {
  return status === PlanStatus.AGREED && nextReviewAt !== null && nextReviewAt <= today ? 'REVIEW_DUE' : status;
}

/**
 * The one place plan data is shaped for a client, applying the access decisions: supporters without
 * their own consent are blanked for redacted (recipient) views; device details appear only with M
 * access, a summary with M redact, nothing with M deny.
 */
export function toPlanModel(v: PlanView): PlanModel {
  const c = v.revision.content as PlanContent;
  const devices = c.medicalDevices ?? [];
  const redactSupporters = v.planAccess !== Decision.ALLOW;
  return {
    personId: v.plan.personId,
    revision: v.plan.currentRevision,
    status: planStatusOf(v.plan.status, v.plan.nextReviewAt),
    nextReviewAt: v.plan.nextReviewAt,
    agreedAt: v.plan.agreedAt,
    agreedRevision: v.plan.agreedRevision,
    updatedAt: v.plan.updatedAt,
    supporters: c.supporters.map((s) => {
      const hidden = redactSupporters && !v.consentedSupporters.has(s.key);
      return {
        key: s.key,
        name: hidden ? null : s.name,
        relation: s.relation,
        responderGroup: s.responderGroup,
        phone: hidden ? null : s.phone,
        address: hidden ? null : (s.address ?? null),
        accountId: hidden ? null : s.accountId,
        availableDay: s.availability.day,
        availableNight: s.availability.night,
        redacted: hidden,
      };
    }),
    destination: c.destination ? { ...c.destination, type: c.destination.type as DestinationType } : null,
    routes: c.routes ?? [],
    evacuationTrigger: c.evacuationTrigger,
    transport: c.transport,
    careNotes: c.careNotes,
    emergencyContacts: c.emergencyContacts,
    careProfessionals: (c.careProfessionals ?? []).map((p) => ({ ...p, phone: p.phone ?? null, accountId: p.accountId ?? null })),
    thingsToBring: c.thingsToBring ?? null,
    shelterAccess: shelterAccessOf(c),
    medicalDevices:
      v.deviceAccess === Decision.ALLOW
        ? devices.map((d) => ({ ...d, backupPower: d.backupPower ?? null, oxygenSupplier: d.oxygenSupplier ?? null, powerCompanyRegistered: d.powerCompanyRegistered ?? null }))
        : null,
    backupRuntimeHours: v.deviceAccess === Decision.ALLOW ? backupRuntimeHours(devices) : null,
    deviceSummary:
      v.deviceAccess === Decision.DENY ? null : { onLifeSupport: devices.some((d) => LIFE_SUPPORT.has(d.device)), devices: [...new Set(devices.map((d) => d.device))] },
  };
}
