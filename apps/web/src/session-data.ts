/**
 * Reference data that does not change during a session (the account's memberships, municipality and
 * district names, shelters, base-map settings): fetched once on first use, shared by every page.
 * A failed fetch is forgotten, so the next page tries again.
 */
import type { ApiClient } from './api';
import type { District, MapSettings, Membership, MunicipalityName, ShelterPoint } from './types';

export interface PlanMapData {
  mapSettings: MapSettings;
  shelters: ShelterPoint[];
}

const ME = `query Me { me { memberships { municipalityCode districtCode } } municipalities { code nameJa nameEn } }`;
const DISTRICTS = `query Districts($m: String) { districts(municipalityCode: $m) { code municipalityCode nameJa } }`;
const PLAN_MAP = `query PlanMap {
  mapSettings { tileUrl tileAttribution dataAttribution }
  shelters { id nameJa address kind hazards lat lng isOpen municipalityCode }
}`;

export class SessionData {
  private scope: Promise<{ memberships: Membership[]; municipalities: MunicipalityName[] }> | null = null;
  private readonly districtsBy = new Map<string, Promise<District[]>>();
  private planMap: Promise<PlanMapData> | null = null;

  constructor(private readonly client: ApiClient) {}

  /** The account's memberships and the names of the region's municipalities. */
  scopeInfo(): Promise<{ memberships: Membership[]; municipalities: MunicipalityName[] }> {
    this.scope ??= this.client
      .request<{ me: { memberships: Membership[] }; municipalities: MunicipalityName[] }>(ME)
      .then((d) => ({ memberships: d.me.memberships, municipalities: d.municipalities }));
    return this.remember(this.scope, () => (this.scope = null));
  }

  districts(municipalityCode: string): Promise<District[]> {
    let p = this.districtsBy.get(municipalityCode);
    if (!p) {
      p = this.client.request<{ districts: District[] }>(DISTRICTS, { m: municipalityCode }).then((d) => d.districts);
      this.districtsBy.set(municipalityCode, p);
      this.remember(p, () => this.districtsBy.delete(municipalityCode));
    }
    return p;
  }

  /** Base-map settings and every designated shelter of the region (for choosing a destination). */
  planMapData(): Promise<PlanMapData> {
    this.planMap ??= this.client.request<PlanMapData>(PLAN_MAP);
    return this.remember(this.planMap, () => (this.planMap = null));
  }

  private remember<T>(p: Promise<T>, forget: () => void): Promise<T> {
    p.catch(forget);
    return p;
  }
}
