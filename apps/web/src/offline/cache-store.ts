/**
 * What the app keeps on the device so the task list and the map render without a connection: the
 * signed-in account (to reopen offline), the region (boundaries, shelters), and per incident the incident,
 * the latest task page and the latest map answer. IndexedDB, not the service worker's cache: this is
 * personal data, it belongs to one login, and logging out deletes the whole database.
 */
const DB = 'anpi-cache';
const STORE = 'kv';

export interface Cached<T> {
  value: T;
  savedAt: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          reject(tx.error);
        };
      }),
  );
}

let writable = true;

/**
 * Stops (false) or allows (true) writes: set to false just before the database is deleted at logout, so a
 * request still in flight cannot bring personal data back; set to true again at the next sign-in.
 */
export function setDeviceCacheWritable(value: boolean): void {
  writable = value;
}

/** Writes never fail the caller: a full or disabled store only means less works offline. */
export const deviceCache = {
  async get<T>(key: string): Promise<Cached<T> | null> {
    try {
      return ((await run('readonly', (s) => s.get(key))) as Cached<T> | undefined) ?? null;
    } catch {
      return null;
    }
  },
  async put<T>(key: string, value: T): Promise<void> {
    if (!writable) return;
    try {
      await run('readwrite', (s) => s.put({ value, savedAt: new Date().toISOString() } satisfies Cached<T>, key));
    } catch {
      /* quota or private mode: the app still works online */
    }
  },
  async delete(key: string): Promise<void> {
    try {
      await run('readwrite', (s) => s.delete(key));
    } catch {
      /* nothing kept */
    }
  },
};

export const CACHE_KEYS = {
  account: 'account',
  region: 'region',
  activeIncidents: 'incidents:active',
  outboxOwner: 'outbox-owner',
  incident: (id: string) => `incident:${id}`,
  tasks: (id: string) => `tasks:${id}`,
  /** The latest map answer per mode (the overview's clusters, the last zoomed-in view's points). */
  map: (id: string, mode: 'CLUSTERS' | 'POINTS') => `map:${id}:${mode}`,
  districts: 'districts',
} as const;

/** Deletes the whole database (logout). Resolves even when blocked or unsupported. */
export function deleteCacheDatabase(): Promise<void> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}
