import { DataSource } from 'typeorm';
import { pointInMultiPolygon, Position } from '@anpi/core';
import { closeDataSource, openTestDataSource } from '../../../test/support/database';
import { loadBoundaries, loadShelters } from './region-data';
import { RegionRepository } from './region.repository';

/** A point `metres` from the midpoint of edge i of `ring`, to the left (+) or right (−) of the edge. */
function offsetFromEdge(ring: Position[], i: number, metres: number): Position {
  const [x1, y1] = ring[i];
  const [x2, y2] = ring[i + 1];
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const kx = 111320 * Math.cos((my * Math.PI) / 180); // metres per degree of longitude here
  const ky = 110574;
  const dx = (x2 - x1) * kx;
  const dy = (y2 - y1) * ky;
  const len = Math.hypot(dx, dy);
  return [mx + ((-dy / len) * metres) / kx, my + ((dx / len) * metres) / ky];
}

describe(RegionRepository.name, () => {
  let ds: DataSource;
  let repo: RegionRepository;
  const komae = loadBoundaries().find((b) => b.properties.code === '13219')!;
  const ring = komae.geometry.coordinates[0][0];
  // The longest edges, where a perpendicular offset cannot stray past a neighbouring vertex.
  const edges = ring
    .slice(0, -1)
    .map((_, i) => i)
    .sort((a, b) => Math.hypot(ring[b + 1][0] - ring[b][0], ring[b + 1][1] - ring[b][1]) - Math.hypot(ring[a + 1][0] - ring[a][0], ring[a + 1][1] - ring[a][1]))
    .slice(0, 10);

  beforeAll(async () => {
    ds = await openTestDataSource();
    repo = new RegionRepository(ds);
    await repo.loadRegion(loadBoundaries(), loadShelters());
  });

  afterAll(() => closeDataSource(ds));

  it('loads six municipalities and 472 shelters, and a second load changes nothing', async () => {
    await repo.loadRegion(loadBoundaries(), loadShelters());
    expect(await repo.countMunicipalities()).toBe(6);
    expect((await repo.listShelters()).length).toBe(472);
    const parts: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM municipality_area_part`);
    expect(Number(parts[0].n)).toBe(7); // one ring each, Fuchu two polygons
  });

  it.each([1, 3])('tells a point %d m inside a boundary from one as far outside, on its longest edges', async (metres) => {
    for (const i of edges) {
      const left = offsetFromEdge(ring, i, metres);
      const right = offsetFromEdge(ring, i, -metres);
      const [inside, outside] = pointInMultiPolygon(left, komae.geometry.coordinates) ? [left, right] : [right, left];
      expect(pointInMultiPolygon(outside, komae.geometry.coordinates)).toBe(false);
      expect(await repo.municipalitiesAt(inside[1], inside[0])).toContain('13219');
      expect(await repo.municipalitiesAt(outside[1], outside[0])).not.toContain('13219');
    }
  });

  it('documents why coordinates are scaled: raw degrees accept points metres outside an edge', async () => {
    // The same test as above on unscaled degrees: PostgreSQL's 1e-6 tolerance lets outside points in.
    const raw = `(${ring.slice(0, -1).map(([x, y]) => `(${x},${y})`).join(',')})`;
    let wronglyInside = 0;
    for (const i of edges) {
      const a = offsetFromEdge(ring, i, 3);
      const b = offsetFromEdge(ring, i, -3);
      const outside = pointInMultiPolygon(a, komae.geometry.coordinates) ? b : a;
      const rows: { inside: boolean }[] = await ds.query(`SELECT point($1, $2) <@ $3::polygon AS inside`, [outside[0], outside[1], raw]);
      if (rows[0].inside) wronglyInside++;
    }
    expect(wronglyInside).toBeGreaterThan(0);
  });

  it('finds the municipality of a shelter and none for a point in Tokyo Bay', async () => {
    const shelter = (await repo.listShelters(['13219']))[0];
    expect(await repo.municipalitiesAt(shelter.lat, shelter.lng)).toEqual(expect.arrayContaining(['13219']));
    expect(await repo.municipalitiesAt(35.6, 139.85)).toEqual([]);
  });
});
