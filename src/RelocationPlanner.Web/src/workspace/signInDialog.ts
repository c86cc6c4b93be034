// The header's Sign in / 登录: a dialog with one password field for the token, checked with the
// service (GET /api/me) before it is kept; the header then shows who is signed in and the role.
import { signIn, signOut, session } from '../auth';
import { t, term, tf } from '../i18n';
import { button, el } from '../panels/dom';

let dialog: HTMLDialogElement | null = null;

export function openSignIn(): void {
  dialog?.remove();
  const input = el('input', { type: 'password', placeholder: 'rp_…', 'data-testid': 'token', autocomplete: 'off', id: 'token-input' }) as HTMLInputElement;
  const error = el('p', { class: 'error', 'data-testid': 'token-error', role: 'alert' });
  const d = el('dialog', { class: 'sign-in', 'data-testid': 'sign-in-dialog' }) as HTMLDialogElement;
  const go = async () => {
    const v = input.value.trim();
    if (!v) return;
    const problem = await signIn(v);
    if (problem) error.textContent = t('token_invalid') + (problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    else d.close();
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') void go(); });
  d.append(el('h2', {}, t('sign_in_title')), el('p', { class: 'hint' }, t('sign_in_hint')),
    el('label', { for: 'token-input' }, t('token_label')), input, error,
    el('div', { class: 'form-actions' }, button(t('header_sign_in'), () => void go(), { 'data-testid': 'sign-in', class: 'primary' }),
      button(t('cancel'), () => d.close())));
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  dialog = d;
  d.showModal();
  input.focus();
}

/** The header's part: who is signed in with the role and a sign-out button, or the sign-in button. */
export function authControls(): HTMLElement {
  const me = session.me();
  if (!me) return el('span', { class: 'auth-controls' }, el('span', { class: 'auth-state', 'data-testid': 'auth-state' }, t('read_only')),
    button(t('header_sign_in'), openSignIn, { 'data-testid': 'header-sign-in', class: 'header-button' }));
  return el('span', { class: 'auth-controls' },
    el('span', { class: 'auth-state', 'data-testid': 'auth-state' }, el('span', { 'data-testid': 'signed-in-as' }, tf('signed_in_as', { name: me.name, role: term(me.role) }))),
    button(t('sign_out'), signOut, { 'data-testid': 'sign-out', class: 'header-button' }));
}

/** True for the roles that may read names and per-household money. */
export const readsRegistry = (): boolean => ['relocation_officer', 'admin'].includes(session.me()?.role ?? '');
