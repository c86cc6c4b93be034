// #/reports: settled rates, subsidies, infrastructure, compliance and site progress, each with
// level, unit and as-of pickers (kept in the route's query), the table with a totals row, a chart,
// and download links for the same report as XLSX, CSV and PDF (the service makes the files), plus
// the printable wall map of the chosen unit.
import type { Chart as ChartType } from 'chart.js';
import { getJson } from '../api';
import type { operations } from '../generated/openapi';
import { fmtMoney, fmtNumber, fmtPercent, lang, t, term, type MsgKey } from '../i18n';
import { columnLabel, loadReportLabels } from '../reportLabels';
import { go, href } from '../router';
import { button, el } from '../panels/dom';
import { dataTable } from './forms';
import { unitSelect } from './units';

interface ReportDef { key: string; title: MsgKey; path: string; levels: string[]; asOf: boolean; unit: boolean; chart: string[] }
const registryLevels = ['province', 'city', 'county', 'township', 'village', 'site'];
const programmeLevels = ['province', 'city', 'county', 'township', 'village'];
export const reports: ReportDef[] = [
  { key: 'settled', title: 'report_settled', path: '/api/reports/settled-rates', levels: registryLevels, asOf: true, unit: true, chart: ['deemed_settled_rate', 'moved_in_rate'] },
  { key: 'subsidies', title: 'report_subsidies', path: '/api/reports/subsidies', levels: registryLevels, asOf: true, unit: true, chart: ['entitled_total', 'disbursed_total'] },
  { key: 'infrastructure', title: 'report_infrastructure', path: '/api/reports/infrastructure', levels: ['county', 'township'], asOf: false, unit: false, chart: ['road_km', 'power_line_km'] },
  { key: 'compliance', title: 'report_compliance', path: '/api/reports/compliance', levels: programmeLevels, asOf: true, unit: true, chart: ['area_over_limit', 'demolition_overdue'] },
  { key: 'site-progress', title: 'report_site_progress', path: '/api/reports/site-progress', levels: programmeLevels, asOf: true, unit: true, chart: ['houses_completed', 'households_moved_in'] },
];

type Row = Record<string, unknown>;
/** The as-of reports' query, as the service's OpenAPI document names it (../generated/openapi.ts). */
type ReportQuery = NonNullable<operations['SettledRatesReport']['parameters']['query']>;
const isRate = (k: string) => k.endsWith('_rate');
const isMoney = (k: string) => /(_total|budget|spent|entitled|disbursed|outstanding)/.test(k) && !isRate(k);
const fmt = (k: string, v: unknown) => (typeof v !== 'number' ? (v === null || v === undefined ? t('none') : String(v)) : isRate(k) ? fmtPercent(v) : isMoney(k) ? fmtMoney(v) : fmtNumber(v, k.endsWith('_km') ? 1 : 2));

/** Rates of the totals row from their counts (a rate is not summed): moved_in_rate = moved_in / households. */
function totals(rows: Row[], cols: string[]): Row {
  const sum: Row = {};
  for (const c of cols) if (!isRate(c)) sum[c] = rows.reduce((a, r) => a + (typeof r[c] === 'number' ? (r[c] as number) : 0), 0);
  for (const c of cols.filter(isRate)) {
    const num = c.replace(/_rate$/, ''), den = 'households';
    sum[c] = typeof sum[num] === 'number' && typeof sum[den] === 'number' && (sum[den] as number) > 0 ? (sum[num] as number) / (sum[den] as number) : null;
  }
  return sum;
}

let charts: ChartType[] = [];

export async function reportsPage(host: HTMLElement, query: URLSearchParams): Promise<void> {
  charts.forEach((c) => c.destroy()); charts = [];
  const def = reports.find((r) => r.key === query.get('report')) ?? reports[0]!;
  const level = def.levels.includes(query.get('level') ?? '') ? query.get('level')! : 'county';
  const unitCode = query.get('unit') ?? '';
  const asOf = query.get('as_of') ?? new Date().toISOString().slice(0, 10);
  const tabs = el('nav', { class: 'tabs report-tabs' }, ...reports.map((r) => {
    const b = button(t(r.title), () => go(`${href('reports')}?report=${r.key}`), { 'data-report-tab': r.key });
    if (r === def) b.classList.add('active');
    return b;
  }));
  const levelSel = el('select', { id: 'rep-level', 'data-testid': 'rep-level' }) as HTMLSelectElement;
  for (const l of def.levels) { const o = el('option', { value: l }, t(l === 'site' ? 'site_level' : (l as MsgKey))) as HTMLOptionElement; o.selected = l === level; levelSel.append(o); }
  const unitSel = await unitSelect('rep-unit', t('all'), unitCode || null);
  unitSel.disabled = !def.unit;
  const asOfInput = el('input', { type: 'date', id: 'rep-as-of', 'data-testid': 'rep-as-of', value: asOf }) as HTMLInputElement;
  asOfInput.disabled = !def.asOf;
  const show = () => {
    const p = new URLSearchParams({ report: def.key, level: levelSel.value });
    if (def.unit && unitSel.value) p.set('unit', unitSel.value);
    if (def.asOf && asOfInput.value) p.set('as_of', asOfInput.value);
    go(`${href('reports')}?${p.toString()}`);
  };
  const q: ReportQuery = { level, ...(def.unit && unitCode ? { unit: unitCode } : {}), ...(def.asOf ? { as_of: asOf } : {}) };
  const params = new URLSearchParams(q as Record<string, string>);
  const url = `${def.path}?${params.toString()}`;
  const dl = (format: string, label: MsgKey) => el('a', { href: `${url}&format=${format}&lang=${lang()}`, download: '', class: 'button-link', 'data-download': format }, t(label));
  const wall = (size: string) => el('a', { href: `/api/maps/wall?unit=${encodeURIComponent(unitCode || '1506')}&size=${size}`, class: 'button-link', 'data-wall-map': size, target: '_blank' }, t('wall_map').replace('{size}', size));
  const box = el('div', { class: 'report-body', 'data-testid': 'report-body' }, el('p', { class: 'muted' }, t('loading')));
  host.replaceChildren(el('h2', {}, t('reports_title')), tabs,
    el('form', { class: 'filters' }, el('label', { class: 'filter' }, el('span', {}, t('pick_level')), levelSel),
      el('label', { class: 'filter' }, el('span', {}, t('filter_unit')), unitSel), el('label', { class: 'filter' }, el('span', {}, t('pick_as_of')), asOfInput),
      button(t('show'), show, { class: 'primary', 'data-testid': 'rep-show' })),
    el('div', { class: 'downloads' }, dl('xlsx', 'download_xlsx'), dl('csv', 'download_csv'), dl('pdf', 'download_pdf'), wall('A3'), wall('A1')), box);

  const [body] = await Promise.all([getJson<Row>(url).then((r) => r.body), loadReportLabels()]);
  const rows = (Object.values(body).find(Array.isArray) ?? []) as Row[];
  const cols = rows.length ? Object.keys(rows[0]!).filter((k) => !['unit_code', 'unit_name', 'level', 'status'].includes(k) && (typeof rows[0]![k] === 'number' || rows.some((r) => typeof r[k] === 'number'))) : [];
  const label = (r: Row) => String(r.unit_name ?? r.unit_code ?? '') + (typeof r.status === 'string' ? ` · ${term(r.status)}` : '');
  const sum = totals(rows, cols);
  const tableRows: Array<Array<string | Node>> = rows.map((r) => [label(r), ...cols.map((c) => fmt(c, r[c]))]);
  tableRows.push([el('strong', {}, t('total_row')), ...cols.map((c) => el('strong', { 'data-total': c }, fmt(c, sum[c])))]);
  box.replaceChildren(rows.length ? dataTable(`report-${def.key}`, [t('unit'), ...cols.map((c) => columnLabel(c))], tableRows, cols.map((_, i) => i + 1)) : el('p', { class: 'muted' }, t('no_rows')));
  const plotted = def.chart.filter((c) => cols.includes(c));
  if (rows.length && plotted.length) {
    const m = await import('chart.js');
    m.Chart.register(...m.registerables);
    const canvas = el('canvas') as HTMLCanvasElement;
    box.prepend(el('div', { class: 'chart report-chart' }, canvas));
    const colours = ['#00838f', '#f5b041'];
    charts.push(new m.Chart(canvas, {
      type: 'bar',
      data: { labels: rows.map(label), datasets: plotted.map((c, i) => ({ label: columnLabel(c), data: rows.map((r) => Number(r[c] ?? 0)), backgroundColor: colours[i] })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { ticks: { callback: (v) => fmt(plotted[0]!, Number(v)) } } } },
    }));
  }
}
