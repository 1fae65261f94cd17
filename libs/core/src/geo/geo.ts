/**
 * Geometry on core PostgreSQL types only (no PostGIS): `point` and `polygon` with GiST indexes.
 *
 * PostgreSQL's geometric operators compare with a fixed absolute tolerance of 1e-6. In raw degrees that
 * lets `point <@ polygon` accept points tens of metres outside an edge (DESIGN §1). Every coordinate that
 * takes part in a containment test is therefore stored and queried scaled by GEO_SCALE (1 unit ≈ 1 m at
 * Tokyo's latitude), which shrinks the tolerance to about a micrometre. Use `scaledPointSql` and
 * `ringToScaledPolygon` rather than building geometry strings by hand.
 */
export const GEO_SCALE = 100000;

export type Position = [number, number]; // [lng, lat]
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

/** SQL for the scaled point of a row with `lng` and `lat` columns (must match the expression index). */
export function scaledPointSql(alias: string): string {
  return `point(${alias}.lng * ${GEO_SCALE}, ${alias}.lat * ${GEO_SCALE})`;
}

/** A GeoJSON ring as a PostgreSQL `polygon` literal in scaled coordinates. */
export function ringToScaledPolygon(ring: Ring): string {
  const pts = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  return `(${pts.map(([x, y]) => `(${round(x * GEO_SCALE)},${round(y * GEO_SCALE)})`).join(',')})`;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Exact even-odd point-in-ring test, used to place synthetic people and to check edge cases. */
export function pointInRing([x, y]: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(p: Position, polygon: PolygonCoords): boolean {
  if (!pointInRing(p, polygon[0])) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(p, polygon[h])) return false;
  return true;
}

export function pointInMultiPolygon(p: Position, mp: MultiPolygonCoords): boolean {
  return mp.some((poly) => pointInPolygon(p, poly));
}

export function bboxOf(mp: MultiPolygonCoords): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of mp)
    for (const [x, y] of poly[0]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return [minX, minY, maxX, maxY];
}

/** Approximate metres between two positions (equirectangular; fine within a region). */
export function metresBetween([x1, y1]: Position, [x2, y2]: Position): number {
  const rad = Math.PI / 180;
  const dx = (x2 - x1) * Math.cos(((y1 + y2) / 2) * rad) * 6371000 * rad;
  const dy = (y2 - y1) * 6371000 * rad;
  return Math.hypot(dx, dy);
}
