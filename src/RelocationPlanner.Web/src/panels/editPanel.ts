// The edit tab: a bearer token first (anonymous readers stay read-only), then the drawing tools.
import { token } from '../api';
import { onLangChange, t } from '../i18n';
import { drawInfra } from '../interactions/drawInfra';
import { drawSite } from '../interactions/drawSite';
import type { EditSession } from '../interactions/editSession';
import { button, el } from './dom';

export function mountEditPanel(host: HTMLElement, editor: EditSession, formHost: HTMLElement): void {
  const tools = el('div', { class: 'tools' });
  const auth = el('div', { class: 'auth' });

  const render = () => {
    auth.replaceChildren();
    tools.replaceChildren();
    if (!token.get()) {
      const input = el('input', { type: 'password', placeholder: 'token', 'data-testid': 'token', autocomplete: 'off' }) as HTMLInputElement;
      const signIn = () => { if (input.value.trim()) { token.set(input.value.trim()); render(); document.dispatchEvent(new CustomEvent('rp:auth')); } };
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') signIn(); });
      auth.append(el('p', { class: 'muted' }, t('edit_needs_token')), el('label', {}, t('token_prompt'), input), button(t('sign_in'), signIn, { 'data-testid': 'sign-in' }));
      editor.cancel();
      return;
    }
    auth.append(button(t('sign_out'), () => { token.set(null); render(); document.dispatchEvent(new CustomEvent('rp:auth')); }, { 'data-testid': 'sign-out' }));
    tools.append(
      button(t('draw_centralized'), () => drawSite(editor, 'centralized'), { 'data-tool': 'centralized' }),
      button(t('draw_separate'), () => drawSite(editor, 'separate'), { 'data-tool': 'separate' }),
      button(t('draw_road'), () => drawInfra(editor, 'roads'), { 'data-tool': 'roads' }),
      button(t('draw_well'), () => drawInfra(editor, 'wells'), { 'data-tool': 'wells' }),
      button(t('draw_power_line'), () => drawInfra(editor, 'power_lines'), { 'data-tool': 'power_lines' }),
      button(t('modify'), () => editor.startPick(), { 'data-tool': 'modify' }),
    );
  };
  host.replaceChildren(auth, tools, formHost);
  render();
  onLangChange(render);
  document.addEventListener('rp:auth', () => { if (!token.get()) render(); });
}
