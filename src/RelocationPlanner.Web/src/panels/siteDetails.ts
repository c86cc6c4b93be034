// The details panel: a clicked feature's properties; for a site also its score breakdown (when the
// scoring endpoint exists) and the lines to the nearest road/water/power/town on the map.
import { ApiError, getOptional } from '../api';
import { fmtDate, fmtDistance, fmtNumber, pick, t, term } from '../i18n';
import type { MapLayerDef } from '../mapdef';
import { showScoreLines, type ScoreLine } from '../layers/scoreLines';
import { addToCompare } from './compare';
import { button, el } from './dom';

export interface CriterionScore {
  criterion: string;
  distance_m?: number | null;
  network_distance_m?: number | null;
  score: number;
  weight: number;
  line?: unknown;
  nearest?: { geometry?: unknown; line?: unknown; name?: string; code?: string } | null;
}
export interface SiteScore { score: number; excluded?: boolean; reasons?: string[]; criteria?: CriterionScore[]; lines?: ScoreLine[] }

/** The scoring response, read leniently: { score: {...} } wrappers and either place for the lines. */
export function readScore(body: unknown): SiteScore | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (b.score && typeof b.score === 'object') return readScore({ ...(b.score as object), lines: b.lines });
  return typeof b.score === 'number' ? (b as unknown as SiteScore) : null;
}

export function linesOf(s: SiteScore): ScoreLine[] {
  if (s.lines?.length) return s.lines;
  const out: ScoreLine[] = [];
  for (const c of s.criteria ?? []) {
    const g = c.line ?? c.nearest?.line;
    if (g) out.push({ criterion: c.criterion, distance_m: c.distance_m ?? null, geometry: g });
  }
  return out;
}

export async function fetchScore(id: string | number): Promise<SiteScore | 'unavailable'> {
  try {
    const r = await getOptional<unknown>(`/api/sites/${id}/score`);
    return (r && readScore(r.body)) || 'unavailable';
  } catch (e) {
    if (e instanceof ApiError) return 'unavailable';
    throw e;
  }
}

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
  box.append(el('div', { class: 'score-total' }, `${t('score')}: `, el('strong', {}, fmtNumber(s.score, 1)),
    s.excluded ? el('span', { class: 'excluded' }, ` (${t('excluded')})`) : null));
  const table = el('table', { class: 'breakdown' },
    el('tr', {}, el('th', {}, t('criterion')), el('th', {}, t('distance')), el('th', {}, t('score')), el('th', {}, t('weight'))));
  for (const c of s.criteria ?? []) {
    table.append(el('tr', { 'data-criterion': c.criterion }, el('td', {}, term(c.criterion)),
      el('td', {}, fmtDistance(c.network_distance_m ?? c.distance_m ?? null)),
      el('td', {}, fmtNumber(c.score * 100, 0)), el('td', {}, fmtNumber(c.weight * 100, 0) + ' %')));
  }
  box.append(el('h3', {}, t('score_breakdown')), table);
  for (const r of s.reasons ?? []) box.append(el('p', { class: 'reason' }, r));
  return box;
}

/** Shows one feature; returns when the (optional) score has arrived. */
export async function showDetails(host: HTMLElement, layer: MapLayerDef, id: string | number, props: Record<string, unknown>): Promise<void> {
  showScoreLines([]);
  host.replaceChildren(
    el('h2', {}, pick(layer.title)),
    el('h3', { class: 'feature-name' }, String(props.name ?? props.code ?? id), props.name_en ? el('small', {}, ` ${String(props.name_en)}`) : null),
    propertyTable({ id, ...props }),
  );
  if (layer.id !== 'sites') return;
  const scoreBox = el('div', { 'data-testid': 'score-box' }, t('loading'));
  host.append(scoreBox, button(t('compare'), () => void addToCompare(id, props), { 'data-testid': 'compare' }));
  const s = await fetchScore(id);
  if (s === 'unavailable') {
    scoreBox.replaceChildren(el('p', { class: 'muted', 'data-testid': 'score-unavailable' }, t('scoring_unavailable')));
    return;
  }
  scoreBox.replaceChildren(scoreTable(s));
  showScoreLines(linesOf(s));
}
