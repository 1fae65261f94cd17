/**
 * Every colour the map uses, in one place, so a legend, the map and (later) printed lists agree.
 * Chosen to stay distinguishable on the GSI base map, on the plain fallback background, and for the
 * common colour-vision deficiencies (green / blue / purple differ in lightness as well as hue).
 * The safety-check task status → colour map (TASK_STATUS_COLORS) is the only one: the incident map, the task
 * list, the tick sheet and the dashboard all read it. Every colour here carries white text at ≥ 4.5:1 and is
 * always shown with a glyph and a word, never alone.
 */
import type { TaskStatus } from './incident/incident-types';
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

/**
 * Safety-check status → colour (the ONE map). Hue and lightness both differ between neighbours, so the common
 * colour-vision deficiencies still tell "needs help" (red) from "safe" (green); a glyph and a word go with it.
 * UNCHECKED is drawn hollow (white fill, grey ring), so "not yet seen" stands apart from every outcome.
 */
export const TASK_STATUS_COLORS: Record<TaskStatus, string> = {
  UNCHECKED: '#5b6770',
  SAFE_AT_HOME: '#1a7f37',
  EVACUATED: '#1d6fa5',
  HOME_NEEDS_SUPPORT: '#a85400',
  NEEDS_HELP: '#c8102e',
  HOSPITALISED: '#7b3fa0',
  NOT_REACHABLE: '#6d4c41',
  MISSING: '#c2255c',
  DECEASED: '#1a1a1a',
};

/** A glyph per status, drawn inside markers and badges beside the colour and the word. */
export const TASK_STATUS_GLYPHS: Record<TaskStatus, string> = {
  UNCHECKED: '?',
  SAFE_AT_HOME: '✓',
  EVACUATED: '→',
  HOME_NEEDS_SUPPORT: '⌂',
  NEEDS_HELP: '!',
  HOSPITALISED: '+',
  NOT_REACHABLE: '×',
  MISSING: '?',
  DECEASED: '—',
};

/** The incident's area: a dashed red-orange outline with a faint wash, above the municipal boundaries. */
export const INCIDENT_AREA_STYLE = {
  color: '#b42318',
  weight: 3,
  opacity: 0.9,
  dashArray: '8 6',
  fillColor: '#b42318',
  fillOpacity: 0.05,
} as const;

/** People whose details are hidden: a soft, blurred disc (never a pin) in this colour. */
export const APPROXIMATE_COLOR = '#46525e';

/** Drill (訓練) marking: a diagonal-striped amber badge and border, never the colour of a real incident. */
export const DRILL_COLOR = '#7a4b00';
