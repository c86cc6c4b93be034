// The details panel: a clicked feature's properties; for a site also its score breakdown (when the
// scoring endpoint exists), the lines to the nearest road/water/power/town on the map, and its
// construction project (../programme/projectCard.ts).
import { fmtDate, fmtDistance, fmtNumber, pick, t, term } from '../i18n';
import type { MapLayerDef } from '../mapdef';
import { showScoreLines } from '../layers/scoreLines';
import { mountProjectCard } from '../programme/projectCard';
import { addToCompare } from './compare';
import { button, el } from './dom';
import { fetchScore, linesOf, type SiteScore } from './siteScore';

const dateProps = new Set(['planned_on', 'started_on', 'completed_on']);
const enumProps = new Set(['site_type', 'separate_kind', 'status', 'road_class', 'surface', 'well_type', 'level', 'town_level']);

function value(k: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('none');
  if (dateProps.has(k)) return fmtDate(String(v));
  if (enumProps.has(k)) return term(v);
  if (typeof v === 'number' && k !== 'id') return fmtNumber(v, 2);
  return String(v);
}

export function propertyTable(props: Record<string, unknown>): HTMLElement {
  const table = el('table', { class: 'props' });
  for (const [k, v] of Object.entries(props)) {
    if (k === 'geometry') continue;
    table.append(el('tr', {}, el('th', {}, term(k)), el('td', { 'data-prop': k }, value(k, v))));
  }
  return table;
}

export function scoreTable(s: SiteScore): HTMLElement {
  const box = el('div', { class: 'score', 'data-testid': 'score' });
  box.append(el('div', { class: 'score-total' }, `${t('score')}: `, el('strong', { 'data-testid': 'score-value' }, fmtNumber(s.score, 1)),
    ' / 100', s.excluded ? el('span', { class: 'excluded' }, ` (${t('excluded')})`) : null,
    s.profile ? el('small', { class: 'muted' }, ` · ${s.profile.code} v${s.profile.version}`) : null));
  const table = el('table', { class: 'breakdown' },
    el('tr', {}, el('th', {}, t('criterion')), el('th', { class: 'num' }, t('distance')), el('th', { class: 'num' }, t('score')), el('th', { class: 'num' }, t('weight'))));
  for (const c of s.criteria) {
    const near = s.nearest?.find((n) => n.criterion === c.criterion);
    table.append(el('tr', { 'data-criterion': c.criterion },
      el('td', {}, el('span', { class: 'dot', 'data-criterion': c.criterion }), term(c.criterion), near ? el('small', { class: 'muted' }, ` ${near.code}`) : null),
      el('td', { class: 'num' }, fmtDistance(c.network_distance_m ?? c.distance_m)),
      el('td', { class: 'num' }, fmtNumber(c.score * 100, 0)), el('td', { class: 'num' }, fmtNumber(c.weight * 100, 0) + ' %')));
  }
  box.append(el('h3', {}, t('score_breakdown')), table);
  for (const r of s.reasons) box.append(el('p', { class: 'reason' }, r));
  if (s.nearest?.length) box.append(el('p', { class: 'hint' }, t('nearest_lines_hint')));
  return box;
}

/** Shows one feature; for a site resolves with its score (null when not a site or not scored). */
export async function showDetails(host: HTMLElement, layer: MapLayerDef, id: string | number, props: Record<string, unknown>): Promise<SiteScore | null> {
  showScoreLines([]);
  host.replaceChildren(
    el('h2', {}, pick(layer.title)),
    el('h3', { class: 'feature-name' }, String(props.name ?? props.code ?? id), props.name_en ? el('small', {}, ` ${String(props.name_en)}`) : null),
    propertyTable({ id, ...props }),
  );
  if (layer.id !== 'sites') return null;
  const scoreBox = el('div', { 'data-testid': 'score-box' }, t('loading'));
  const projectBox = el('div', { 'data-testid': 'project-card' });
  host.append(scoreBox, button(t('compare'), () => void addToCompare(id, props), { 'data-testid': 'compare' }), projectBox);
  if (props.code) void mountProjectCard(projectBox, String(props.code));
  const s = await fetchScore(id);
  if (s === 'unavailable') {
    scoreBox.replaceChildren(el('p', { class: 'muted', 'data-testid': 'score-unavailable' }, t('scoring_unavailable')));
    return null;
  }
  scoreBox.replaceChildren(scoreTable(s));
  showScoreLines(linesOf(s));
  return s;
}
