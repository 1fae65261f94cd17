import { FieldProblem, MultiPolygonCoords, Position } from '@anpi/core';

export const MAX_AREA_VERTICES = 5000;
/** Japan's extent with a margin (Okinotorishima to Etorofu, Yonaguni to Minamitorishima). */
const JAPAN = { minLng: 122, maxLng: 154, minLat: 20, maxLat: 46 };

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = o(a, b, c);
  const o2 = o(a, b, d);
  const o3 = o(c, d, a);
  const o4 = o(c, d, b);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

/** True when two non-adjacent edges of the ring cross. */
export function selfIntersects(ring: Position[]): boolean {
  const n = ring.length - 1; // closed ring: last == first
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last edges share a vertex
      if (segmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

/**
 * Checks a GeoJSON Polygon or MultiPolygon for an incident area and returns it as MultiPolygon
 * coordinates, or the problems (open rings, too few points, self-intersections, outside Japan, too
 * many vertices), each with its path.
 */
export function parseAreaGeometry(g: unknown, path: string): { coords: MultiPolygonCoords | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const at = (p: string, message: string) => problems.push({ field: `${path}${p}`, message });
  const geo = g as { type?: unknown; coordinates?: unknown };
  if (!geo || typeof geo !== 'object' || (geo.type !== 'Polygon' && geo.type !== 'MultiPolygon') || !Array.isArray(geo.coordinates)) {
    at('', 'must be a GeoJSON Polygon or MultiPolygon');
    return { coords: null, problems };
  }
  const polys = (geo.type === 'Polygon' ? [geo.coordinates] : geo.coordinates) as unknown[];
  let vertices = 0;
  polys.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) return at(`.coordinates.${pi}`, 'a polygon needs at least one ring');
    poly.forEach((ring, ri) => {
      const rp = geo.type === 'Polygon' ? `.coordinates.${ri}` : `.coordinates.${pi}.${ri}`;
      if (!Array.isArray(ring) || !ring.every((p) => Array.isArray(p) && p.length >= 2 && p.slice(0, 2).every((v: unknown) => typeof v === 'number' && Number.isFinite(v)))) {
        return at(rp, 'must be a list of [longitude, latitude] positions');
      }
      const pts = ring as Position[];
      vertices += pts.length;
      if (pts.length < 4) return at(rp, 'a ring needs at least 4 positions (3 corners and the closing one)');
      const [f, l] = [pts[0], pts[pts.length - 1]];
      if (f[0] !== l[0] || f[1] !== l[1]) return at(rp, 'the ring is open: its last position must equal its first');
      if (pts.some(([x, y]) => x < JAPAN.minLng || x > JAPAN.maxLng || y < JAPAN.minLat || y > JAPAN.maxLat)) return at(rp, 'lies outside Japan (expects [longitude, latitude])');
      if (pts.length <= 2000 && selfIntersects(pts)) at(rp, 'crosses itself');
    });
  });
  if (vertices > MAX_AREA_VERTICES) at('', `has ${vertices} vertices; the limit is ${MAX_AREA_VERTICES}`);
  return { coords: problems.length ? null : (polys as MultiPolygonCoords), problems };
}
