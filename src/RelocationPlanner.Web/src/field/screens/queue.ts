// The queue as the officer sees it: what waits, what was sent, what came back as a conflict
// (kept on the server for an officer; shown here with what the server holds), what was refused.
import { fmtDate, t, tf } from '../../i18n';
import { button, el, toast } from '../../panels/dom';
import { queue } from '../db';
import { retry, sync } from '../sync';
import type { QueuedChange, QueueState } from '../types';
import { go, stepLabel } from '../ui';

const ORDER: QueueState[] = ['waiting', 'conflict', 'refused', 'sent'];

function what(c: QueuedChange): string {
  return c.body.kind === 'milestone' ? `${stepLabel(c.body.step)} ${fmtDate(c.body.date)}` : `${t('field_inspection')}: ${t(`field_${c.body.outcome}`)}`;
}

function row(c: QueuedChange): HTMLElement {
  const sentPhotos = c.photos.filter((p) => p.evidence_id !== null).length;
  const li = el('li', { 'data-state': c.state, 'data-key': c.key, 'data-code': c.body.household_code },
    el('span', { class: `badge ${c.state}` }, t(`field_state_${c.state}`)),
    el('strong', {}, c.body.household_code),
    el('span', {}, what(c)),
    c.photos.length ? el('span', { class: 'muted' }, `${tf('field_photo_count', { n: c.photos.length })}${c.state === 'waiting' && sentPhotos ? ` (${sentPhotos}✓)` : ''}`) : null);
  li.querySelector('strong')!.addEventListener('click', () => go({ name: 'household', code: c.body.household_code }));
  if (c.state === 'conflict') {
    const server = ((c.answer && 'server' in c.answer ? c.answer.server : null) ?? {}) as { step?: string; date?: string; outcome?: string };
    const held = server.step ? `${stepLabel(server.step)}` : server.outcome ? t(`field_${server.outcome}` as 'field_verified') : '';
    li.append(el('p', { class: 'conflict', 'data-testid': 'conflict-server' }, tf('field_conflict_server', { step: held, date: server.date ? fmtDate(server.date) : '' })),
      el('p', { class: 'hint' }, t('field_conflict_help')));
  }
  if (c.error && c.state !== 'sent') li.append(el('p', { class: 'error' }, c.error));
  if (c.state === 'refused') li.append(button(t('field_retry'), () => void retry(c).then(() => sync()), { 'data-testid': 'retry' }));
  return li;
}

export async function queueScreen(): Promise<HTMLElement> {
  const items = await queue();
  const counts = Object.fromEntries(ORDER.map((s) => [s, items.filter((c) => c.state === s).length])) as Record<QueueState, number>;
  const summary = el('p', { 'data-testid': 'queue-summary', ...Object.fromEntries(ORDER.map((s) => [`data-${s}`, String(counts[s])])) },
    ORDER.map((s) => `${t(`field_state_${s}`)} ${counts[s]}`).join(' · '));
  const syncButton = button(t('field_sync'), async () => {
    if (!navigator.onLine) { toast(t('field_sync_offline')); return; }
    syncButton.textContent = t('field_syncing');
    const r = await sync();
    toast(r.unauthorized ? t('field_sign_in_again') : r.offline ? t('field_sync_offline') : tf('field_synced', { sent: r.sent, conflicts: r.conflicts, waiting: r.waiting }), r.unauthorized ? 'error' : 'info');
  }, { class: 'primary', 'data-testid': 'sync' });
  // Newest first within a state: the officer looks for what was just done.
  const sorted = [...items].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.created_at.localeCompare(a.created_at));
  return el('section', {},
    el('h2', {}, t('field_tab_queue')), summary, syncButton,
    items.length ? el('ul', { class: 'queue', 'data-testid': 'queue' }, ...sorted.map(row)) : el('p', { class: 'hint' }, t('field_queue_empty')));
}
