// Turns the served style rules (base paint + facets) into OpenLayers styles and legend swatches,
// so the browser draws exactly what /api/map describes.
import type { FeatureLike } from 'ol/Feature';
import { getCenter } from 'ol/extent';
import { Point, type Polygon } from 'ol/geom';
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type ImageStyle from 'ol/style/Image';
import { lang } from '../i18n';
import type { LayerStyle, Paint, StyleCase } from '../mapdef';

function matches(c: StyleCase, v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (c.value !== null && c.value !== undefined) return String(v) === c.value;
  const n = Number(v);
  if (Number.isNaN(n)) return false;
  return (c.min === null || c.min === undefined || n >= c.min) && (c.max === null || c.max === undefined || n < c.max);
}

export function merge(a: Paint, b: Paint): Paint {
  const out: Paint = { ...a };
  for (const [k, v] of Object.entries(b)) if (v !== null && v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The paint of one feature: the base, then each facet's first matching case. */
export function paintOf(style: LayerStyle, get: (p: string) => unknown): Paint {
  let p = style.base;
  for (const f of style.facets) {
    const c = f.cases.find((x) => matches(x, get(f.property)));
    if (c) p = merge(p, c.paint);
  }
  return p;
}

export function symbolOf(p: Paint, scale = 1): ImageStyle {
  const fill = new Fill({ color: p.fill ?? '#888' });
  const stroke = new Stroke({ color: p.stroke ?? '#fff', width: p.width ?? 1 });
  const r = (p.radius ?? 5) * scale;
  switch (p.symbol) {
    case 'square': return new RegularShape({ points: 4, radius: r * 1.2, angle: Math.PI / 4, fill, stroke });
    case 'triangle': return new RegularShape({ points: 3, radius: r * 1.3, fill, stroke });
    case 'star': return new RegularShape({ points: 5, radius: r * 1.4, radius2: r * 0.6, fill, stroke });
    case 'cross': return new RegularShape({ points: 4, radius: r * 1.3, radius2: 0, stroke: new Stroke({ color: p.fill ?? '#333', width: 2.5 }) });
    default: return new CircleStyle({ radius: r, fill, stroke });
  }
}

function build(p: Paint, label: string | undefined, highlight: boolean): Style {
  const width = (p.width ?? 1) * (highlight ? 2 : 1);
  return new Style({
    stroke: new Stroke({ color: highlight ? '#00bcd4' : p.stroke ?? '#555', width, lineDash: p.dash && p.dash.length ? p.dash : undefined }),
    fill: p.fill ? new Fill({ color: p.fill }) : undefined,
    image: symbolOf(highlight ? { ...p, stroke: '#00bcd4', width: 3 } : p, highlight ? 1.3 : 1),
    text: label
      ? new Text({
          text: label, font: '12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif', offsetY: p.radius ? -14 : 0,
          fill: new Fill({ color: '#222' }), stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }), overflow: true,
        })
      : undefined,
  });
}

/** Name as stored (Chinese), with the English name beside in the English interface. */
export function displayName(get: (p: string) => unknown, prop = 'name'): string {
  const name = get(prop);
  if (name === null || name === undefined || name === '') return '';
  const en = get('name_en');
  return lang() === 'en' && en ? `${String(name)} (${String(en)})` : String(name);
}

/**
 * An OpenLayers style function for a layer. Styles are cached by their resolved paint, so a
 * tile of thousands of roads builds a handful of Style objects. Labels show from labelZoom on.
 */
export function styleFunction(style: LayerStyle, opts: { labelMinResolution?: number; selected?: () => Set<string | number> } = {}) {
  const cache = new Map<string, Style>();
  const markers = new Map<string, Style[]>();
  return (feature: FeatureLike, resolution: number): Style | Style[] => {
    const get = (p: string) => feature.get(p);
    const p = paintOf(style, get);
    const id = feature.getId() ?? feature.get('id');
    const highlight = !!opts.selected && id !== undefined && opts.selected().has(id);
    // Banners and leagues (and sites) are named from the first view; townships and villages once zoomed in.
    const coarse = bigUnits.has(String(get('level'))) ? 2500 : 0;
    const label = style.label_property && resolution <= Math.max(coarse, opts.labelMinResolution ?? 150) ? displayName(get, style.label_property) : undefined;
    const key = JSON.stringify(p) + (label ?? '') + (highlight ? '!' : '');
    let s = cache.get(key);
    if (!s) {
      s = build(p, label, highlight);
      if (cache.size > 5000) cache.clear();
      cache.set(key, s);
    }
    // A polygon smaller than a few pixels (a site seen from the whole league) gets a symbol at its
    // middle, so it is seen at every zoom; the label then sits by the symbol.
    const geometry = feature.getGeometry();
    if (style.geometry !== 'polygon' || style.label_property !== 'name' || !geometry || !geometry.getType().endsWith('Polygon')) return s;
    const e = geometry.getExtent();
    if (Math.max(e[2]! - e[0]!, e[3]! - e[1]!) / resolution > 14) return s;
    let m = markers.get(key);
    if (!m) {
      const text = s.getText()?.clone();
      text?.setOffsetY(-14);
      m = [new Style({ stroke: s.getStroke() ?? undefined, fill: s.getFill() ?? undefined }), new Style({
        geometry: (f) => { const g = f.getGeometry(); return g && 'getInteriorPoint' in g ? (g as Polygon).getInteriorPoint() : g ? new Point(getCenter(g.getExtent())) : undefined; },
        image: symbolOf({ symbol: 'square', fill: p.stroke ?? '#1e8449', stroke: '#fff', width: 1.5, radius: 5 }, highlight ? 1.3 : 1),
        text: text ?? undefined,
      })];
      markers.set(key, m);
    }
    return m;
  };
}

const bigUnits = new Set(['province', 'city', 'county']);

/** A small SVG picture of a legend entry. */
export function swatch(geometry: string, p: Paint): string {
  const stroke = p.stroke ?? '#555';
  const dash = p.dash && p.dash.length ? ` stroke-dasharray="${p.dash.join(' ')}"` : '';
  const w = Math.min(p.width ?? 1, 4);
  let shape: string;
  if (geometry === 'line') {
    shape = `<line x1="2" y1="9" x2="26" y2="9" stroke="${stroke}" stroke-width="${w}"${dash}/>`;
  } else if (geometry === 'polygon') {
    shape = `<rect x="3" y="3" width="22" height="12" fill="${p.fill ?? 'none'}" stroke="${stroke}" stroke-width="${w}"${dash}/>`;
  } else {
    const r = Math.min(p.radius ?? 5, 7);
    const f = p.fill ?? '#888';
    const s = `fill="${f}" stroke="${p.stroke ?? '#fff'}" stroke-width="${Math.min(p.width ?? 1, 2)}"`;
    switch (p.symbol) {
      case 'square': shape = `<rect x="${14 - r}" y="${9 - r}" width="${2 * r}" height="${2 * r}" ${s}/>`; break;
      case 'triangle': shape = `<polygon points="14,${9 - r - 1} ${14 + r + 1},${9 + r} ${14 - r - 1},${9 + r}" ${s}/>`; break;
      case 'cross': shape = `<path d="M${14 - r} ${9 - r}L${14 + r} ${9 + r}M${14 + r} ${9 - r}L${14 - r} ${9 + r}" stroke="${f}" stroke-width="2.5"/>`; break;
      default: shape = `<circle cx="14" cy="9" r="${r}" ${s}/>`;
    }
  }
  return `<svg class="swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">${shape}</svg>`;
}
