/**
 * The content of a plan revision (DOMAIN §7.3–§7.4). Stored as one JSON document per revision so that
 * a revision is immutable and diffable field by field. The roster/plans issue grows this shape.
 */
export interface PlanSupporter {
  name: string;
  relation: string;
  /** MEDICAL | CARE | WELFARE_VOLUNTEER | MUNICIPAL (ResponderGroup) */
  responderGroup: string;
  phone: string | null;
  /** The supporter's own account, when they have one. */
  accountId: string | null;
  availability: { day: boolean; night: boolean };
}

export interface MedicalDevicePlan {
  device: string;
  settingsSummary: string;
  internalBatteryHours: number;
  externalBatteryHours: number[];
  backupPower: string | null;
}

export interface PlanContent {
  supporters: PlanSupporter[];
  destination: { type: string; shelterId: string | null; name: string; preArranged: boolean } | null;
  evacuationTrigger: string | null;
  transport: string | null;
  careNotes: string | null;
  emergencyContacts: { name: string; relation: string; phone: string }[];
  medicalDevices: MedicalDevicePlan[];
}

/** backup_runtime_hours = internal + Σ external (DOMAIN §7.4). Null when the person depends on no device. */
export function backupRuntimeHours(devices: MedicalDevicePlan[]): number | null {
  if (devices.length === 0) return null;
  return Math.min(...devices.map((d) => d.internalBatteryHours + d.externalBatteryHours.reduce((a, b) => a + b, 0)));
}
