// Where photos were taken: the points of GET /api/evidence.geojson, for the roles that may see
// personal data (relocation officers, admins). Anyone else gets no layer at all (nothing requested,
// nothing in the legend). A click shows the photo's thumbnail and links to its household's page.
// The layer is described like the served ones (a MapLayerDef), so the legend and styles are the same code.
import type Feature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import VectorSource from 'ol/source/Vector';
import { t, term } from '../i18n';
import type { MapLayerDef, Paint } from '../mapdef';
import { fieldWorkEn, fieldWorkZh } from '../messages/fieldWork';
import { el } from '../panels/dom';
import { href } from '../router';
import { authorisedImage, flagBadge, openPhoto, when } from '../workspace/evidence';
import type { PhotoPoint } from '../workspace/fieldRecords';
import { geojson, ogcItemsLoader, selection, type LayerHandle } from './index';
import { styleFunction } from './style';

// A magenta star: nothing else on the map is drawn so (wells are blue dots, settlements orange).
const ok: Paint = { fill: '#d81b60', stroke: '#ffffff', width: 1.5, radius: 6, symbol: 'star' };
const flagged: Paint = { fill: '#ffa000', stroke: '#6d2c00' };
const words = (k: keyof typeof fieldWorkZh) => ({ zh: fieldWorkZh[k], en: fieldWorkEn[k] });

export const photoLayerDef: MapLayerDef = {
  id: 'photos',
  title: words('photos_layer'),
  source: { kind: 'ogc', collection: 'evidence', url: '/api/evidence.geojson' },
  min_zoom: 0,
  max_zoom: 30,
  visible: true,
  editable: false,
  style: { geometry: 'point', base: ok, facets: [{ property: 'flagged', cases: [{ value: 'true', paint: flagged, label: words('photo_flagged') }] }], label_property: null },
  legend: [
    { label: words('photo_ok'), geometry: 'point', paint: ok },
    { label: words('photo_flagged'), geometry: 'point', paint: { ...ok, ...flagged } },
  ],
};

export function photoLayer(): LayerHandle {
  const def = photoLayerDef;
  const source: VectorSource = new VectorSource({ format: geojson, strategy: bboxStrategy });
  source.setLoader(ogcItemsLoader(source, (bbox) => `${def.source.url}?bbox=${bbox}`, (f: Feature) => {
    f.set('flagged', String(((f.get('flags') as string[] | undefined) ?? []).length > 0));
    const id = f.getId();
    return id === undefined || !source.getFeatureById(id);
  }));
  selection.set(def.id, new Set());
  const layer = new VectorLayer({
    source,
    style: styleFunction(def.style, { selected: () => selection.get(def.id)! }),
    properties: { id: def.id },
    zIndex: 100, // above every served layer: the points are small and few
  });
  return { def, layer, vectorSource: source, refresh: () => source.refresh() };
}

/** The details pane for a clicked photo point. */
export function photoDetails(host: HTMLElement, p: PhotoPoint): void {
  const thumb = el('button', { type: 'button', class: 'thumb', title: t('open_photo'), 'data-testid': 'photo-point-open' },
    authorisedImage(p.thumbnail, `${term(p.step)} ${p.taken_at}`, { 'data-testid': 'photo-point-thumb' }));
  thumb.addEventListener('click', () => openPhoto({ id: p.id, url: `/api/evidence/${p.id}`, step: p.step, taken_at: p.taken_at }, p.household_code ?? p.site_code ?? ''));
  host.replaceChildren(el('div', { class: 'photo-popup', 'data-testid': 'photo-point', 'data-evidence': String(p.id) },
    el('h3', {}, t('photos_layer')),
    thumb,
    el('p', {}, el('strong', {}, term(p.step)), ' · ', el('time', { datetime: p.taken_at }, when(p.taken_at))),
    p.flags.length ? el('div', { class: 'flags' }, ...p.flags.map((f) => flagBadge(f))) : null,
    p.household_code
      ? el('p', {}, el('a', { href: href('households', p.household_code), 'data-testid': 'photo-point-household' }, `${t('open_household')} ${p.household_code}`))
      : p.site_code ? el('p', {}, el('a', { href: href('sites', p.site_code) }, p.site_code)) : null));
}
