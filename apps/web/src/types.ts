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
