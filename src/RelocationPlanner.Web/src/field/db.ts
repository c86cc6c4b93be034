// The device's store (IndexedDB through idb): the session, the work package and the queue of
// changes with their photos as blobs. It outlives the tab, so work done offline survives
// closing the app; nothing is removed from the queue until the server has answered it.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueuedChange, WorkPackage } from './types';

interface FieldDb extends DBSchema {
  meta: { key: string; value: unknown };
  packages: { key: number; value: WorkPackage };
  queue: { key: string; value: QueuedChange; indexes: { by_created: string } };
}

let opened: Promise<IDBPDatabase<FieldDb>> | null = null;

function db(): Promise<IDBPDatabase<FieldDb>> {
  opened ??= openDB<FieldDb>('rp-field', 1, {
    upgrade(d) {
      d.createObjectStore('meta');
      d.createObjectStore('packages', { keyPath: 'id' });
      d.createObjectStore('queue', { keyPath: 'key' }).createIndex('by_created', 'created_at');
    },
  });
  return opened;
}

export async function getMeta<T>(key: string): Promise<T | null> {
  return ((await (await db()).get('meta', key)) as T | undefined) ?? null;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  const d = await db();
  if (value === null || value === undefined) await d.delete('meta', key);
  else await d.put('meta', value, key);
}

/** The package in use (one at a time: a new one replaces it once the queue is empty). */
export async function currentPackage(): Promise<WorkPackage | null> {
  const id = await getMeta<number>('package_id');
  return id === null ? null : ((await (await db()).get('packages', id)) ?? null);
}

export async function savePackage(p: WorkPackage): Promise<void> {
  const d = await db();
  const tx = d.transaction(['packages', 'meta'], 'readwrite');
  await tx.objectStore('packages').clear();
  await tx.objectStore('packages').put(p);
  await tx.objectStore('meta').put(p.id, 'package_id');
  await tx.done;
}

/** The queue, oldest first: changes are sent in the order they were recorded. */
export async function queue(): Promise<QueuedChange[]> {
  return (await db()).getAllFromIndex('queue', 'by_created');
}

export async function putChange(c: QueuedChange): Promise<void> {
  await (await db()).put('queue', c);
}

/** A random id for Idempotency-Key and the device (crypto.randomUUID needs a secure context). */
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** This device's name in the records it sends: made once, kept. */
export async function deviceId(): Promise<string> {
  let id = await getMeta<string>('device');
  if (!id) {
    id = `web-${newKey().slice(0, 8)}`;
    await setMeta('device', id);
  }
  return id;
}
