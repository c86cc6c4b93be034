// The lines from a clicked site to its nearest road, water source, power line and town, as the
// scoring endpoint reports them, drawn over the map with their distance.
import Feature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { LineString, Point } from 'ol/geom';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import { fmtDistance, term } from '../i18n';
import { geojson } from './index';

/** One colour per criterion, shared with the breakdown table's dots (style.css). */
export const criterionColours: Record<string, string> = { road: '#c0392b', water: '#2e86c1', power: '#8e44ad', town: '#2c3e50' };

export const scoreLinesSource = new VectorSource();

const styles = new Map<string, Style[]>();

export const scoreLinesLayer = new VectorLayer({
  source: scoreLinesSource,
  zIndex: 50,
  properties: { id: 'score_lines' },
  style: (f) => {
    const criterion = String(f.get('criterion'));
    const text = `${term(criterion)} ${String(f.get('code') ?? '')} · ${fmtDistance(f.get('distance_m') as number | null)}`;
    const key = criterion + text;
    let s = styles.get(key);
    if (!s) {
      const colour = criterionColours[criterion] ?? '#111';
      s = [
        new Style({ stroke: new Stroke({ color: '#fff', width: 5 }) }),
        new Style({
          stroke: new Stroke({ color: colour, width: 2.5, lineDash: [6, 5] }),
          text: new Text({
            text, placement: 'point', font: 'bold 12px "Noto Sans CJK SC", sans-serif', overflow: true,
            fill: new Fill({ color: colour }), backgroundFill: new Fill({ color: 'rgba(255,255,255,0.85)' }), padding: [1, 3, 1, 3],
          }),
        }),
        // The nearest point on the feature.
        new Style({
          geometry: (g) => { const geom = g.getGeometry() as LineString; return new Point(geom.getLastCoordinate()); },
          image: new CircleStyle({ radius: 5, fill: new Fill({ color: colour }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
        }),
      ];
      styles.set(key, s);
    }
    return s;
  },
});

export interface ScoreLine { criterion: string; code?: string; distance_m?: number | null; geometry: unknown }

export function showScoreLines(lines: ScoreLine[]): void {
  scoreLinesSource.clear();
  for (const l of lines) {
    try {
      const geometry = geojson.readGeometry(l.geometry);
      if (!geometry) continue;
      scoreLinesSource.addFeature(new Feature({ geometry, criterion: l.criterion, code: l.code ?? '', distance_m: l.distance_m ?? null }));
    } catch { /* a line the client cannot read is left out */ }
  }
}
