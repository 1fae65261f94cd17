/**
 * Forgetting what the device kept. Logout: the outbox, the cached incident data (IndexedDB) and any cache
 * storage other than the app shell (which holds only the built app, no personal data). A session that
 * ended by itself (expired, revoked): the cached personal data goes, the outbox stays for the next login
 * of the same account (the issue: "expired session → asked to log in again, the outbox kept").
 */
import { forgetIncident } from '../incident/current-incident';
import { CACHE_KEYS, deleteCacheDatabase, deviceCache, setDeviceCacheWritable } from './cache-store';
import type { TickQueue } from './tick-queue';

/** The service worker's cache of the built app (see apps/web/sw/sw.js): kept at logout. */
export const SHELL_CACHE_PREFIX = 'anpi-shell-';

export async function wipeDeviceData(ticks: TickQueue): Promise<void> {
  forgetIncident();
  setDeviceCacheWritable(false);
  await Promise.all([ticks.wipe(), deleteCacheDatabase(), deletePersonalCaches()]);
}

export async function forgetCachedPersonalData(ticks: TickQueue): Promise<void> {
  forgetIncident();
  ticks.stop();
  const owner = await deviceCache.get<string>(CACHE_KEYS.outboxOwner);
  setDeviceCacheWritable(false);
  await Promise.all([deleteCacheDatabase(), deletePersonalCaches()]);
  setDeviceCacheWritable(true);
  // Whose queued ticks these are must survive, or another account could send them.
  if (owner) await deviceCache.put(CACHE_KEYS.outboxOwner, owner.value);
}

async function deletePersonalCaches(): Promise<void> {
  if (!('caches' in window)) return;
  try {
    for (const name of await caches.keys()) if (!name.startsWith(SHELL_CACHE_PREFIX)) await caches.delete(name);
  } catch {
    /* Cache Storage unavailable (insecure context): nothing was kept there */
  }
}
