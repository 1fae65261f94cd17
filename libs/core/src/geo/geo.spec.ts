import { GEO_SCALE, metresBetween, pointInMultiPolygon, pointInRing, ringToScaledPolygon } from './geo';

describe('geo', () => {
  const square: [number, number][] = [[139, 35], [140, 35], [140, 36], [139, 36], [139, 35]];

  it.each([
    [[139.5, 35.5], true],
    [[139.0000001, 35.5], true],
    [[138.9999999, 35.5], false],
    [[140.5, 35.5], false],
  ] as const)('pointInRing(%j) is %s', (p, expected) => {
    expect(pointInRing([p[0], p[1]], square)).toBe(expected);
  });

  it('treats holes as outside', () => {
    const hole: [number, number][] = [[139.4, 35.4], [139.6, 35.4], [139.6, 35.6], [139.4, 35.6], [139.4, 35.4]];
    expect(pointInMultiPolygon([139.5, 35.5], [[square, hole]])).toBe(false);
    expect(pointInMultiPolygon([139.2, 35.2], [[square, hole]])).toBe(true);
  });

  it('writes scaled polygons without the closing vertex', () => {
    expect(ringToScaledPolygon(square)).toBe(`((${139 * GEO_SCALE},${35 * GEO_SCALE}),(${140 * GEO_SCALE},${35 * GEO_SCALE}),(${140 * GEO_SCALE},${36 * GEO_SCALE}),(${139 * GEO_SCALE},${36 * GEO_SCALE}))`);
  });

  it('measures about 1.1 km for 0.01° of latitude', () => {
    expect(metresBetween([139.5, 35.6], [139.5, 35.61])).toBeCloseTo(1112, -1);
  });
});
