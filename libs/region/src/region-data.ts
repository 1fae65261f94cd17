import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@anpi/core';
import type { MultiPolygonCoords } from '@anpi/core';

/** Attribution lines that must accompany the region data wherever it is shown (app footer, README). */
export const REGION_ATTRIBUTION = [
  '出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成 / Boundaries via niiyz/JapanCityGeoJson',
  '出典：国土地理院「指定緊急避難場所データ」「指定避難所データ」を加工して作成 / Per-municipality split via motohasystem/jp-shelter-api',
];

export interface BoundaryFeature {
  properties: { code: string; name_ja: string; name_en: string };
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
}

export interface ShelterFeature {
  properties: {
    id: string;
    name_ja: string;
    address: string;
    municipality_code: string;
    kind: 'emergency_site' | 'shelter' | 'welfare_shelter';
    hazards: string[] | null;
    accepts_ja: string | null;
    notes_ja: string | null;
    source: string;
  };
  geometry: { type: 'Point'; coordinates: [number, number] };
}

const DATA_DIR = ['libs', 'region', 'data', 'north-tama-south'];

function readGeoJson<T>(file: string): T[] {
  const path = join(repoRoot(), ...DATA_DIR, file);
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: T[] }).features;
}

/** The six municipalities of the North Tama South demo region, with their real boundaries. */
export function loadBoundaries(): BoundaryFeature[] {
  return readGeoJson<BoundaryFeature>('boundaries.geojson');
}

/** The 472 GSI designated emergency sites and shelters of the demo region. */
export function loadShelters(): ShelterFeature[] {
  return readGeoJson<ShelterFeature>('shelters.geojson');
}
