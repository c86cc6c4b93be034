// #/sites/{code}: one resettlement site: a small map of the site with the roads, wells and power
// lines around it and the lines to its nearest features (its score), capacity against households
// assigned, keys claimed and moved in (and their monthly series as a chart), the subsidies paid to
// its households, and the construction project card. Public reads only: no names.
import 'ol/ol.css';
import OlMap from 'ol/Map';
import View from 'ol/View';
import Feature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { buffer, getWidth } from 'ol/extent';
import { transformExtent } from 'ol/proj';
import type { Chart as ChartType } from 'chart.js';
import { getJson, getOptional } from '../api';
import { fmtMoney, fmtNumber, t, term, tf } from '../i18n';
import { geojson } from '../layers';
import { scoreLinesLayer } from '../layers/scoreLines';
import { styleFunction } from '../layers/style';
import type { MapDefinition } from '../mapdef';
import { el } from '../panels/dom';
import { scoreTable } from '../panels/siteDetails';
import { fetchScore, linesOf } from '../panels/siteScore';
import { mountProjectCard } from '../programme/projectCard';
import { href } from '../router';
import type { Schemas } from '../schemas';
import { dataTable, link } from './forms';


declare global { interface Window { rpSiteMap?: OlMap } }

let mapDef: Promise<MapDefinition> | null = null;
let chart: ChartType | null = null;

async function smallMap(target: HTMLElement, site: Feature, lines: ReturnType<typeof linesOf>): Promise<OlMap> {
  mapDef ??= getJson<MapDefinition>('/api/map').then((r) => r.body);
  const def = await mapDef;
  const extent = site.getGeometry()!.getExtent();
  // The view: the site and its surroundings; the features are read for twice that, to the map's edges.
  const around = buffer(extent, Math.max(getWidth(extent), 1500) * 1.5);
  const bbox = transformExtent(buffer(around, getWidth(around)), 'EPSG:3857', 'EPSG:4326').map((v) => v.toFixed(6)).join(',');
  // Lines under points, the site on top: the same order as the main map.
  const ids = ['power_lines', 'roads', 'wells', 'sites'];
  const layers = await Promise.all(ids.map(async (id) => {
    const d = def.layers.find((l) => l.id === id);
    const source = new VectorSource();
    const fc = await getOptional<unknown>(`/ogc/collections/${id}/items?bbox=${bbox}&limit=2000`);
    if (fc) source.addFeatures(geojson.readFeatures(fc.body) as Feature[]);
    return new VectorLayer({ source, ...(d ? { style: styleFunction(d.style, { labelMinResolution: 40 }) } : {}), declutter: 'site-labels', properties: { id } });
  }));
  const score = new VectorLayer({ source: new VectorSource(), style: scoreLinesLayer.getStyle() ?? undefined, declutter: 'site-labels', zIndex: 10 });
  for (const l of lines) { const g = geojson.readGeometry(l.geometry) ?? undefined; score.getSource()!.addFeature(new Feature({ geometry: g, criterion: l.criterion, code: l.code ?? '', distance_m: l.distance_m ?? null })); }
  const map = new OlMap({ target, layers: [...layers, score], view: new View() });
  map.updateSize();
  window.rpSiteMap = map;
  // The site with what is around it; the lines to the nearest features run out to the edges (their
  // labels would cover the site if the view took in the far ends).
  map.getView().fit(around, { padding: [10, 10, 10, 10], maxZoom: 16, size: map.getSize() });
  return map;
}

async function monthlyChart(box: HTMLElement, code: string): Promise<void> {
  const to = new Date().toISOString().slice(0, 10);
  const s = await getJson<Schemas['SettledSeriesReport']>(`/api/reports/settled-rates/series?unit=${encodeURIComponent(code)}&from=2016-01-01&to=${to}`);
  let points = s.body.series;
  // Months before the first household and after the last change say nothing: leave them out.
  const first = points.findIndex((p) => p.households > 0);
  points = first < 0 ? [] : points.slice(first);
  while (points.length > 2 && points.at(-1)!.keys_claimed === points.at(-2)!.keys_claimed && points.at(-1)!.moved_in === points.at(-2)!.moved_in) points.pop();
  if (!points.length) { box.append(el('p', { class: 'muted' }, t('no_rows'))); return; }
  const m = await import('chart.js');
  m.Chart.register(...m.registerables);
  const canvas = el('canvas') as HTMLCanvasElement;
  box.append(el('div', { class: 'chart', 'data-testid': 'site-series' }, canvas));
  chart?.destroy();
  chart = new m.Chart(canvas, {
    type: 'line',
    data: { labels: points.map((p) => p.month), datasets: [
      { label: term('keys_claimed'), data: points.map((p) => p.keys_claimed), borderColor: '#f5b041', backgroundColor: '#f5b041' },
      { label: term('moved_in'), data: points.map((p) => p.moved_in), borderColor: '#00838f', backgroundColor: '#00838f' }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { ticks: { precision: 0 } } } },
  });
}

export async function sitePage(host: HTMLElement, code: string): Promise<void> {
  host.replaceChildren(el('p', {}, link(href('map'), `← ${t('nav_map')}`)), el('h2', {}, tf('site_title', { code })));
  const fc = (await getJson<{ features: unknown[] }>(`/ogc/collections/sites/items?code=${encodeURIComponent(code)}&limit=1`)).body;
  const site = (geojson.readFeatures(fc) as Feature[]).find((f) => f.get('code') === code);
  if (!site) { host.append(el('p', { class: 'error' }, t('not_found'))); return; }
  const id = site.getId() ?? site.get('id');
  host.querySelector('h2')!.textContent = `${String(site.get('name') ?? code)} (${code})`;
  const mapBox = el('div', { class: 'site-map', 'data-testid': 'site-map' });
  const scoreBox = el('div', { 'data-testid': 'site-score' }, t('loading'));
  const projectBox = el('div', { 'data-testid': 'project-card' });
  const seriesBox = el('section', { class: 'ws-section' }, el('h3', {}, t('monthly_series')));
  const moneyBox = el('section', { class: 'ws-section', 'data-testid': 'site-payments' }, el('h3', {}, t('payments_to_site')));
  host.append(el('p', {}, term(site.get('site_type')), ' · ', link(`${href('households')}?site=${encodeURIComponent(code)}`, t('site_households'))),
    el('div', { class: 'ws-columns' }, el('div', {}, mapBox, scoreBox), el('div', {}, projectBox, seriesBox, moneyBox)));
  const score = await fetchScore(id as number);
  scoreBox.replaceChildren(score === 'unavailable' ? el('p', { class: 'muted' }, t('scoring_unavailable')) : scoreTable(score));
  const map = await smallMap(mapBox, site, score === 'unavailable' ? [] : linesOf(score));
  map.once('rendercomplete', () => { mapBox.dataset.ready = '1'; });
  await Promise.all([
    mountProjectCard(projectBox, code),
    monthlyChart(seriesBox, code),
    getJson<Schemas['SubsidiesReport']>(`/api/reports/subsidies?level=site`).then((r) => {
      const row = r.body.rows.find((x) => x.unit_code === code);
      moneyBox.append(row ? dataTable('site-money', [t('households'), t('people'), t('entitled'), t('paid'), t('outstanding')],
        [[fmtNumber(row.households), fmtNumber(row.people), fmtMoney(row.entitled_total), fmtMoney(row.disbursed_total), fmtMoney(row.outstanding_total)]], [0, 1, 2, 3, 4])
        : el('p', { class: 'muted' }, t('no_rows')));
    }),
  ]);
}
