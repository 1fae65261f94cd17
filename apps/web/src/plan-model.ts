/**
 * The plan editor's model, pure (no DOM, no i18n): the draft the form edits, its conversion to the
 * savePlan content, field-level comparison and the three-way merge used after a CONFLICT, and the
 * backup runtime of medical devices (DOMAIN §7.4).
 */
import type { LineString, PlanView } from './types';

/** Top-level content fields, in display order (the server's PLAN_FIELDS), plus the review date. */
export const PLAN_FIELDS = [
  'supporters',
  'destination',
  'routes',
  'evacuationTrigger',
  'transport',
  'careNotes',
  'emergencyContacts',
  'careProfessionals',
  'medicalDevices',
  'thingsToBring',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
export type DraftField = PlanField | 'nextReviewAt';
export const DRAFT_FIELDS: readonly DraftField[] = [...PLAN_FIELDS, 'nextReviewAt'];

/** Planning figure of the API (libs/people priority.ts): a large quake's outage lasts about this long. */
export const EXPECTED_OUTAGE_HOURS = 12;
export const MAX_ROUTES = 5;
export const MAX_ROUTE_POINTS = 500;
export const MAX_LIST = 10;

export const DESTINATION_TYPES = ['DESIGNATED_SHELTER', 'WELFARE_SHELTER_DIRECT', 'EMERGENCY_SITE', 'STAY_HOME', 'RELATIVES', 'HOSPITAL', 'OTHER'] as const;
export const SHELTER_DESTINATIONS = new Set<string>(['DESIGNATED_SHELTER', 'WELFARE_SHELTER_DIRECT', 'EMERGENCY_SITE']);
export const RESPONDER_GROUPS = ['WELFARE_VOLUNTEER', 'CARE', 'MEDICAL', 'MUNICIPAL'] as const;
export const PROFESSIONAL_ROLES = ['CARE_MANAGER', 'VISITING_NURSE', 'HOME_CARE_DOCTOR', 'OTHER'] as const;
export const DEVICE_TYPES = ['VENTILATOR', 'OXYGEN', 'SUCTION', 'DIALYSIS', 'TUBE_FEEDING', 'OTHER_DEVICE'] as const;

export interface SupporterDraft {
  /** Null for a supporter added in this editor (the server assigns the key). */
  key: string | null;
  name: string;
  relation: string;
  responderGroup: string;
  phone: string;
  address: string;
  accountId: string | null;
  day: boolean;
  night: boolean;
}

export interface DestinationDraft {
  type: string;
  shelterId: string | null;
  name: string;
  preArranged: boolean;
}

export interface RouteDraft {
  /** [longitude, latitude] pairs, GeoJSON order. */
  coordinates: [number, number][];
  description: string;
}

export interface ContactDraft {
  name: string;
  relation: string;
  phone: string;
}

export interface ProfessionalDraft {
  role: string;
  name: string;
  organisation: string;
  phone: string;
  accountId: string | null;
}

/** Numbers stay text while typed ("3." is fine until it is saved). */
export interface DeviceDraft {
  device: string;
  settingsSummary: string;
  internalBatteryHours: string;
  externalBatteryHours: string[];
  backupPower: string;
  oxygenSupplier: string;
  powerCompanyRegistered: boolean;
}

export interface PlanDraft {
  supporters: SupporterDraft[];
  destination: DestinationDraft | null;
  routes: RouteDraft[];
  evacuationTrigger: string;
  transport: string;
  careNotes: string;
  thingsToBring: string;
  emergencyContacts: ContactDraft[];
  careProfessionals: ProfessionalDraft[];
  /** Null when this account may not see the device plan (it is then left as it is). */
  medicalDevices: DeviceDraft[] | null;
  nextReviewAt: string;
}

/** What savePlan's `content` takes (PlanContentInput). */
export interface PlanContentInput {
  supporters: {
    key?: string;
    name: string;
    relation: string;
    responderGroup: string;
    phone: string | null;
    address: string | null;
    accountId: string | null;
    availability: { day: boolean; night: boolean };
  }[];
  destination: DestinationDraft | null;
  routes: { geometry: LineString; description: string }[];
  evacuationTrigger: string | null;
  transport: string | null;
  careNotes: string | null;
  thingsToBring: string | null;
  emergencyContacts: ContactDraft[];
  careProfessionals: { role: string; name: string; organisation: string; phone: string | null; accountId: string | null }[];
  medicalDevices: {
    device: string;
    settingsSummary: string;
    internalBatteryHours: number;
    externalBatteryHours: number[];
    backupPower: string | null;
    oxygenSupplier: string | null;
    powerCompanyRegistered: boolean;
  }[];
}

export function emptySupporter(): SupporterDraft {
  return { key: null, name: '', relation: '', responderGroup: 'WELFARE_VOLUNTEER', phone: '', address: '', accountId: null, day: true, night: false };
}

export function emptyContact(): ContactDraft {
  return { name: '', relation: '', phone: '' };
}

export function emptyProfessional(): ProfessionalDraft {
  return { role: 'CARE_MANAGER', name: '', organisation: '', phone: '', accountId: null };
}

export function emptyDevice(device = 'VENTILATOR'): DeviceDraft {
  return { device, settingsSummary: '', internalBatteryHours: '', externalBatteryHours: [], backupPower: '', oxygenSupplier: '', powerCompanyRegistered: false };
}

/** The draft of an existing plan, or of a new one (`plan` null). */
export function draftFromPlan(plan: PlanView | null): PlanDraft {
  if (!plan) {
    return {
      supporters: [],
      destination: null,
      routes: [],
      evacuationTrigger: '',
      transport: '',
      careNotes: '',
      thingsToBring: '',
      emergencyContacts: [],
      careProfessionals: [],
      medicalDevices: [],
      nextReviewAt: '',
    };
  }
  return {
    supporters: plan.supporters.map((s) => ({
      key: s.key,
      name: s.name ?? '',
      relation: s.relation,
      responderGroup: s.responderGroup,
      phone: s.phone ?? '',
      address: s.address ?? '',
      accountId: s.accountId,
      day: s.availableDay,
      night: s.availableNight,
    })),
    destination: plan.destination ? { ...plan.destination } : null,
    routes: plan.routes.filter((r) => isLineString(r.geometry)).map((r) => ({ coordinates: r.geometry.coordinates.map(([x, y]) => [x, y] as [number, number]), description: r.description })),
    evacuationTrigger: plan.evacuationTrigger ?? '',
    transport: plan.transport ?? '',
    careNotes: plan.careNotes ?? '',
    thingsToBring: plan.thingsToBring ?? '',
    emergencyContacts: plan.emergencyContacts.map((c) => ({ ...c })),
    careProfessionals: plan.careProfessionals.map((c) => ({ ...c, phone: c.phone ?? '' })),
    medicalDevices:
      plan.medicalDevices === null
        ? null
        : plan.medicalDevices.map((d) => ({
            device: d.device,
            settingsSummary: d.settingsSummary,
            internalBatteryHours: String(d.internalBatteryHours),
            externalBatteryHours: d.externalBatteryHours.map(String),
            backupPower: d.backupPower ?? '',
            oxygenSupplier: d.oxygenSupplier ?? '',
            powerCompanyRegistered: d.powerCompanyRegistered ?? false,
          })),
    nextReviewAt: plan.nextReviewAt ?? '',
  };
}

export function isLineString(g: unknown): g is LineString {
  const x = g as { type?: unknown; coordinates?: unknown } | null;
  return !!x && x.type === 'LineString' && Array.isArray(x.coordinates) && x.coordinates.every((p) => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number');
}

const text = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** A number typed in a field, or null when it is not one. */
export function parseHours(s: string): number | null {
  const v = s.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (v === '' || !/^\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}

/** The savePlan content. Supporters keep their key; new ones go without (the server assigns one). */
export function contentFromDraft(d: PlanDraft): PlanContentInput {
  return {
    supporters: d.supporters.map((s) => ({
      ...(s.key ? { key: s.key } : {}),
      name: s.name.trim(),
      relation: s.relation.trim(),
      responderGroup: s.responderGroup,
      phone: text(s.phone),
      address: text(s.address),
      accountId: s.accountId,
      availability: { day: s.day, night: s.night },
    })),
    destination: d.destination ? { ...d.destination, name: d.destination.name.trim() } : null,
    routes: d.routes.map((r) => ({ geometry: { type: 'LineString', coordinates: r.coordinates.map(([x, y]) => [round7(x), round7(y)] as [number, number]) }, description: r.description.trim() })),
    evacuationTrigger: text(d.evacuationTrigger),
    transport: text(d.transport),
    careNotes: text(d.careNotes),
    thingsToBring: text(d.thingsToBring),
    emergencyContacts: d.emergencyContacts.map((c) => ({ name: c.name.trim(), relation: c.relation.trim(), phone: c.phone.trim() })),
    careProfessionals: d.careProfessionals.map((c) => ({ role: c.role, name: c.name.trim(), organisation: c.organisation.trim(), phone: text(c.phone), accountId: c.accountId })),
    medicalDevices: (d.medicalDevices ?? []).map((m) => ({
      device: m.device,
      settingsSummary: m.settingsSummary.trim(),
      internalBatteryHours: parseHours(m.internalBatteryHours) ?? 0,
      externalBatteryHours: m.externalBatteryHours.map(parseHours).filter((h): h is number => h !== null),
      backupPower: text(m.backupPower),
      oxygenSupplier: text(m.oxygenSupplier),
      powerCompanyRegistered: m.powerCompanyRegistered,
    })),
  };
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** The value of one field in comparable form (what would be saved). */
export function fieldValue(d: PlanDraft, field: DraftField): unknown {
  if (field === 'nextReviewAt') return d.nextReviewAt.trim() || null;
  if (field === 'medicalDevices' && d.medicalDevices === null) return null;
  return contentFromDraft(d)[field];
}

/** JSON with object keys sorted, so two equal values give equal text. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function sameField(a: PlanDraft, b: PlanDraft, field: DraftField): boolean {
  return stable(fieldValue(a, field)) === stable(fieldValue(b, field));
}

/** Fields whose saved value would differ between two drafts. */
export function changedDraftFields(a: PlanDraft, b: PlanDraft): DraftField[] {
  return DRAFT_FIELDS.filter((f) => !sameField(a, b, f));
}

export function cloneDraft(d: PlanDraft): PlanDraft {
  return structuredClone(d);
}

export interface MergeResult {
  merged: PlanDraft;
  /** Fields only I changed: my value is kept on top of the new revision. */
  carried: DraftField[];
  /** Fields both of us changed, differently: the new revision's value is in `merged`. */
  overlapping: DraftField[];
}

/**
 * Three-way merge at the level of top-level fields, after a CONFLICT: start from the new revision
 * (`theirs`), keep every field only I changed since `base`, and report the fields we both changed.
 */
export function mergeDrafts(base: PlanDraft, mine: PlanDraft, theirs: PlanDraft): MergeResult {
  const merged = cloneDraft(theirs);
  const carried: DraftField[] = [];
  const overlapping: DraftField[] = [];
  const theirChanges = new Set(changedDraftFields(base, theirs));
  for (const f of changedDraftFields(base, mine)) {
    if (!theirChanges.has(f)) {
      setField(merged, f, mine);
      carried.push(f);
    } else if (!sameField(mine, theirs, f)) {
      overlapping.push(f);
    }
  }
  return { merged, carried, overlapping };
}

/** Copies one field from `source` into `target`. */
export function setField(target: PlanDraft, field: DraftField, source: PlanDraft): void {
  (target as unknown as Record<string, unknown>)[field] = structuredClone(source[field]);
}

/** Hours a device runs without mains power: internal + Σ external. Null until the internal figure is a number. */
export function deviceRuntime(d: DeviceDraft): number | null {
  const internal = parseHours(d.internalBatteryHours);
  if (internal === null) return null;
  return internal + d.externalBatteryHours.map(parseHours).reduce<number>((a, h) => a + (h ?? 0), 0);
}

/** The device that runs out first decides (the API's backupRuntimeHours). Null without devices or figures. */
export function planRuntime(devices: DeviceDraft[]): number | null {
  const hours = devices.map(deviceRuntime);
  if (hours.length === 0 || hours.some((h) => h === null)) return null;
  return Math.min(...(hours as number[]));
}

/** Length of a route in metres (haversine), for "about 1.2 km". */
export function routeLengthMetres(coords: [number, number][]): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) sum += distanceMetres(coords[i - 1] as [number, number], coords[i] as [number, number]);
  return sum;
}

export function distanceMetres([lng1, lat1]: [number, number], [lng2, lat2]: [number, number]): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}
