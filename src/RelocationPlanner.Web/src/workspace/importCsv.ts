// #/import: the township spreadsheet into the registry (POST /api/households/import, all rows or
// none). The upload shows its progress (XMLHttpRequest's upload events; fetch has none), then the
// service's answer: the counts, or every refused row as a table (line, column, rule in the
// reader's language) that downloads as CSV for whoever corrects the file.
import { token } from '../api';
import { fmtNumber, t, tf } from '../i18n';
import { href } from '../router';
import type { Schemas } from '../schemas';
import { button, el } from '../panels/dom';
import { dataTable, link, ruleText } from './forms';
import { readsRegistry } from './signInDialog';

type RowError = Schemas['RowError'];
/** The import's refusal: a problem whose errors name the rows. */
type Refused = Omit<Schemas['ProblemDetails'], 'errors'> & { errors?: RowError[] };
type Answer = { status: 200; body: Schemas['HouseholdsImported'] } | { status: number; body: Refused };

function upload(file: File, progress: (fraction: number) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/households/import');
    x.setRequestHeader('Content-Type', 'text/csv');
    x.setRequestHeader('Accept', 'application/json, application/problem+json');
    const tok = token.get();
    if (tok) x.setRequestHeader('Authorization', `Bearer ${tok}`);
    x.upload.onprogress = (e) => { if (e.lengthComputable) progress(e.loaded / e.total); };
    x.upload.onload = () => progress(1);
    x.onload = () => {
      let body: Answer['body'];
      try { body = JSON.parse(x.responseText) as Answer['body']; } catch { body = { detail: x.responseText.slice(0, 300) }; }
      resolve({ status: x.status, body } as Answer);
    };
    x.onerror = () => reject(new Error('network'));
    x.send(file);
  });
}

/** The row errors as CSV (quoted where needed), for download. */
export function errorsCsv(errors: RowError[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['row,field,rule,problem,message', ...errors.map((e) => [String(e.row ?? ''), e.field, e.rule, ruleText(e.rule), e.message].map(q).join(','))].join('\n') + '\n';
}

export function importPage(host: HTMLElement): void {
  host.replaceChildren(el('p', {}, link(href('households'), `← ${t('nav_households')}`)), el('h2', {}, t('import_title')));
  if (!readsRegistry()) { host.append(el('p', { class: 'notice', 'data-testid': 'registry-forbidden' }, t('only_officers'))); return; }
  const file = el('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'import-file', id: 'import-file' }) as HTMLInputElement;
  const bar = el('progress', { max: '1', value: '0', 'data-testid': 'import-progress' }) as HTMLProgressElement;
  const state = el('p', { 'data-testid': 'import-state', role: 'status' });
  const result = el('div', { 'data-testid': 'import-result' });
  const go = async () => {
    const f = file.files?.[0];
    if (!f) return;
    start.disabled = true;
    result.replaceChildren();
    bar.value = 0;
    try {
      const a = await upload(f, (p) => { bar.value = p; state.textContent = p < 1 ? tf('uploading', { percent: Math.round(p * 100) }) : t('storing'); });
      if (a.status === 200 && 'imported' in a.body) {
        state.textContent = tf('import_done', { households: fmtNumber(a.body.imported), people: fmtNumber(a.body.people), milestones: fmtNumber(a.body.milestones) });
        state.className = 'ok';
        return;
      }
      const refused = a.body as Refused;
      const errors = refused.errors ?? [];
      state.className = 'error';
      state.textContent = tf('import_refused', { n: fmtNumber(refused.error_count ?? errors.length) });
      const csv = errorsCsv(errors);
      const download = el('a', { href: URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv' })), download: `${f.name.replace(/\.csv$/i, '')}-errors.csv`, 'data-testid': 'import-errors-download', class: 'button-link' }, t('download_errors'));
      result.append(download, dataTable('import-errors', [t('row'), t('field'), t('problem')],
        errors.map((e) => [e.row !== undefined && e.row !== null ? String(e.row) : '', e.field, el('span', { title: e.message, 'data-rule': e.rule }, ruleText(e.rule))]), [0]));
    } finally {
      start.disabled = false;
    }
  };
  const start = button(t('upload'), () => void go(), { class: 'primary', 'data-testid': 'import-start' });
  host.append(el('p', { class: 'hint' }, t('import_hint')), el('div', { class: 'import-form' }, el('label', { for: 'import-file' }, t('choose_file')), file, start), bar, state, result);
}
