import { CareLevel, HazardFlag, Household, MedicalDependency } from './person.enums';

/** A power cut after a large earthquake lasts this long before restoration reaches most homes (planning figure). */
export const EXPECTED_OUTAGE_HOURS = 12;

export enum PriorityFactor {
  VENTILATOR = 'VENTILATOR',
  OXYGEN = 'OXYGEN',
  OTHER_MEDICAL_DEVICE = 'OTHER_MEDICAL_DEVICE',
  BACKUP_BELOW_OUTAGE = 'BACKUP_BELOW_OUTAGE',
  BACKUP_UNKNOWN = 'BACKUP_UNKNOWN',
  HAZARD_ZONE = 'HAZARD_ZONE',
  LIVES_ALONE = 'LIVES_ALONE',
  ELDERLY_ONLY = 'ELDERLY_ONLY',
  HIGH_CARE_LEVEL = 'HIGH_CARE_LEVEL',
  CARE_NEED = 'CARE_NEED',
  NO_SUPPORTER = 'NO_SUPPORTER',
  NO_PLAN = 'NO_PLAN',
}

export interface PriorityInput {
  medicalDependencies: string[];
  hazardFlags: string[];
  household: string;
  careLevel: string;
  /** Null when there is no plan. */
  plan: { supporterCount: number; backupRuntimeHours: number | null } | null;
}

export interface Priority {
  /** 0–100; higher is checked (and planned) first. */
  score: number;
  /** Each factor that added points, so a coordinator can see why. */
  factors: { factor: PriorityFactor; points: number }[];
}

/**
 * Priority of a person (DOMAIN §2.1, §8.4): device dependence against backup runtime first, then
 * hazard, living alone, care level and missing supporters. Pure and explainable.
 */
export function priorityOf(p: PriorityInput, expectedOutageHours = EXPECTED_OUTAGE_HOURS): Priority {
  const factors: Priority['factors'] = [];
  const add = (factor: PriorityFactor, points: number) => factors.push({ factor, points });
  const deps = new Set(p.medicalDependencies);
  const lifeSupport = deps.has(MedicalDependency.VENTILATOR) || deps.has(MedicalDependency.OXYGEN);
  if (deps.has(MedicalDependency.VENTILATOR)) add(PriorityFactor.VENTILATOR, 35);
  else if (deps.has(MedicalDependency.OXYGEN)) add(PriorityFactor.OXYGEN, 25);
  else if (deps.size > 0) add(PriorityFactor.OTHER_MEDICAL_DEVICE, 12);
  if (lifeSupport) {
    const backup = p.plan?.backupRuntimeHours ?? null;
    if (backup === null) add(PriorityFactor.BACKUP_UNKNOWN, 15);
    else if (backup < expectedOutageHours) add(PriorityFactor.BACKUP_BELOW_OUTAGE, 20);
  }
  const hazards = p.hazardFlags.filter((h) => Object.values(HazardFlag).includes(h as HazardFlag));
  if (hazards.length) add(PriorityFactor.HAZARD_ZONE, Math.min(15, hazards.length * 10));
  if (p.household === Household.LIVES_ALONE) add(PriorityFactor.LIVES_ALONE, 12);
  else if (p.household === Household.ELDERLY_ONLY) add(PriorityFactor.ELDERLY_ONLY, 6);
  if ([CareLevel.CARE_3, CareLevel.CARE_4, CareLevel.CARE_5].includes(p.careLevel as CareLevel)) add(PriorityFactor.HIGH_CARE_LEVEL, 10);
  else if (p.careLevel !== CareLevel.NONE) add(PriorityFactor.CARE_NEED, 4);
  if (!p.plan) add(PriorityFactor.NO_PLAN, 6);
  else if (p.plan.supporterCount === 0) add(PriorityFactor.NO_SUPPORTER, 8);
  const score = Math.min(100, factors.reduce((a, f) => a + f.points, 0));
  return { score, factors };
}

/** Battery plan of one device, as the plan records it (DOMAIN §7.4). */
export interface DeviceBackup {
  internalBatteryHours: number;
  externalBatteryHours: number[];
}

/**
 * backup_runtime_hours = internal + Σ external (DOMAIN §7.4), for the device that runs out first.
 * Null when no device is recorded.
 */
export function backupRuntimeHours(devices: DeviceBackup[]): number | null {
  if (devices.length === 0) return null;
  return Math.min(...devices.map((d) => d.internalBatteryHours + d.externalBatteryHours.reduce((a, b) => a + b, 0)));
}
