// The edit tab: signed in first (the header's dialog; anonymous readers stay read-only); then the drawing tools, those the role may not use disabled with the reason; planners also get
// "Rescore all sites" (a background job with a progress bar), admins a link to the job dashboard.
import { ApiError, send } from '../api';
import { forbiddenText, session, signOut } from '../auth';
import { onLangChange, pick, t, term, tf } from '../i18n';
import { openSignIn } from '../workspace/signInDialog';
import { drawInfra } from '../interactions/drawInfra';
import { drawSite } from '../interactions/drawSite';
import type { EditSession } from '../interactions/editSession';
import type { LayerHandle } from '../layers';
import { button, el, toast } from './dom';
import type { Job } from './progress';

export function mountEditPanel(host: HTMLElement, editor: EditSession, formHost: HTMLElement, layers: LayerHandle[], trackJob: (id: string) => Promise<Job>): void {
  const tools = el('div', { class: 'tools' });
  const auth = el('div', { class: 'auth' });
  const title = (c: string) => layers.find((h) => h.def.id === c)?.def.title ?? { zh: term(c), en: term(c) };

  // Signing in is the header's dialog (../workspace/signInDialog.ts); the tab points to it.
  const signInForm = () => {
    auth.append(el('p', { class: 'muted' }, t('edit_needs_token')), button(t('header_sign_in'), openSignIn, { 'data-testid': 'edit-sign-in', class: 'primary' }));
  };

  const tool = (label: string, collection: string, run: () => void, key: string) => {
    const allowed = session.mayEdit(collection);
    const b = button(label, run, { 'data-tool': key, ...(allowed ? {} : { disabled: '', title: forbiddenText(title(collection)) }) });
    return b;
  };

  const rescore = async (b: HTMLButtonElement) => {
    b.disabled = true;
    try {
      const r = await send<Job>('POST', '/api/scoring/runs', { profile: 'default' }, null, 'application/json');
      if (r.body) await trackJob(r.body.id);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      toast(e.status === 403 ? forbiddenText(null) : e.message, 'error');
      if (e.status === 401) signOut();
    } finally {
      b.disabled = false;
    }
  };

  // The job dashboard (/hangfire) is a server page: the token becomes an HttpOnly cookie for it
  // (POST /api/session). The tab is opened at the click, so no popup blocker stops it.
  const openDashboard = async () => {
    const tab = window.open('', '_blank');
    try {
      await send('POST', '/api/session');
      if (tab) tab.location.href = '/hangfire'; else window.location.href = '/hangfire';
    } catch (e) {
      tab?.close();
      if (!(e instanceof ApiError)) throw e;
      toast(e.message, 'error');
    }
  };

  const render = () => {
    auth.replaceChildren();
    tools.replaceChildren();
    const me = session.me();
    if (!me) { signInForm(); return; }
    const editable = me.editable.filter((c) => layers.some((h) => h.def.id === c && h.def.editable));
    auth.append(
      el('p', { class: 'hint', 'data-testid': 'may-edit' }, editable.length
        ? tf('may_edit', { what: editable.map((c) => pick(title(c))).join(', ') }) : t('may_edit_nothing')),
    );
    tools.append(
      tool(t('draw_centralized'), 'sites', () => drawSite(editor, 'centralized'), 'centralized'),
      tool(t('draw_separate'), 'sites', () => drawSite(editor, 'separate'), 'separate'),
      tool(t('draw_road'), 'roads', () => drawInfra(editor, 'roads'), 'roads'),
      tool(t('draw_well'), 'wells', () => drawInfra(editor, 'wells'), 'wells'),
      tool(t('draw_power_line'), 'power_lines', () => drawInfra(editor, 'power_lines'), 'power_lines'),
      button(t('modify'), () => editor.startPick(), { 'data-tool': 'modify', ...(editable.length ? {} : { disabled: '' }) }),
    );
    if (session.isPlanner()) {
      const b: HTMLButtonElement = button(t('rescore_all'), () => void rescore(b), { 'data-testid': 'rescore', class: 'primary' });
      tools.append(b);
    }
    if (me.role === 'admin') tools.append(button(t('job_dashboard'), () => void openDashboard(), { 'data-testid': 'job-dashboard' }));
  };
  host.replaceChildren(auth, tools, formHost);
  render();
  onLangChange(render);
  // A sign-out (or a refused token) mid-edit keeps the edit: the form stays, the prompt returns.
  document.addEventListener('rp:auth', render);
}
