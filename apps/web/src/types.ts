/** Shapes of the GraphQL API this app reads (see apps/api/schema.gql). */
import type { MultiPolygon } from 'geojson';

export const ROLES = [
  'MUNICIPAL_ADMIN',
  'MUNICIPAL_STAFF',
  'WELFARE_VOLUNTEER',
  'VOLUNTARY_DISASTER_ORG',
  'FIRE_POLICE',
  'SOCIAL_WELFARE_COUNCIL',
  'SUPPORTER',
  'CARE_MANAGER',
  'VISITING_NURSE',
  'HOME_CARE_DOCTOR',
  'ACP_FACILITATOR',
  'PERSON_OR_SURROGATE',
] as const;
export type Role = (typeof ROLES)[number];

export const SHELTER_KINDS = ['EMERGENCY_SITE', 'SHELTER', 'WELFARE_SHELTER'] as const;
export type ShelterKind = (typeof SHELTER_KINDS)[number];

/** What the login / refreshSession mutations answer. */
export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  accountId: string;
  role: Role;
  displayName: string;
}

/** The signed-in account as the UI shows it. */
export interface SignedInAccount {
  accountId: string;
  displayName: string;
  role: Role;
}

export interface MapSettings {
  tileUrl: string;
  /** HTML from the operator's configuration (a link to the tile provider). */
  tileAttribution: string;
  /** Plain-text credit lines that must be shown with the boundary and shelter data. */
  dataAttribution: string[];
}

export interface Municipality {
  code: string;
  nameJa: string;
  nameEn: string;
  boundary: MultiPolygon;
}

export interface Shelter {
  id: string;
  nameJa: string;
  address: string;
  kind: ShelterKind;
  hazards: string[];
  lat: number;
  lng: number;
  isOpen: boolean;
}

/* ---------- roster and plans ---------- */

export const SUPPORT_REASONS = [
  'CARE_NEED',
  'PHYSICAL_DISABILITY',
  'INTELLECTUAL_DISABILITY',
  'MENTAL_DISABILITY',
  'INTRACTABLE_DISEASE',
  'MEDICAL_CARE',
  'ELDERLY_ALONE',
  'LANGUAGE',
  'OTHER',
] as const;
export type SupportReason = (typeof SUPPORT_REASONS)[number];

export const MEDICAL_DEPENDENCIES = ['VENTILATOR', 'OXYGEN', 'SUCTION', 'DIALYSIS', 'TUBE_FEEDING', 'OTHER_DEVICE'] as const;
export type MedicalDependency = (typeof MEDICAL_DEPENDENCIES)[number];

/** Statuses the roster filter accepts (REVIEW_DUE is derived and shown, not filtered on). */
export const PLAN_FILTER_STATUSES = ['DRAFT', 'IN_REVIEW', 'AGREED'] as const;
export type PlanStatus = 'DRAFT' | 'IN_REVIEW' | 'AGREED' | 'REVIEW_DUE';

export interface Membership {
  municipalityCode: string;
  districtCode: string | null;
}

export interface MunicipalityName {
  code: string;
  nameJa: string;
  nameEn: string;
}

export interface District {
  code: string;
  municipalityCode: string;
  nameJa: string;
}

export interface Priority {
  score: number;
  factors: string[];
}

/** A roster row as the list shows it. */
export interface PersonSummary {
  id: string;
  name: string;
  nameKana: string;
  age: number;
  address: string;
  municipalityCode: string;
  districtCode: string | null;
  medicalDependencies: string[];
  priority: Priority;
  planStatus: string | null;
}

export interface PersonDetail extends PersonSummary {
  birthDate: string;
  sex: string;
  phone: string | null;
  otherContacts: string[];
  careLevel: string;
  household: string;
  supportReasons: string[];
  supportReasonNote: string | null;
  hazardFlags: string[];
  rosterStatus: string;
  rosterExcludedReason: string | null;
  lat: number;
  lng: number;
  updatedAt: string;
  version: number;
}

export interface PeopleFilter {
  text?: string;
  municipalityCode?: string;
  districtCode?: string;
  needs?: string[];
  medicalDependencies?: string[];
  planStatus?: string[];
  noPlan?: boolean;
}

export interface SupporterView {
  key: string;
  name: string | null;
  relation: string;
  responderGroup: string;
  phone: string | null;
  address: string | null;
  accountId: string | null;
  availableDay: boolean;
  availableNight: boolean;
  redacted: boolean;
}

export interface DestinationView {
  type: string;
  name: string;
  shelterId: string | null;
  preArranged: boolean;
}

export interface LineString {
  type: 'LineString';
  coordinates: [number, number][];
}

export interface RouteView {
  description: string;
  geometry: LineString;
}

export interface EmergencyContactView {
  name: string;
  relation: string;
  phone: string;
}

export interface CareProfessionalView {
  role: string;
  name: string;
  organisation: string;
  phone: string | null;
  accountId: string | null;
}

export interface MedicalDeviceView {
  device: string;
  settingsSummary: string;
  internalBatteryHours: number;
  externalBatteryHours: number[];
  backupPower: string | null;
  oxygenSupplier: string | null;
  powerCompanyRegistered: boolean | null;
}

/** The current revision of a plan as the API shows it to this account. */
export interface PlanView {
  revision: number;
  status: string;
  nextReviewAt: string | null;
  agreedAt: string | null;
  agreedRevision: number | null;
  updatedAt: string;
  backupRuntimeHours: number | null;
  shelterAccess: string;
  supporters: SupporterView[];
  destination: DestinationView | null;
  routes: RouteView[];
  evacuationTrigger: string | null;
  transport: string | null;
  careNotes: string | null;
  thingsToBring: string | null;
  emergencyContacts: EmergencyContactView[];
  careProfessionals: CareProfessionalView[];
  /** Null when this account may not see device details. */
  medicalDevices: MedicalDeviceView[] | null;
  deviceSummary: { devices: string[]; onLifeSupport: boolean } | null;
}

export interface AccountRef {
  id?: string;
  displayName: string;
  role: string;
  organisation?: string;
}

export interface PlanComment {
  id: string;
  body: string;
  createdAt: string;
  author: AccountRef;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanRevision {
  revision: number;
  createdAt: string;
  changedFields: string[];
  author: AccountRef;
  changes: FieldChange[];
  comments: PlanComment[];
}

export interface ShareRecipient {
  recipient: string;
  when: string;
  basis: string;
}

export const CONSENT_SCOPES = ['PLAN_CREATION', 'PLAN_SHARE_NORMAL', 'SUPPORTER_PLAN_SHARE', 'ROSTER_SHARE_NORMAL', 'ACP_SHARE_TEAM', 'ACP_SHARE_EMERGENCY'] as const;
export const CONSENT_DECISIONS = ['AGREE', 'DISAGREE', 'REFUSE', 'NO_ANSWER', 'WITHDRAWN'] as const;
export const CONSENT_METHODS = ['WRITTEN', 'ORAL', 'ELECTRONIC'] as const;
export const LEGAL_BASES = ['explicit_consent', 'ordinance_presumed', 'ordinance_optout', 'ordinance_no_consent'] as const;

export interface ConsentRecord {
  id: string;
  scope: string;
  decision: string;
  legalBasis: string;
  method: string;
  signerRelation: string;
  explainedItems: string;
  recipientsAllowed: string[];
  supporterKey: string | null;
  obtainedAt: string;
  recordedAt: string;
}

export interface ShelterPoint extends Shelter {
  municipalityCode: string;
}
