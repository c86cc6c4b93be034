// Small forms of the workspace: labelled fields, a submit that sends JSON, and the service's
// refusals shown at the field they name, in the reader's language by rule code (the service's
// English message is never copied on screen; it stays in the title attribute for support).
import { ApiError, type FieldError, type ProblemDetails } from '../api';
import { refusalText } from '../auth';
import { t, tf, type MsgKey } from '../i18n';
import { button, el } from '../panels/dom';

export interface FieldSpec { name: string; label: MsgKey; type?: 'text' | 'date' | 'number' | 'select'; options?: Array<[string, string]>; value?: string; required?: boolean }

/** The sentence for a rule code; an unknown rule is named as it is. */
export function ruleText(rule: string): string {
  const key = `rule_${rule}` as MsgKey;
  const text = t(key);
  return text === undefined ? tf('rule_other', { rule }) : text;
}

export interface Form { element: HTMLFormElement; values(): Record<string, string>; showProblem(p: ProblemDetails): void; clear(): void }

export function form(testid: string, title: MsgKey, fields: FieldSpec[], submit: (values: Record<string, string>) => Promise<void>): Form {
  const f = el('form', { class: 'ws-form', 'data-testid': testid, novalidate: '' }) as HTMLFormElement;
  const general = el('p', { class: 'error form-error', role: 'alert' });
  const rows = new Map<string, { row: HTMLElement; input: HTMLInputElement | HTMLSelectElement; error: HTMLElement }>();
  f.append(el('h3', {}, t(title)));
  for (const spec of fields) {
    const id = `${testid}-${spec.name}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.type === 'select') {
      input = el('select', { id, name: spec.name }) as HTMLSelectElement;
      for (const [v, label] of spec.options ?? []) input.append(el('option', { value: v }, label));
    } else {
      input = el('input', { id, name: spec.name, type: spec.type === 'number' ? 'text' : spec.type ?? 'text', ...(spec.type === 'number' ? { inputmode: 'decimal' } : {}) }) as HTMLInputElement;
    }
    if (spec.value !== undefined) input.value = spec.value;
    const error = el('span', { class: 'field-error', 'data-field-error': spec.name, role: 'alert' });
    const row = el('div', { class: 'ws-field', 'data-field': spec.name }, el('label', { for: id }, t(spec.label)), input, error);
    rows.set(spec.name, { row, input, error });
    f.append(row);
  }
  const submitButton = button(t('submit'), () => undefined, { class: 'primary', 'data-testid': `${testid}-submit` });
  submitButton.type = 'submit';
  f.append(el('div', { class: 'form-actions' }, submitButton), general);

  const api: Form = {
    element: f,
    values: () => Object.fromEntries([...rows].map(([k, r]) => [k, r.input.value.trim()])),
    clear: () => {
      general.textContent = '';
      for (const r of rows.values()) { r.row.classList.remove('invalid'); r.error.textContent = ''; r.error.removeAttribute('title'); }
    },
    showProblem: (p) => {
      api.clear();
      const errors: FieldError[] = p.errors?.length ? p.errors : p.field ? [{ field: p.field, rule: '', message: p.detail ?? '' }] : [];
      const unplaced: string[] = [];
      for (const e of errors) {
        const r = rows.get(e.field);
        const text = e.rule ? ruleText(e.rule) : t('save_failed');
        if (r) { r.row.classList.add('invalid'); r.error.textContent = text; r.error.title = e.message; r.error.dataset.rule = e.rule; }
        else unplaced.push(tf('field_error', { field: e.field, text }));
      }
      general.textContent = unplaced.join(' ') || (errors.length ? '' : refusalText(p.status, null) ?? `${t('save_failed')} HTTP ${p.status}`);
    },
  };
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    api.clear();
    submitButton.disabled = true;
    submit(api.values())
      .catch((err: unknown) => { if (err instanceof ApiError) api.showProblem(err.problem); else throw err; })
      .finally(() => { submitButton.disabled = false; });
  });
  return api;
}

/** A table with a header row; cells may be text or nodes; numeric columns align right. */
export function dataTable(testid: string, head: string[], rows: Array<Array<string | Node>>, numeric: number[] = []): HTMLElement {
  const table = el('table', { class: 'ws-table', 'data-testid': testid },
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', numeric.includes(i) ? { class: 'num' } : {}, h)))));
  const body = el('tbody');
  for (const r of rows) body.append(el('tr', {}, ...r.map((c, i) => el('td', numeric.includes(i) ? { class: 'num' } : {}, c))));
  table.append(body);
  return table;
}

export function link(hash: string, text: string, attrs: Record<string, string> = {}): HTMLElement {
  return el('a', { href: hash, ...attrs }, text);
}
