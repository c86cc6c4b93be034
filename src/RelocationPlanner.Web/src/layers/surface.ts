// The suitability surface for the current view: GET /api/scoring/surface scores the centre of
// every cell of a grid over a bbox (Api/Scoring/SurfaceEndpoint.cs; at most 200 000 cells, cell_m
// 10 to 100 000, bbox inside China). The cell size follows the view so a screen holds about
// TARGET_CELLS cells; reloads on each move while the layer is on, cancelling the one in flight.
import type OlMap from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import { transformExtent } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import { geojson } from './index';

/** The server's limits (SurfaceEndpoint.MaxCells, the cell_m range, GeometryRules.ChinaExtent). */
export const MAX_CELLS = 200_000;
const MIN_CELL_M = 10, MAX_CELL_M = 100_000;
const CHINA: [number, number, number, number] = [73, 3, 136, 54];
/** About this many cells per view: fine enough to read, light enough to draw. */
const TARGET_CELLS = 2500;

/** Score classes of the colour ramp (ColorBrewer RdYlGn, 5 classes), low to high. */
export const surfaceClasses: Array<{ min: number; max: number; colour: string }> = [
  { min: 0, max: 20, colour: '#d7191c' },
  { min: 20, max: 40, colour: '#fdae61' },
  { min: 40, max: 60, colour: '#ffffbf' },
  { min: 60, max: 80, colour: '#a6d96a' },
  { min: 80, max: 100.001, colour: '#1a9641' },
];
export const excludedColour = '#7f7f7f';

// A hairline of the fill's own colour hides the anti-aliasing seams between neighbouring cells.
const styles = [...surfaceClasses.map((c) => new Style({ fill: new Fill({ color: c.colour }), stroke: new Stroke({ color: c.colour, width: 1 }) })), new Style({ fill: new Fill({ color: excludedColour }), stroke: new Stroke({ color: '#555', width: 0.5 }) })];

function styleOf(score: number, excluded: boolean): Style {
  if (excluded) return styles[styles.length - 1]!;
  const i = surfaceClasses.findIndex((c) => score >= c.min && score < c.max);
  return styles[i < 0 ? 0 : i]!;
}

/** Metres per degree of longitude and latitude at a latitude (sphere; close enough for sizing). */
function metresPerDegree(lat: number): { lon: number; lat: number } {
  const m = (Math.PI / 180) * 6_371_008.8;
  return { lon: m * Math.cos((lat * Math.PI) / 180), lat: m };
}

/** A round cell size (1, 2, 2.5 or 5 × 10^k m) giving at most about `target` cells over the bbox. */
export function chooseCellM(bbox: [number, number, number, number], target = TARGET_CELLS): number {
  const [w, s, e, n] = bbox;
  const k = metresPerDegree((s + n) / 2);
  const area = Math.max(1, (e - w) * k.lon) * Math.max(1, (n - s) * k.lat);
  const raw = Math.sqrt(area / target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 2.5, 5, 10].map((f) => f * p).find((v) => v >= raw) ?? 10 * p;
  let cell = Math.min(MAX_CELL_M, Math.max(MIN_CELL_M, nice));
  // The server's own limit, with margin for its slightly different metres per degree.
  while (cell < MAX_CELL_M && area / (cell * cell) > MAX_CELLS * 0.9) cell *= 2;
  return Math.min(cell, MAX_CELL_M);
}

export type SurfaceState =
  | { kind: 'off' }
  | { kind: 'loading'; cellM: number }
  | { kind: 'ready'; cellM: number; cells: number }
  | { kind: 'outside' }
  | { kind: 'error'; message: string };

export class SurfaceLayer {
  readonly source = new VectorSource();
  readonly layer = new VectorLayer({
    source: this.source, visible: false, opacity: 0.6, zIndex: 1,
    style: (f) => styleOf(Number(f.get('score')), f.get('excluded') === true),
    properties: { id: 'surface' },
  });
  private inFlight: AbortController | null = null;
  private listeners: Array<(s: SurfaceState) => void> = [];
  state: SurfaceState = { kind: 'off' };

  constructor(private readonly map: OlMap, private readonly profile = 'default') {
    // Under the feature layers (which start at index 0 of the map's layer list).
    map.getLayers().insertAt(0, this.layer);
    map.on('moveend', () => { if (this.layer.getVisible()) void this.reload(); });
  }

  onChange(f: (s: SurfaceState) => void): void { this.listeners.push(f); }

  private set(s: SurfaceState): void { this.state = s; this.listeners.forEach((f) => f(s)); }

  setVisible(on: boolean): void {
    this.layer.setVisible(on);
    if (on) { void this.reload(); return; }
    this.inFlight?.abort();
    this.source.clear();
    this.set({ kind: 'off' });
  }

  /** The current view as a lon/lat bbox clipped to China, or null when they do not meet. */
  private viewBbox(): [number, number, number, number] | null {
    const size = this.map.getSize();
    if (!size) return null;
    const [w, s, e, n] = transformExtent(this.map.getView().calculateExtent(size), 'EPSG:3857', 'EPSG:4326');
    const b: [number, number, number, number] = [Math.max(w!, CHINA[0]), Math.max(s!, CHINA[1]), Math.min(e!, CHINA[2]), Math.min(n!, CHINA[3])];
    return b[0] < b[2] && b[1] < b[3] ? b : null;
  }

  async reload(): Promise<void> {
    this.inFlight?.abort();
    const bbox = this.viewBbox();
    if (!bbox) { this.source.clear(); this.set({ kind: 'outside' }); return; }
    const cellM = chooseCellM(bbox);
    const ctl = new AbortController();
    this.inFlight = ctl;
    this.set({ kind: 'loading', cellM });
    const url = `/api/scoring/surface?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}&cell_m=${cellM}&profile=${encodeURIComponent(this.profile)}`;
    try {
      const r = await fetch(url, { signal: ctl.signal, headers: { Accept: 'application/geo+json, application/problem+json' } });
      const body = (await r.json()) as { detail?: string; title?: string };
      if (!r.ok) { this.set({ kind: 'error', message: body.detail ?? body.title ?? `HTTP ${r.status}` }); return; }
      const features = geojson.readFeatures(body);
      this.source.clear();
      this.source.addFeatures(features);
      this.set({ kind: 'ready', cellM, cells: features.length });
    } catch (e) {
      if (ctl.signal.aborted) return;
      this.set({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (this.inFlight === ctl) this.inFlight = null;
    }
  }
}
