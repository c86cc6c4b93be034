// Sites side by side: name, type, capacity, score and each criterion's distance and score.
import { fmtDistance, fmtNumber, onLangChange, t, term } from '../i18n';
import { button, el } from './dom';
import { fetchScore, type SiteScore } from './siteScore';

interface Entry { id: string | number; props: Record<string, unknown>; score: SiteScore | 'unavailable' }
const entries: Entry[] = [];
let host: HTMLElement | null = null;

export function mountCompare(h: HTMLElement): void {
  host = h;
  render();
  onLangChange(render);
}

export async function addToCompare(id: string | number, props: Record<string, unknown>): Promise<void> {
  if (entries.some((e) => e.id === id)) return;
  entries.push({ id, props, score: await fetchScore(id) });
  render();
}

function render(): void {
  if (!host) return;
  host.replaceChildren();
  if (!entries.length) return;
  const criteria = [...new Set(entries.flatMap((e) => (e.score === 'unavailable' ? [] : (e.score.criteria ?? []).map((c) => c.criterion))))];
  const table = el('table', { class: 'compare', 'data-testid': 'compare-table' });
  const row = (label: string, f: (e: Entry) => string) =>
    table.append(el('tr', {}, el('th', {}, label), ...entries.map((e) => el('td', {}, f(e)))));
  row(t('name'), (e) => String(e.props.name ?? e.id));
  row(t('site_type'), (e) => term(e.props.site_type));
  row(t('capacity_households'), (e) => fmtNumber(e.props.capacity_households as number | null));
  row(t('score'), (e) => (e.score === 'unavailable' ? t('scoring_unavailable') : fmtNumber(e.score.score, 1)));
  for (const c of criteria) {
    row(term(c), (e) => {
      if (e.score === 'unavailable') return t('none');
      const x = e.score.criteria?.find((y) => y.criterion === c);
      return x ? `${fmtDistance(x.network_distance_m ?? x.distance_m ?? null)} · ${fmtNumber(x.score * 100)}` : t('none');
    });
  }
  host.append(el('h2', {}, t('compare_title')), table, button(t('clear'), () => { entries.length = 0; render(); }));
}
