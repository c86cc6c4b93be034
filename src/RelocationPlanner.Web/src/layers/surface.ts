// The suitability surface for the current view: GET /api/scoring/surface?format=grid scores the
// centre of every cell of a grid over a bbox (Api/Scoring/SurfaceEndpoint.cs; at most 200 000
// cells, cell_m 10 to 100 000, bbox inside China) and answers the scores as one compact array
// (~5 bytes a cell, a tenth of the GeoJSON polygons). The grid is painted one canvas pixel per
// cell and laid over its lon/lat extent as an image, which OpenLayers reprojects to the map; so a
// view holds TARGET_CELLS cells at no drawing cost per cell. The cell size follows the view;
// reloads on each move while the layer is on, cancelling the one in flight.
import type OlMap from 'ol/Map';
import ImageLayer from 'ol/layer/Image';
import { transformExtent } from 'ol/proj';
import ImageStatic from 'ol/source/ImageStatic';
import { getJson } from '../api';
import type { Schemas } from '../schemas';

/** The server's limits (SurfaceEndpoint.MaxCells, the cell_m range, GeometryRules.ChinaExtent). */
export const MAX_CELLS = 200_000;
const MIN_CELL_M = 10, MAX_CELL_M = 100_000;
const CHINA: [number, number, number, number] = [73, 3, 136, 54];
/** About this many cells per view: fine enough to read, quick for the server to score (~10 µs a cell). */
const TARGET_CELLS = 10_000;

/** Score classes of the colour ramp (ColorBrewer RdYlGn, 5 classes), low to high. */
export const surfaceClasses: Array<{ min: number; max: number; colour: string }> = [
  { min: 0, max: 20, colour: '#d7191c' },
  { min: 20, max: 40, colour: '#fdae61' },
  { min: 40, max: 60, colour: '#ffffbf' },
  { min: 60, max: 80, colour: '#a6d96a' },
  { min: 80, max: 100.001, colour: '#1a9641' },
];
export const excludedColour = '#7f7f7f';

/** The grid as the server sends it (format=grid): scores[row * columns + column], rows running north from origin (south-west, lon/lat). */
export type SurfaceGrid = Schemas['SuitabilityGrid'];

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
const ramp = surfaceClasses.map((c) => ({ ...c, rgb: rgb(c.colour) }));
const excludedRgb = rgb(excludedColour);

function colourOf(score: number): [number, number, number] {
  return (ramp.find((c) => score >= c.min && score < c.max) ?? ramp[0]!).rgb;
}

/** The grid painted one pixel per cell, north up (canvas row 0 is the grid's last, northernmost row). */
export function paintGrid(g: SurfaceGrid): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = g.columns;
  canvas.height = g.rows;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(g.columns, g.rows);
  const excluded = new Set(g.excluded);
  for (let k = 0; k < g.scores.length; k++) {
    const col = k % g.columns, row = Math.floor(k / g.columns);
    const [r, gr, b] = excluded.has(k) ? excludedRgb : colourOf(g.scores[k]!);
    const p = ((g.rows - 1 - row) * g.columns + col) * 4;
    img.data[p] = r; img.data[p + 1] = gr; img.data[p + 2] = b; img.data[p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
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
  readonly layer = new ImageLayer({ visible: false, opacity: 0.6, zIndex: 1, properties: { id: 'surface' } });
  /** The grid on show and the request it answered (null when off or not loaded). */
  grid: SurfaceGrid | null = null;
  url: string | null = null;
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

  private clear(): void { this.grid = null; this.url = null; this.layer.setSource(null); }

  setVisible(on: boolean): void {
    this.layer.setVisible(on);
    if (on) { void this.reload(); return; }
    this.inFlight?.abort();
    this.clear();
    this.set({ kind: 'off' });
  }

  /** The score of the cell holding a lon/lat point, or null outside the grid; NaN when excluded. */
  scoreAt(lon: number, lat: number): number | null {
    const g = this.grid;
    if (!g) return null;
    const col = Math.floor((lon - g.origin[0]) / g.cell_size[0]), row = Math.floor((lat - g.origin[1]) / g.cell_size[1]);
    if (col < 0 || row < 0 || col >= g.columns || row >= g.rows) return null;
    const k = row * g.columns + col;
    return g.excluded.includes(k) ? NaN : g.scores[k]!;
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
    if (!bbox) { this.clear(); this.set({ kind: 'outside' }); return; }
    const cellM = chooseCellM(bbox);
    const ctl = new AbortController();
    this.inFlight = ctl;
    this.set({ kind: 'loading', cellM });
    const url = `/api/scoring/surface?format=grid&bbox=${bbox.map((v) => v.toFixed(6)).join(',')}&cell_m=${cellM}&profile=${encodeURIComponent(this.profile)}`;
    try {
      const { body } = await getJson<SurfaceGrid>(url, ctl.signal);
      const [x0, y0] = body.origin;
      const extent = [x0, y0, x0 + body.columns * body.cell_size[0], y0 + body.rows * body.cell_size[1]];
      // Crisp cells: no smoothing between neighbours when the image is scaled and reprojected.
      this.layer.setSource(new ImageStatic({ url: paintGrid(body).toDataURL(), imageExtent: extent, projection: 'EPSG:4326', interpolate: false }));
      this.grid = body;
      this.url = url;
      this.set({ kind: 'ready', cellM, cells: body.scores.length });
    } catch (e) {
      if (ctl.signal.aborted) return;
      this.set({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (this.inFlight === ctl) this.inFlight = null;
    }
  }
}
