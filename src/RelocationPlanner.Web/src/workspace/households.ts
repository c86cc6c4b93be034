// #/households: the registry for relocation officers and admins (others are told why not): search
// by code or head's name, filters (unit tree, site, latest milestone, compliance flag) kept in the
// route's query so the back button and a shared link restore them, keyset pages and the counts.
import { getJson } from '../api';
import type { operations } from '../generated/openapi';
import { fmtDate, fmtNumber, t, term, tf } from '../i18n';
import { go, href } from '../router';
import type { Schemas } from '../schemas';
import { button, el } from '../panels/dom';
import { dataTable, link } from './forms';
import { readsRegistry } from './signInDialog';
import { unitSelect } from './units';

type Page = Schemas['HouseholdPage'];

export const milestones = ['registered', 'house_commenced', 'house_capped', 'house_completed', 'keys_claimed', 'moved_in', 'withdrawn'];
const flags = ['area', 'self_paid', 'demolition_overdue', 'unemployed'];
/** The list's query, as the service's OpenAPI document names it (../generated/openapi.ts). */
type ListQuery = NonNullable<operations['ListHouseholds']['parameters']['query']>;
const filterKeys: Array<keyof ListQuery & string> = ['q', 'unit', 'site', 'status', 'flag'];

function select(id: string, value: string | null, options: Array<[string, string]>): HTMLSelectElement {
  const s = el('select', { id, 'data-testid': id }) as HTMLSelectElement;
  for (const [v, label] of options) { const o = el('option', { value: v }, label) as HTMLOptionElement; o.selected = v === (value ?? ''); s.append(o); }
  return s;
}

export async function householdsPage(host: HTMLElement, query: URLSearchParams): Promise<void> {
  host.replaceChildren(el('h2', {}, t('nav_households')));
  if (!readsRegistry()) { host.append(el('p', { class: 'notice', 'data-testid': 'registry-forbidden' }, t('only_officers'))); return; }
  const q = el('input', { type: 'search', id: 'hh-q', 'data-testid': 'hh-q', placeholder: t('search_placeholder'), value: query.get('q') ?? '' }) as HTMLInputElement;
  const unit = await unitSelect('hh-unit', t('all'), query.get('unit'));
  const site = el('input', { id: 'hh-site', 'data-testid': 'hh-site', value: query.get('site') ?? '', size: '10' }) as HTMLInputElement;
  const status = select('hh-status', query.get('status'), [['', t('all')], ['none', t('status_none')], ...milestones.map((m): [string, string] => [m, term(m)])]);
  const flag = select('hh-flag', query.get('flag'), [['', t('all')], ...flags.map((f): [string, string] => [f, term(f)])]);
  const apply = () => {
    const p = new URLSearchParams();
    const values: Record<keyof ListQuery & string, string> = { q: q.value.trim(), unit: unit.value, site: site.value.trim(), status: status.value, flag: flag.value, after: '', limit: '' };
    for (const k of filterKeys) if (values[k]) p.set(k, values[k]!);
    go(`${href('households')}${p.size ? '?' + p.toString() : ''}`);
  };
  q.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
  const field = (label: string, input: HTMLElement) => el('label', { class: 'filter' }, el('span', {}, label), input);
  const filters = el('form', { class: 'filters', role: 'search' },
    field(t('search'), q), field(t('filter_unit'), unit), field(t('filter_site'), site), field(t('filter_status'), status), field(t('filter_flag'), flag),
    button(t('search'), apply, { class: 'primary', 'data-testid': 'hh-apply' }), link(href('import'), t('nav_import'), { class: 'button-link', 'data-testid': 'to-import' }));
  filters.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  const counts = el('p', { class: 'counts', 'data-testid': 'hh-counts' });
  const results = el('div', { class: 'results' });
  host.append(filters, counts, results);

  const base = new URLSearchParams();
  for (const k of filterKeys) { const v = query.get(k); if (v) base.set(k, v); }
  base.set('limit', '50');
  const load = async (after: string | null) => {
    const p = new URLSearchParams(base);
    if (after) p.set('after', after);
    results.replaceChildren(el('p', { class: 'muted' }, t('loading')));
    const page = (await getJson<Page>(`/api/households?${p.toString()}`)).body;
    if (page.total_households !== null) {
      counts.textContent = page.total_capped
        ? tf(query.get('q') ? 'count_line_capped' : 'count_line_capped_flag', { households: fmtNumber(page.total_households) })
        : tf('count_line', { households: fmtNumber(page.total_households), people: fmtNumber(page.total_people) });
    }
    const rows = page.households.map((h) => [
      link(href('households', h.code), h.code, { 'data-code': h.code }), h.head_name, fmtNumber(h.members), h.unit_code,
      h.site_code ? link(href('sites', h.site_code), h.site_code) : t('none'), term(h.settlement_type), term(h.status),
      fmtDate(h.registered_on), fmtDate(h.keys_claimed_on), fmtDate(h.moved_in_on)]);
    const nav = el('div', { class: 'pager' });
    if (after) nav.append(button(t('first_page'), () => void load(null)));
    if (page.next_after) nav.append(button(t('more'), () => void load(page.next_after), { 'data-testid': 'hh-next' }));
    results.replaceChildren(page.households.length
      ? dataTable('hh-table', [t('code'), t('head_name'), t('members'), t('unit'), t('site_code'), t('settlement_type'), t('filter_status'), term('registered'), term('keys_claimed'), term('moved_in')], rows, [2])
      : el('p', { class: 'muted' }, t('no_rows')), nav);
  };
  await load(null);
}
