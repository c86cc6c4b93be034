// The planner's map (#/map): reads the map definition from /api/map, builds the layers, the
// legend, the details/edit/dashboard panels, and wires clicks. No online resources unless configured.
// Opens fitted to the data's extent; Escape, the Cancel button, leaving the Edit tab or the map
// end a drawing or an edit.
import 'ol/ol.css';
import OlMap from 'ol/Map';
import View from 'ol/View';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import type { FeatureLike } from 'ol/Feature';
import { containsExtent } from 'ol/extent';
import { fromLonLat, transformExtent } from 'ol/proj';
import { ApiError, getJson } from './api';
import { onLangChange, t } from './i18n';
import { EditSession } from './interactions/editSession';
import { boundarySources, roadSnapLayer } from './interactions/snapSources';
import { createLayers, selection, type LayerHandle } from './layers';
import { photoDetails, photoLayer } from './layers/photos';
import { scoreLinesLayer, scoreLinesSource, showScoreLines } from './layers/scoreLines';
import { SurfaceLayer } from './layers/surface';
import { mountAnalysis } from './panels/analysis';
import { mountCompare } from './panels/compare';
import { mountDashboards } from './panels/dashboards';
import { button, el, toast } from './panels/dom';
import { mountEditPanel } from './panels/editPanel';
import { mountLegend } from './panels/legend';
import { trackJob, type Job } from './panels/progress';
import { showDetails } from './panels/siteDetails';
import type { MapDefinition } from './mapdef';
import type { PhotoPoint } from './workspace/fieldRecords';
import { readsRegistry } from './workspace/signInDialog';

declare global {
  interface Window { rp?: { map: OlMap; firstRenderMs: number | null; surface: SurfaceLayer; trackJob: (id: string) => Promise<Job>; zoomToUnit: (code: string) => Promise<void> } }
}

function tabs(host: HTMLElement, panes: Array<{ key: 'details' | 'edit' | 'dashboards'; body: HTMLElement; onOpen?: () => void; onClose?: () => void }>): (key: string) => void {
  const bar = el('nav', { class: 'tabs', role: 'tablist' });
  const show = (key: string) => {
    for (const p of panes) {
      if (p.key !== key && !p.body.hidden) p.onClose?.();
      p.body.hidden = p.key !== key;
      bar.querySelector(`[data-tab="${p.key}"]`)?.classList.toggle('active', p.key === key);
      if (p.key === key) p.onOpen?.();
    }
  };
  const render = () => {
    bar.replaceChildren(...panes.map((p) => button(t(p.key), () => show(p.key), { 'data-tab': p.key, role: 'tab' })));
    const open = panes.find((p) => !p.body.hidden)?.key ?? 'details';
    show(open);
  };
  host.replaceChildren(bar, ...panes.map((p) => p.body));
  panes.forEach((p, i) => (p.body.hidden = i !== 0));
  render();
  onLangChange(render);
  return show;
}

export interface MapView { map: OlMap; endEditing(): void }

export async function startMap(): Promise<MapView | null> {
  let def: MapDefinition;
  try {
    def = (await getJson<MapDefinition>('/api/map')).body;
  } catch (e) {
    document.getElementById('map')!.append(el('p', { class: 'error' }, t('map_failed') + (e instanceof Error ? e.message : String(e))));
    return null;
  }

  const { base, layers } = createLayers(def);
  const snapRoads = roadSnapLayer();
  const map = new OlMap({
    target: 'map',
    controls: defaultControls({ attribution: false }).extend([new ScaleLine()]),
    layers: [...(base ? [base] : []), ...layers.map((h) => h.layer), snapRoads, scoreLinesLayer],
    view: new View({
      center: fromLonLat(def.view.center),
      zoom: def.view.zoom,
      extent: transformExtent(def.view.extent.map((v, i) => v + (i < 2 ? -3 : 3)), 'EPSG:4326', 'EPSG:3857'),
      constrainOnlyCenter: true,
    }),
  });
  void fitToData(map);

  const details = el('div', { class: 'pane', 'data-testid': 'details' }, el('p', { class: 'muted' }, t('nothing_selected')));
  let shownPhoto: PhotoPoint | null = null;
  let shownFeature: { def: Parameters<typeof showDetails>[1]; id: string | number; props: Record<string, unknown> } | null = null;
  const compare = el('div', { class: 'pane-compare' });
  const jobs = el('div', { class: 'jobs' });
  const formHost = el('div', { class: 'form-host', 'data-testid': 'form-host' });
  const edit = el('div', { class: 'pane' });
  const dash = el('div', { class: 'pane', 'data-testid': 'dashboards' });
  const editor = new EditSession(map, layers, formHost, [snapRoads.getSource()!, ...boundarySources(layers)]);
  const surface = new SurfaceLayer(map);
  const track = (id: string) => trackJob(jobs, id);
  mountEditPanel(edit, editor, formHost, layers, track);
  mountCompare(compare);

  const zoomToUnit = async (code: string) => {
    try {
      const r = await getJson<{ bbox: [number, number, number, number] }>(`/api/map/units/${encodeURIComponent(code)}`);
      map.getView().fit(transformExtent(r.body.bbox, 'EPSG:4326', 'EPSG:3857'), { padding: [30, 30, 30, 30], duration: 400 });
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    }
  };
  const dashboards = mountDashboards(dash, (code) => void zoomToUnit(code));
  const show = tabs(document.getElementById('right')!, [
    { key: 'details', body: el('div', {}, details, compare) },
    { key: 'edit', body: edit, onClose: () => editor.cancel() },
    { key: 'dashboards', body: dash, onOpen: () => dashboards.open() },
  ]);
  document.getElementById('right')!.append(jobs);
  const legendHost = el('div', {});
  const analysisHost = el('div', {});
  document.getElementById('left')!.replaceChildren(legendHost, analysisHost);
  // Where photos were taken: only for the roles that may see personal data, added and removed as they sign in and out.
  const photos = photoLayer();
  const showsPhotos = () => map.getLayers().getArray().includes(photos.layer);
  const renderLegend = mountLegend(legendHost, () => (showsPhotos() ? [...layers, photos] : layers));
  const syncPhotos = () => {
    if (readsRegistry() && !showsPhotos()) { map.addLayer(photos.layer); photos.refresh(); }
    else if (!readsRegistry() && showsPhotos()) { map.removeLayer(photos.layer); photos.vectorSource?.clear(); }
    renderLegend();
  };
  syncPhotos();
  document.addEventListener('rp:auth', syncPhotos);
  mountAnalysis(analysisHost, surface);

  const byLayer = new Map<unknown, LayerHandle>([...layers, photos].map((h) => [h.layer, h]));
  const clearSelection = () => { for (const [id, s] of selection) { if (s.size) { s.clear(); layers.find((h) => h.def.id === id)?.layer.changed(); } } };

  map.on('singleclick', (e) => {
    if (editor.active && !editor.picking) return;
    let hit: { h: LayerHandle; f: FeatureLike } | null = null;
    map.forEachFeatureAtPixel(e.pixel, (f, layer) => {
      const h = byLayer.get(layer);
      if (h && (!editor.picking || h.def.editable)) { hit = { h, f }; return true; }
      return undefined;
    }, { hitTolerance: 5 });
    const found = hit as { h: LayerHandle; f: FeatureLike } | null;
    if (!found) { if (!editor.picking) { clearSelection(); showScoreLines([]); } return; }
    const id = (found.f.getId() ?? found.f.get('id')) as string | number;
    if (editor.picking) { void editor.pick(found.h.def.id, Number(id)); return; }
    clearSelection();
    selection.get(found.h.def.id)?.add(id);
    found.h.layer.changed();
    shownPhoto = found.h === photos ? (found.f.getProperties() as PhotoPoint) : null;
    if (shownPhoto) { show('details'); shownFeature = null; showScoreLines([]); photoDetails(details, shownPhoto); return; }
    const props = { ...found.f.getProperties() };
    delete props.geometry; delete props.id; delete props.layer;
    show('details');
    shownFeature = { def: found.h.def, id, props };
    void showDetails(details, found.h.def, id, props).then((score) => {
      // Bring the far ends of the nearest-feature lines into view.
      const extent = scoreLinesSource.getExtent();
      if (score && extent && scoreLinesSource.getFeatures().length && !containsExtent(map.getView().calculateExtent(), extent))
        map.getView().fit(extent, { padding: [60, 60, 60, 60], duration: 300, maxZoom: 15 });
    });
  });
  // Map labels and the details panel are drawn in the language of the moment: drawn again when it changes.
  onLangChange(() => { for (const h of layers) h.layer.changed(); scoreLinesLayer.changed(); });
  onLangChange(() => { if (shownFeature) void showDetails(details, shownFeature.def, shownFeature.id, shownFeature.props); else if (shownPhoto) photoDetails(details, shownPhoto); });
  map.on('pointermove', (e) => {
    if (e.dragging) return;
    const over = map.hasFeatureAtPixel(e.pixel, { layerFilter: (l) => byLayer.has(l), hitTolerance: 5 });
    const target = map.getTargetElement();
    if (target) target.style.cursor = over ? 'pointer' : '';
  });
  document.addEventListener('rp:saved', () => show('edit'));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && editor.active) editor.cancel(); });

  const handle = { map, firstRenderMs: null as number | null, surface, trackJob: track, zoomToUnit };
  window.rp = handle;
  map.once('rendercomplete', () => {
    // performance.now() counts from navigation start: the whole first load, scripts included.
    handle.firstRenderMs = performance.now();
    document.body.dataset.ready = '1';
  });
  return { map, endEditing: () => editor.cancel() };
}

/** The view fitted to the extent of the sites and units (the data), not a fixed zoom. */
async function fitToData(map: OlMap): Promise<void> {
  try {
    const r = await getJson<{ extent?: { spatial?: { bbox?: number[][] } } }>('/ogc/collections/admin_units');
    const b = r.body.extent?.spatial?.bbox?.[0];
    if (b && b.length >= 4 && b[0]! < b[2]!) map.getView().fit(transformExtent(b.slice(0, 4), 'EPSG:4326', 'EPSG:3857'), { padding: [20, 20, 20, 20], size: map.getSize() });
  } catch { /* the definition's view stays */ }
}
