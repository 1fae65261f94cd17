import { parseAreaGeometry } from './area-geometry';

const square = [[139.55, 35.62], [139.6, 35.62], [139.6, 35.66], [139.55, 35.66], [139.55, 35.62]];

describe(parseAreaGeometry.name, () => {
  it('accepts a Polygon and returns MultiPolygon coordinates', () => {
    expect(parseAreaGeometry({ type: 'Polygon', coordinates: [square] }, 'input.area')).toEqual({ coords: [[square]], problems: [] });
  });

  it.each([
    [{ type: 'Point', coordinates: [139, 35] }, 'input.area', /Polygon or MultiPolygon/],
    [{ type: 'Polygon', coordinates: [square.slice(0, 4)] }, 'input.area.coordinates.0', /open/],
    [{ type: 'Polygon', coordinates: [[[139.55, 35.62], [139.6, 35.62], [139.55, 35.62]]] }, 'input.area.coordinates.0', /at least 4/],
    [{ type: 'Polygon', coordinates: [[[139.55, 35.62], [139.6, 35.66], [139.6, 35.62], [139.55, 35.66], [139.55, 35.62]]] }, 'input.area.coordinates.0', /crosses itself/],
    [{ type: 'Polygon', coordinates: [[[35.62, 139.55], [35.62, 139.6], [35.66, 139.6], [35.62, 139.55]]] }, 'input.area.coordinates.0', /outside Japan/],
    [{ type: 'MultiPolygon', coordinates: [[square], [[[2, 48], [3, 48], [3, 49], [2, 48]]]] }, 'input.area.coordinates.1.0', /outside Japan/],
  ])('refuses %j at %s', (g, field, message) => {
    const r = parseAreaGeometry(g, 'input.area');
    expect(r.coords).toBeNull();
    expect(r.problems).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('refuses more vertices than the limit, naming it', () => {
    const n = 6000;
    const ring = Array.from({ length: n }, (_, i) => [139.57 + 0.01 * Math.cos((2 * Math.PI * i) / n), 35.63 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]);
    expect(parseAreaGeometry({ type: 'Polygon', coordinates: [ring] }, 'a').problems).toEqual([{ field: 'a', message: 'has 6001 vertices; the limit is 5000' }]);
  });
});
