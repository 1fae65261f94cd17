import { DataSource } from 'typeorm';
import { RegionRepository } from '@anpi/region';

const pointKey = (lat: number, lng: number) => `${lat},${lng}`;

/**
 * A RegionRepository for validating one import file with PeopleService.validate (the roster rules, in
 * one place) without one containment query per row: `municipalitiesAt` answers the file's points from a
 * single set-based lookup made beforehand (RosterImportRepository.pointsInside) and falls back to the real
 * query for any other point. For a preloaded point it answers only whether the point lies in the
 * importing municipality, which is all `validate` asks.
 */
export class PreloadedRegion extends RegionRepository {
  private readonly known = new Map<string, boolean>();

  constructor(
    ds: DataSource,
    private readonly municipalityCode: string,
    points: { lat: number; lng: number }[],
    insideIndexes: Set<number>,
  ) {
    super(ds);
    points.forEach((p, i) => this.known.set(pointKey(p.lat, p.lng), insideIndexes.has(i)));
  }

  override async municipalitiesAt(lat: number, lng: number): Promise<string[]> {
    const inside = this.known.get(pointKey(lat, lng));
    if (inside === undefined) return super.municipalitiesAt(lat, lng);
    return inside ? [this.municipalityCode] : [];
  }
}
