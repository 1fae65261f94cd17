/**
 * The content of a plan revision (DOMAIN §7.3–§7.4). One JSON document per revision, so a revision is
 * immutable and diffable field by field. `medicalDevices` is class M; everything else is class P.
 */
export enum DestinationType {
  DESIGNATED_SHELTER = 'DESIGNATED_SHELTER',
  /** Direct evacuation to a welfare shelter arranged in advance (2021 guideline). */
  WELFARE_SHELTER_DIRECT = 'WELFARE_SHELTER_DIRECT',
  EMERGENCY_SITE = 'EMERGENCY_SITE',
  STAY_HOME = 'STAY_HOME',
  RELATIVES = 'RELATIVES',
  HOSPITAL = 'HOSPITAL',
  OTHER = 'OTHER',
}

export interface PlanSupporter {
  /** Stable id within the plan; the supporter's own consent refers to it. */
  key: string;
  name: string;
  relation: string;
  /** ResponderGroup: MEDICAL | CARE | WELFARE_VOLUNTEER | MUNICIPAL. */
  responderGroup: string;
  phone: string | null;
  address?: string | null;
  /** The supporter's own account, when they have one. */
  accountId: string | null;
  availability: { day: boolean; night: boolean };
}

export interface CareProfessional {
  /** CARE_MANAGER | VISITING_NURSE | HOME_CARE_DOCTOR | OTHER. */
  role: string;
  name: string;
  organisation: string;
  phone: string | null;
  accountId: string | null;
}

export interface MedicalDevicePlan {
  device: string;
  settingsSummary: string;
  internalBatteryHours: number;
  externalBatteryHours: number[];
  backupPower: string | null;
  oxygenSupplier?: string | null;
  powerCompanyRegistered?: boolean;
}

export interface PlanRoute {
  /** GeoJSON LineString (WGS 84 lng/lat). */
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  description: string;
}

export interface PlanContent {
  supporters: PlanSupporter[];
  destination: { type: string; shelterId: string | null; name: string; preArranged: boolean } | null;
  routes?: PlanRoute[];
  evacuationTrigger: string | null;
  transport: string | null;
  careNotes: string | null;
  emergencyContacts: { name: string; relation: string; phone: string }[];
  careProfessionals?: CareProfessional[];
  medicalDevices: MedicalDevicePlan[];
  thingsToBring?: string | null;
}

/** Top-level fields of PlanContent, in display order; `medicalDevices` is class M. */
export const PLAN_FIELDS = [
  'supporters', 'destination', 'routes', 'evacuationTrigger', 'transport', 'careNotes', 'emergencyContacts', 'careProfessionals', 'medicalDevices', 'thingsToBring',
] as const;

export type PlanField = (typeof PLAN_FIELDS)[number];

/**
 * Every field present with its empty value, nested optional keys included, so a revision written
 * before a key existed compares equal to one that has it empty (no spurious "changed" fields).
 */
export function normaliseContent(c: Partial<PlanContent>): Record<PlanField, unknown> {
  return {
    supporters: (c.supporters ?? []).map((s) => ({ ...s, phone: s.phone ?? null, address: s.address ?? null, accountId: s.accountId ?? null })),
    destination: c.destination ?? null,
    routes: c.routes ?? [],
    evacuationTrigger: c.evacuationTrigger ?? null,
    transport: c.transport ?? null,
    careNotes: c.careNotes ?? null,
    emergencyContacts: c.emergencyContacts ?? [],
    careProfessionals: (c.careProfessionals ?? []).map((p) => ({ ...p, phone: p.phone ?? null, accountId: p.accountId ?? null })),
    medicalDevices: (c.medicalDevices ?? []).map((d) => ({
      ...d,
      backupPower: d.backupPower ?? null,
      oxygenSupplier: d.oxygenSupplier ?? null,
      powerCompanyRegistered: d.powerCompanyRegistered ?? false,
    })),
    thingsToBring: c.thingsToBring ?? null,
  };
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** The top-level fields that differ between two contents (order-insensitive for object keys). */
export function changedFields(before: Partial<PlanContent> | null, after: Partial<PlanContent>): PlanField[] {
  const a = normaliseContent(before ?? {});
  const b = normaliseContent(after);
  return PLAN_FIELDS.filter((f) => stable(a[f]) !== stable(b[f]));
}
