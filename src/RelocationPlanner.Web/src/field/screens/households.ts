// The package's households: a search over code, head of household and site, then a tap to open.
import { t, tf } from '../../i18n';
import { el } from '../../panels/dom';
import { queue } from '../db';
import type { WorkPackage } from '../types';
import { go, positionLine, stepLabel } from '../ui';

let lastQuery = '';

export async function householdsScreen(pkg: WorkPackage): Promise<HTMLElement> {
  const waiting = new Map<string, number>();
  for (const c of await queue()) if (c.state === 'waiting') waiting.set(c.body.household_code, (waiting.get(c.body.household_code) ?? 0) + 1);
  const sampled = new Set(pkg.inspection?.households ?? []);
  const list = el('ul', { class: 'households', 'data-testid': 'households' });
  const count = el('p', { class: 'hint', 'data-testid': 'household-count' });
  const search = el('input', { type: 'search', placeholder: t('field_search'), 'data-testid': 'search', value: lastQuery }) as HTMLInputElement;
  const draw = () => {
    lastQuery = search.value;
    const q = search.value.trim().toLowerCase();
    const hits = pkg.households.filter((h) => !q || h.code.toLowerCase().includes(q) || h.head_name.toLowerCase().includes(q) || (h.site_code ?? '').toLowerCase().includes(q));
    count.textContent = tf('field_count', { n: hits.length });
    // A phone draws a few hundred rows comfortably; the search narrows the rest.
    list.replaceChildren(...hits.slice(0, 300).map((h) => {
      const n = waiting.get(h.code) ?? 0;
      const li = el('li', { 'data-code': h.code, tabindex: '0' },
        el('strong', {}, h.code),
        el('span', {}, `${h.head_name} · ${tf('field_members', { n: h.members })}`),
        el('span', { class: 'muted' }, `${h.site_code ?? t('none')} · ${stepLabel(h.status)}`),
        sampled.has(h.code) ? el('span', { class: 'badge sample' }, t('field_inspection')) : null,
        n ? el('span', { class: 'badge waiting', 'data-testid': 'waiting-badge' }, `${t('field_pending')} ${n}`) : null);
      li.addEventListener('click', () => go({ name: 'household', code: h.code }));
      return li;
    }));
  };
  search.addEventListener('input', draw);
  draw();
  return el('section', {}, positionLine(), search, count, list);
}
