/** Public-record geography for the map: base-map settings, municipal boundaries, designated shelters. */
import type { ApiClient } from './api';
import type { MapSettings, Municipality, Shelter } from './types';

export interface RegionData {
  mapSettings: MapSettings;
  municipalities: Municipality[];
  shelters: Shelter[];
}

const REGION_QUERY = `query Region {
  mapSettings { tileUrl tileAttribution dataAttribution }
  municipalities { code nameJa nameEn boundary }
  shelters { id nameJa address kind hazards lat lng isOpen }
}`;

export function loadRegion(client: ApiClient): Promise<RegionData> {
  return client.request<RegionData>(REGION_QUERY);
}
