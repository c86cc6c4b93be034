// Dashboards: infrastructure by county and status, settled rates (both: moved in, and deemed settled
// by key claim), subsidies entitled vs paid, compliance with the national plan's rules. A report whose endpoint is missing says so. Clicking a
// unit (bar or row) zooms the map to it. chart.js loads only when the tab is first opened.
import type { Chart as ChartType } from 'chart.js';
import { ApiError, getOptional } from '../api';
import { fmtKm, fmtMoney, fmtNumber, fmtPercent, onLangChange, t, term, type MsgKey } from '../i18n';
import { columnLabel, loadReportLabels } from '../reportLabels';
import { button, el } from './dom';

// Rows of the three reports (Api/Infrastructure/InfrastructureApi.cs, Api/Registry/ReportsApi.cs):
// infrastructure {unit_code, unit_name, status, road_km, power_line_km, wells} per unit and status;
// settled rates {..., households, people, moved_in_rate, deemed_settled_rate} (rates 0..1);
// subsidies {..., entitled_total, disbursed_total, outstanding_total} (yuan, two decimals);
// compliance (Api/Programme) {..., households, covered, area_over_limit, ..., employment_rate,
// demolition_rate (null when nothing to divide by), area_m2_per_person}.
type Row = Record<string, unknown> & { unit_code: string | null; unit_name?: string | null };
interface Report { key: MsgKey; url: string; render(box: HTMLElement, rows: Row[]): Promise<void> }

const statusColour: Record<string, string> = { planned: '#aed6f1', under_construction: '#f5b041', completed: '#1e8449' };
let charts: ChartType[] = [];
let zoomTo: (code: string) => void = () => {};

async function chartLib() {
  const m = await import('chart.js');
  m.Chart.register(...m.registerables);
  return m.Chart;
}

function units(rows: Row[]): Array<{ code: string; name: string }> {
  const seen = new Map<string, string>();
  for (const r of rows) if (r.unit_code && !seen.has(r.unit_code)) seen.set(r.unit_code, String(r.unit_name ?? r.unit_code));
  return [...seen].map(([code, name]) => ({ code, name }));
}

async function barChart(box: HTMLElement, labels: Array<{ code: string; name: string }>, datasets: Array<{ label: string; data: number[]; backgroundColor: string; stack?: string }>, fmt: (v: number) => string, counts = false): Promise<void> {
  const Chart = await chartLib();
  const canvas = el('canvas', { height: String(Math.max(160, labels.length * 22 + 60)) }) as HTMLCanvasElement;
  box.append(el('div', { class: 'chart' }, canvas));
  charts.push(new Chart(canvas, {
    type: 'bar',
    data: { labels: labels.map((u) => u.name), datasets },
    options: {
      indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: datasets.some((d) => d.stack), ticks: { callback: (v) => fmt(Number(v)), ...(counts ? { precision: 0 } : {}) } }, y: { stacked: datasets.some((d) => d.stack) } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt(Number(c.raw))}` } } },
      onClick: (_e, items) => { const i = items[0]?.index; if (i !== undefined) zoomTo(labels[i]!.code); },
    },
  }));
}

function table(rows: Row[], cols: Array<[string, (r: Row) => string]>): HTMLElement {
  const tbl = el('table', { class: 'report' }, el('tr', {}, el('th', {}, t('unit')), ...cols.map(([k]) => el('th', {}, columnLabel(k)))));
  let previous: string | null = null;
  for (const r of rows) {
    const code = r.unit_code;
    // A unit's rows sit together (one per status): its name once, on the first.
    const name = code !== null && code === previous ? '' : String(r.unit_name ?? code ?? '');
    previous = code;
    const tr = el('tr', code ? { class: 'unit-row', 'data-unit': code, title: `${t('unit')} ${code}` } : {},
      el('td', { class: 'unit-name' }, name), ...cols.map(([, f]) => el('td', { class: 'num' }, f(r))));
    if (code) tr.addEventListener('click', () => zoomTo(code));
    tbl.append(tr);
  }
  return tbl;
}

const num = (r: Row, k: string) => Number(r[k] ?? 0);
/** A table column showing figure k of each row. */
const col = (k: string, fmt: (v: number) => string): [string, (r: Row) => string] => [k, (r) => fmt(num(r, k))];
/** As col, for a figure that may be absent (a rate of nothing): shown as none rather than 0. */
const colOrNone = (k: string, fmt: (v: number) => string): [string, (r: Row) => string] =>
  [k, (r) => (r[k] === null || r[k] === undefined ? t('none') : fmt(Number(r[k])))];
const count = (v: number) => fmtNumber(v);

/** A report with one row per unit: side-by-side bars of some figures, then the table. Counts: whole-number ticks. */
function perUnit(key: MsgKey, url: string, bars: Array<[MsgKey, string]>, fmt: (v: number) => string, cols: Array<[string, (r: Row) => string]>, counts = false): Report {
  return {
    key, url,
    async render(box, rows) {
      const us = units(rows);
      await barChart(box, us, bars.map(([k, colour]) => ({
        label: columnLabel(k), backgroundColor: colour, data: us.map((u) => num(rows.find((r) => r.unit_code === u.code) ?? {} as Row, k)),
      })), fmt, counts);
      box.append(table(rows, cols));
    },
  };
}

const reports: Report[] = [
  {
    key: 'infra_by_unit', url: '/api/reports/infrastructure?level=county',
    async render(box, rows) {
      const us = units(rows);
      const metric = el('select', {}) as HTMLSelectElement;
      for (const m of ['road_km', 'power_line_km', 'wells'] as const) metric.append(el('option', { value: m }, t(m)));
      const chartBox = el('div', {});
      const draw = async () => {
        chartBox.replaceChildren();
        const m = metric.value;
        const statuses = [...new Set(rows.map((r) => String(r.status)))];
        await barChart(chartBox, us, statuses.map((s) => ({
          label: term(s), stack: 'status', backgroundColor: statusColour[s] ?? '#999',
          data: us.map((u) => rows.filter((r) => r.unit_code === u.code && String(r.status) === s).reduce((a, r) => a + num(r, m), 0)),
        })), (v) => fmtNumber(v, 1));
      };
      metric.addEventListener('change', () => void draw());
      box.append(metric, chartBox);
      await draw();
      box.append(table(rows, [['status', (r) => term(r.status)], col('road_km', fmtKm), col('power_line_km', fmtKm), col('wells', (v) => fmtNumber(v))]));
    },
  },
  perUnit('settled_rates', '/api/reports/settled-rates?level=county',
    [['moved_in_rate', '#2e86c1'], ['deemed_settled_rate', '#1e8449']], fmtPercent,
    [col('households', (v) => fmtNumber(v)), col('people', (v) => fmtNumber(v)), col('moved_in_rate', fmtPercent), col('deemed_settled_rate', fmtPercent)]),
  perUnit('subsidies', '/api/reports/subsidies?level=county',
    [['entitled_total', '#d4ac0d'], ['disbursed_total', '#1e8449']], fmtMoney,
    [col('entitled_total', fmtMoney), col('disbursed_total', fmtMoney), col('outstanding_total', fmtMoney)]),
  perUnit('compliance', '/api/reports/compliance?level=county',
    [['area_over_limit', '#c0392b'], ['self_paid_over_limit', '#d4ac0d'], ['demolition_overdue', '#8e44ad']], count,
    [col('households', count), col('covered', count), col('area_over_limit', count), col('self_paid_over_limit', count),
      col('moved_in', count), col('demolition_overdue', count), colOrNone('demolition_rate', fmtPercent),
      colOrNone('employment_rate', fmtPercent), colOrNone('area_m2_per_person', (v) => fmtNumber(v, 2))], true),
];

/** Reads rows from a report body: a bare array or { rows: [...] }. */
function rowsOf(body: unknown): Row[] {
  if (Array.isArray(body)) return body as Row[];
  const b = body as { rows?: Row[]; items?: Row[] } | null;
  return b?.rows ?? b?.items ?? [];
}

export function mountDashboards(host: HTMLElement, onUnit: (code: string) => void): { open(): void } {
  zoomTo = onUnit;
  let loaded = false;
  const render = async () => {
    charts.forEach((c) => c.destroy());
    charts = [];
    host.replaceChildren(button('⟳', () => void render(), { class: 'refresh', title: 'refresh' }));
    for (const r of reports) {
      const box = el('section', { class: 'report-box', 'data-report': r.key }, el('h3', {}, t(r.key)));
      host.append(box);
      try {
        const [got] = await Promise.all([getOptional<unknown>(r.url), loadReportLabels()]);
        if (!got) { box.append(el('p', { class: 'muted', 'data-testid': 'report-missing' }, t('report_missing'))); continue; }
        const rows = rowsOf(got.body);
        if (!rows.length) { box.append(el('p', { class: 'muted', 'data-testid': 'report-empty' }, t('no_rows'))); continue; }
        await r.render(box, rows);
        box.dataset.loaded = '1';
      } catch (e) {
        box.append(el('p', { class: 'error' }, t('report_failed') + (e instanceof ApiError ? e.message : String(e))));
      }
    }
  };
  onLangChange(() => { if (loaded) void render(); });
  return { open: () => { if (!loaded) { loaded = true; void render(); } } };
}
