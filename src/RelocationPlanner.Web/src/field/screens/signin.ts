// Sign in with a token: checked once with the service (GET /api/me), then kept on the device.
import { ApiError, getJson, problemLines, token } from '../../api';
import type { Me } from '../../auth';
import { t } from '../../i18n';
import { button, el } from '../../panels/dom';
import { setMeta } from '../db';
import { field } from '../ui';


export function signInScreen(done: (me: Me) => void): HTMLElement {
  const input = el('input', { type: 'password', autocomplete: 'off', 'data-testid': 'token' }) as HTMLInputElement;
  const error = el('p', { class: 'error', 'data-testid': 'sign-in-error' });
  const submit = async () => {
    token.set(input.value.trim());
    try {
      const me = (await getJson<Me>('/api/me')).body;
      await setMeta('token', input.value.trim());
      await setMeta('me', me);
      done(me);
    } catch (e) {
      token.set(null);
      error.textContent = e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e);
    }
  };
  return el('section', { class: 'card' },
    el('h2', {}, t('sign_in')),
    el('p', { class: 'hint' }, t('field_token_help')),
    field(t('field_token'), input),
    button(t('sign_in'), () => void submit(), { 'data-testid': 'sign-in', class: 'primary' }),
    error);
}

/** Forgets the token and the user (the queue and the package stay: they belong to the device's work). */
export async function signOutDevice(): Promise<void> {
  token.set(null);
  await setMeta('token', null);
  await setMeta('me', null);
}
