/**
 * Every colour the map uses, in one place, so a legend, the map and (later) printed lists agree.
 * Chosen to stay distinguishable on the GSI base map, on the plain fallback background, and for the
 * common colour-vision deficiencies (green / blue / purple differ in lightness as well as hue).
 * The safety-check task status → colour map belongs here too when tasks reach the map.
 */
import type { ShelterKind } from './types';

export const THEME = {
  primary: '#1d4f7c',
  /** Map background when no tiles load (offline, tile server down): light, so the vector layers read. */
  mapBackground: '#eef1ea',
} as const;

export const BOUNDARY_STYLE = {
  color: '#24364d',
  weight: 2.5,
  opacity: 0.9,
  fillColor: '#ffffff',
  fillOpacity: 0.35,
} as const;

export const SHELTER_KIND_COLORS: Record<ShelterKind, string> = {
  EMERGENCY_SITE: '#1a7f37',
  SHELTER: '#1f5fbf',
  WELFARE_SHELTER: '#8e3ea8',
};

/** Ring around shelter markers that are open in the current incident. */
export const SHELTER_OPEN_RING = '#f2b705';

/** Evacuation routes in a plan, in order (route 1 is the main one); none is a shelter colour. */
export const ROUTE_COLORS = ['#c2410c', '#0f766e', '#be185d', '#4d4ab5', '#7a5c00'] as const;
/** White casing under a route line, so it reads on tiles and on the plain background. */
export const ROUTE_CASING = '#ffffff';
/** The person's home on the plan map. */
export const HOME_COLOR = '#b42318';
/** Ring around the destination chosen in a plan. */
export const CHOSEN_RING = '#f2b705';
