/**
 * Which incident the start page and the dashboard show: the one chosen in this tab (kept in memory only),
 * else the newest active real incident, else the newest active drill. The active list is kept on the
 * device so the start page opens offline.
 */
import { ApiError, type ApiClient } from '../api';
import { CACHE_KEYS, deviceCache } from '../offline/cache-store';
import { IncidentApi } from './incident-api';
import type { Incident } from './incident-types';

let chosen: string | null = null;

export function rememberIncident(id: string): void {
  chosen = id;
}

export function forgetIncident(): void {
  chosen = null;
}

export interface CurrentIncident {
  active: Incident[];
  current: Incident | null;
  /** True when the list came from the device (offline). */
  fromDevice: boolean;
}

export async function resolveCurrentIncident(client: ApiClient): Promise<CurrentIncident> {
  let active: Incident[];
  let fromDevice = false;
  try {
    active = await new IncidentApi(client).incidents('ACTIVE');
    void deviceCache.put(CACHE_KEYS.activeIncidents, active);
  } catch (e) {
    const kept = e instanceof ApiError && e.code === 'NETWORK' ? await deviceCache.get<Incident[]>(CACHE_KEYS.activeIncidents) : null;
    if (!kept) throw e;
    active = kept.value;
    fromDevice = true;
  }
  const current = active.find((i) => i.id === chosen) ?? active.find((i) => !i.isDrill) ?? active[0] ?? null;
  return { active, current, fromDevice };
}
