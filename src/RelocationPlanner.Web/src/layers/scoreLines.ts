// The lines from a clicked site to its nearest road, water source, power line and town, as the
// scoring endpoint reports them, drawn over the map with their distance.
import Feature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style, Text } from 'ol/style';
import { fmtDistance, term } from '../i18n';
import { geojson } from './index';

const colours: Record<string, string> = { road: '#c0392b', water: '#2e86c1', power: '#8e44ad', town: '#2c3e50' };

export const scoreLinesSource = new VectorSource();

export const scoreLinesLayer = new VectorLayer({
  source: scoreLinesSource,
  zIndex: 50,
  style: (f) => new Style({
    stroke: new Stroke({ color: colours[String(f.get('criterion'))] ?? '#111', width: 2.5, lineDash: [2, 5] }),
    text: new Text({
      text: `${term(f.get('criterion'))} ${fmtDistance(f.get('distance_m') as number | null)}`,
      placement: 'line', font: 'bold 12px sans-serif', fill: new Fill({ color: '#111' }),
      stroke: new Stroke({ color: '#fff', width: 3 }),
    }),
  }),
});

export interface ScoreLine { criterion: string; distance_m?: number | null; geometry: unknown }

export function showScoreLines(lines: ScoreLine[]): void {
  scoreLinesSource.clear();
  for (const l of lines) {
    try {
      const geometry = geojson.readGeometry(l.geometry);
      if (!geometry) continue;
      scoreLinesSource.addFeature(new Feature({ geometry, criterion: l.criterion, distance_m: l.distance_m ?? null }));
    } catch { /* a line the client cannot read is left out */ }
  }
}
