// The phone's position (Geolocation API, watched while the app is open) and its photos
// (compressed on the phone when large, so a slow network carries less).
import type { Fix } from './types';

let last: Fix | null = null;
let lastError: string | null = null;
let listeners: Array<() => boolean> = [];

export const position = {
  fix: (): Fix | null => last,
  error: (): string | null => lastError,
  /** Calls f on each new fix while f answers true (a screen's listener ends when it is gone). */
  onChange: (f: () => boolean): void => { listeners.push(f); },
};

function changed(): void {
  listeners = listeners.filter((f) => f());
}

export function watchPosition(): void {
  if (!('geolocation' in navigator)) { lastError = 'no geolocation'; return; }
  navigator.geolocation.watchPosition(
    (p) => {
      last = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: Math.round(p.coords.accuracy * 10) / 10, at: new Date(p.timestamp).toISOString() };
      lastError = null;
      changed();
    },
    (e) => { lastError = e.message || `error ${e.code}`; changed(); },
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 60_000 },
  );
}

/** Photos above this size are re-encoded; smaller ones go as taken (their EXIF kept). */
const COMPRESS_ABOVE_BYTES = 1_500_000;
const MAX_SIDE = 2048;

/** The photo to queue: as taken when small, else a JPEG at most 2048 px on its longest side. */
export async function preparePhoto(file: File): Promise<{ blob: Blob; name: string }> {
  if (file.size <= COMPRESS_ABOVE_BYTES && (file.type === 'image/jpeg' || file.type === 'image/png')) return { blob: file, name: file.name };
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob>((done, fail) => canvas.toBlob((b) => (b ? done(b) : fail(new Error('toBlob'))), 'image/jpeg', 0.82));
  return { blob, name: file.name.replace(/\.[^.]*$/, '') + '.jpg' };
}
