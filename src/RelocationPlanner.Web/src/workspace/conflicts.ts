// The household's field conflicts: changes the field app sent against an older record that disagree
// with what the registry holds, kept for an officer. Each open one shows both sides and the reason,
// with Accept (apply the field's change, when it still can be) and Reject (keep the registry's).
// A refusal is shown at the conflict by its rule code (e.g. append_only: a milestone cannot be
// overwritten); after a decision the page is read again.
import { ApiError, send } from '../api';
import { refusalText } from '../auth';
import { fmtDate, t, term, tf, type MsgKey } from '../i18n';
import { button, el, toast } from '../panels/dom';
import { when } from './evidence';
import type { FieldConflict, FieldRecord } from './fieldRecords';
import { ruleText } from './forms';

/** A record in words: "Keys claimed 30 Jul 2017", or an inspection's outcome with the fields at fault. */
function describe(r: FieldRecord): string {
  if (r.step) return `${term(r.step)} ${fmtDate(r.date ?? null)}`;
  if (r.outcome) return [term(r.outcome), ...(r.fields ?? []).map((f) => term(f)), r.note ?? ''].filter(Boolean).join(' · ');
  return t('none');
}

function reasonText(reason: string): string {
  const text = t(`reason_${reason}` as MsgKey);
  return text === undefined ? reason : text;
}

function openConflict(c: FieldConflict, reload: () => void): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'conflict-error' });
  const buttons: HTMLButtonElement[] = [];
  const decide = (how: 'accept' | 'reject') => {
    buttons.forEach((b) => (b.disabled = true));
    error.textContent = '';
    send('POST', `/api/field/conflicts/${c.id}/${how}`)
      .then(() => { toast(t(how === 'accept' ? 'conflict_accepted' : 'conflict_rejected')); reload(); })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
        const p = e.problem;
        const first = p.errors?.[0];
        error.textContent = first?.rule ? ruleText(first.rule) : refusalText(p.status, null) ?? `${t('save_failed')} HTTP ${p.status}`;
        error.dataset.rule = first?.rule ?? '';
        error.dataset.status = String(p.status);
        error.title = first?.message ?? p.detail ?? '';
      })
      .finally(() => buttons.forEach((b) => (b.disabled = false)));
  };
  buttons.push(button(t('accept'), () => decide('accept'), { 'data-testid': 'conflict-accept' }),
    button(t('reject'), () => decide('reject'), { 'data-testid': 'conflict-reject', class: 'primary' }));
  return el('li', { class: 'conflict', 'data-conflict': String(c.id), 'data-reason': c.reason },
    el('p', {}, el('strong', {}, tf('conflict_reason', { reason: reasonText(c.reason) }))),
    el('dl', {},
      el('dt', {}, t('conflict_field')), el('dd', { 'data-testid': 'conflict-change' }, describe(c.change)),
      el('dt', {}, t('conflict_server')), el('dd', { 'data-testid': 'conflict-server' }, describe(c.server))),
    el('p', { class: 'muted' }, tf('conflict_from', { who: c.created_by, when: when(c.created_at), package: c.package_id ?? t('none') })),
    el('div', { class: 'form-actions' }, ...buttons),
    error);
}

function resolvedLine(c: FieldConflict): HTMLElement {
  const status = t(c.status === 'accepted' ? 'conflict_accepted' : 'conflict_rejected');
  return el('li', { 'data-conflict': String(c.id), 'data-status': c.status },
    `${describe(c.change)} ↔ ${describe(c.server)}: `,
    tf('resolved_by_on', { status, who: c.resolved_by ?? t('none'), when: when(c.resolved_at) }),
    c.resolution_note ? ` (${c.resolution_note})` : '');
}

/** Open conflicts first, each with its decision; the resolved ones folded underneath. */
export function conflictList(conflicts: FieldConflict[], reload: () => void): Node[] {
  const open = conflicts.filter((c) => c.status === 'open');
  const done = conflicts.filter((c) => c.status !== 'open');
  return [
    open.length ? el('ul', { class: 'conflicts', 'data-testid': 'conflicts' }, ...open.map((c) => openConflict(c, reload)))
      : el('p', { class: 'muted', 'data-testid': 'no-conflicts' }, t('no_conflicts')),
    done.length ? el('details', { 'data-testid': 'resolved-conflicts' }, el('summary', {}, tf('resolved_conflicts', { n: done.length })),
      el('ul', {}, ...done.map(resolvedLine))) : null,
  ].filter((n): n is HTMLElement => n !== null);
}
