// The package's area with no network: sites, households, roads, wells, power lines and towns
// from the package's own features (kept on the device), and the phone's position with its
// accuracy circle. A tap on a household opens it.
import OlMap from 'ol/Map';
import View from 'ol/View';
import Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import { circular } from 'ol/geom/Polygon';
import Point from 'ol/geom/Point';
import VectorLayer from 'ol/layer/Vector';
import { fromLonLat, transformExtent } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import { t } from '../../i18n';
import { button, el } from '../../panels/dom';
import { position } from '../device';
import type { WorkPackage } from '../types';
import { go, positionLine } from '../ui';

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

const line = (color: string, width: number) => new Style({ stroke: new Stroke({ color, width }) });
const dot = (color: string, radius: number) => new Style({ image: new CircleStyle({ radius, fill: new Fill({ color }), stroke: new Stroke({ color: '#fff', width: 1 }) }) });

// The planner map's colours for the same things (the served style rules are not in the package).
const STYLES: Record<string, Style> = {
  roads: line('#8c6d46', 1.5),
  power_lines: line('#d9a400', 1.2),
  wells: dot('#2b7bb9', 3),
  towns: dot('#555', 4),
};

function layer(fc: unknown, style: Style | ((f: unknown) => Style)): VectorLayer {
  return new VectorLayer({ source: new VectorSource({ features: format.readFeatures(fc) }), style: style as Style });
}

export async function mapScreen(pkg: WorkPackage): Promise<HTMLElement> {
  // A package none of whose households or sites has a position has no box: show the country (the service's extent check).
  const box = pkg.bbox ?? [73, 3, 136, 54];
  const target = el('div', { class: 'field-map', 'data-testid': 'map' });
  const households = new VectorSource();
  for (const h of pkg.households) {
    if (h.lon === null || h.lat === null) continue;
    households.addFeature(new Feature({ geometry: new Point(fromLonLat([h.lon, h.lat])), code: h.code }));
  }
  const me = new VectorSource();
  const drawMe = () => {
    me.clear();
    const f = position.fix();
    if (!f) return;
    me.addFeature(new Feature({ geometry: circular([f.lon, f.lat], Math.max(f.accuracy_m, 1), 48).transform('EPSG:4326', 'EPSG:3857'), kind: 'accuracy' }));
    me.addFeature(new Feature({ geometry: new Point(fromLonLat([f.lon, f.lat])), kind: 'me' }));
  };
  const siteStyle = (f: { get: (k: string) => unknown }) => new Style({
    fill: new Fill({ color: 'rgba(46, 139, 87, 0.25)' }), stroke: new Stroke({ color: '#2e8b57', width: 1.5 }),
    image: new CircleStyle({ radius: 5, fill: new Fill({ color: '#2e8b57' }) }),
    text: new Text({ text: String(f.get('name') ?? f.get('code') ?? ''), font: '12px sans-serif', offsetY: -12, fill: new Fill({ color: '#1d4f33' }) }),
  });
  const meStyle = (f: { get: (k: string) => unknown }) => f.get('kind') === 'accuracy'
    ? new Style({ fill: new Fill({ color: 'rgba(30, 120, 255, 0.15)' }), stroke: new Stroke({ color: 'rgba(30, 120, 255, 0.6)', width: 1 }) })
    : dot('#1e78ff', 6);
  const map = new OlMap({
    target,
    layers: [
      ...Object.entries(pkg.features).map(([k, fc]) => layer(fc, STYLES[k] ?? line('#999', 1))),
      layer(pkg.sites, siteStyle as never),
      new VectorLayer({ source: households, style: dot('#c0392b', 5) }),
      new VectorLayer({ source: me, style: meStyle as never }),
    ],
    view: new View({ center: fromLonLat([(box[0]! + box[2]!) / 2, (box[1]! + box[3]!) / 2]), zoom: 10 }),
  });
  let seen = false;
  position.onChange(() => {
    seen ||= target.isConnected;
    if (seen && !target.isConnected) return false;
    drawMe();
    return true;
  });
  drawMe();
  map.on('click', (e) => {
    const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f.get('code') as string | undefined, { hitTolerance: 8, layerFilter: (l) => l.getSource() === households });
    if (hit) go({ name: 'household', code: hit });
  });
  // Fitted once the element is in the page (it has no size before).
  requestAnimationFrame(() => {
    map.updateSize();
    map.getView().fit(transformExtent(box, 'EPSG:4326', 'EPSG:3857'), { padding: [16, 16, 16, 16] });
  });
  const centre = button(t('field_my_position'), () => {
    const f = position.fix();
    if (f) map.getView().animate({ center: fromLonLat([f.lon, f.lat]), zoom: Math.max(map.getView().getZoom() ?? 15, 15) });
  }, { class: 'locate', 'data-testid': 'locate' });
  return el('section', { class: 'map-screen' }, el('div', { class: 'map-head' }, positionLine(), centre), target);
}
