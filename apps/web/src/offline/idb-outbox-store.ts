import { OutboxItem, OutboxStore } from './outbox';

const DB = 'anpi-outbox';
const STORE = 'ticks';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientEventId' });
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
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      }),
  );
}

/** The outbox in IndexedDB: survives reloads and app restarts while offline; wiped on logout. */
export class IndexedDbOutboxStore implements OutboxStore {
  async put(item: OutboxItem): Promise<void> {
    await run('readwrite', (s) => s.put(item));
  }
  async all(): Promise<OutboxItem[]> {
    const items = await run<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async delete(id: string): Promise<void> {
    await run('readwrite', (s) => s.delete(id));
  }
  async clear(): Promise<void> {
    await run('readwrite', (s) => s.clear());
  }
}

/** Deletes the whole database (logout). */
export function deleteOutboxDatabase(): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
