// The property form of an edited feature: sites get the full form, roads/wells/power lines a
// simpler one. Field names are the collections' public property contract.
import { problemLines, type ProblemDetails } from '../api';
import { t, term, type MsgKey } from '../i18n';
import { button, el } from './dom';

type FieldKind = 'text' | 'int' | 'decimal' | 'date' | 'enum';
interface Field { name: MsgKey; kind: FieldKind; required?: boolean; options?: string[] }

const statuses = ['planned', 'under_construction', 'completed'];
const dates: Field[] = [{ name: 'planned_on', kind: 'date' }, { name: 'started_on', kind: 'date' }, { name: 'completed_on', kind: 'date' }];

export const formFields: Record<string, Field[]> = {
  sites: [
    { name: 'code', kind: 'text', required: true },
    { name: 'name', kind: 'text', required: true },
    { name: 'site_type', kind: 'enum', required: true, options: ['centralized', 'separate'] },
    { name: 'separate_kind', kind: 'enum', options: ['self_built', 'purchased'] },
    { name: 'capacity_households', kind: 'int' },
    { name: 'unit_code', kind: 'text' },
  ],
  roads: [
    { name: 'code', kind: 'text', required: true }, { name: 'name', kind: 'text' },
    { name: 'road_class', kind: 'enum', required: true, options: ['national', 'provincial', 'county', 'township', 'village', 'other'] },
    { name: 'surface', kind: 'enum', options: ['asphalt', 'cement', 'gravel', 'earth'] },
    { name: 'status', kind: 'enum', required: true, options: statuses }, ...dates,
  ],
  wells: [
    { name: 'code', kind: 'text', required: true }, { name: 'name', kind: 'text' },
    { name: 'well_type', kind: 'enum', required: true, options: ['electromechanical', 'motor_pumped', 'hand_pumped', 'other'] },
    { name: 'status', kind: 'enum', required: true, options: statuses }, ...dates,
  ],
  power_lines: [
    { name: 'code', kind: 'text', required: true }, { name: 'name', kind: 'text' },
    { name: 'voltage_kv', kind: 'decimal', required: true },
    { name: 'status', kind: 'enum', required: true, options: statuses }, ...dates,
  ],
};

export interface FormHandle {
  element: HTMLElement;
  values(): Record<string, unknown>;
  setValues(v: Record<string, unknown>): void;
  showProblem(p: ProblemDetails | null, extra?: HTMLElement[]): void;
  setBusy(busy: boolean): void;
}

export function buildForm(collection: string, initial: Record<string, unknown>, actions: { save(): void; remove?: () => void; cancel(): void }): FormHandle {
  const fields = formFields[collection] ?? [];
  const form = el('form', { class: 'feature-form', 'data-testid': 'feature-form', 'data-collection': collection, novalidate: '' }) as HTMLFormElement;
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  for (const f of fields) {
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === 'enum') {
      const s = el('select', { name: f.name }) as HTMLSelectElement;
      if (!f.required) s.append(el('option', { value: '' }, t('none')));
      for (const o of f.options ?? []) s.append(el('option', { value: o }, term(o)));
      input = s;
    } else {
      input = el('input', {
        name: f.name,
        type: f.kind === 'int' || f.kind === 'decimal' ? 'number' : f.kind === 'date' ? 'date' : 'text',
        ...(f.kind === 'decimal' ? { step: 'any' } : f.kind === 'int' ? { step: '1', min: '0' } : {}),
      }) as HTMLInputElement;
    }
    inputs.set(f.name, input);
    form.append(el('label', { class: 'field', 'data-field': f.name }, el('span', {}, t(f.name) + (f.required ? ' *' : '')), input));
  }
  // A separate site's kind only applies to separate sites; the type follows the drawn geometry.
  const siteType = inputs.get('site_type') as HTMLSelectElement | undefined;
  const sepKind = inputs.get('separate_kind') as HTMLSelectElement | undefined;
  const syncKind = () => { if (siteType && sepKind) { sepKind.disabled = siteType.value !== 'separate'; if (sepKind.disabled) sepKind.value = ''; } };
  siteType?.addEventListener('change', syncKind);

  const errors = el('div', { class: 'form-errors', 'data-testid': 'form-errors', role: 'alert' });
  const saveBtn = button(t('save'), actions.save, { 'data-testid': 'save', class: 'primary' });
  const bar = el('div', { class: 'form-actions' }, saveBtn, button(t('cancel'), actions.cancel, { 'data-testid': 'cancel' }));
  if (actions.remove) bar.append(button(t('delete'), actions.remove, { 'data-testid': 'delete', class: 'danger' }));
  form.append(bar, errors);
  form.addEventListener('submit', (e) => { e.preventDefault(); actions.save(); });

  const handle: FormHandle = {
    element: form,
    values() {
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const raw = inputs.get(f.name)!.value.trim();
        if (raw === '') { out[f.name] = null; continue; }
        out[f.name] = f.kind === 'int' ? Number.parseInt(raw, 10) : f.kind === 'decimal' ? Number(raw) : raw;
      }
      return out;
    },
    setValues(v) {
      for (const f of fields) {
        const x = v[f.name];
        inputs.get(f.name)!.value = x === null || x === undefined ? '' : String(x);
      }
      syncKind();
    },
    showProblem(p, extra = []) {
      errors.replaceChildren();
      form.querySelectorAll('.field.invalid').forEach((n) => n.classList.remove('invalid'));
      if (!p) return;
      const list = el('ul', {});
      for (const line of problemLines(p)) list.append(el('li', {}, line));
      errors.append(list, ...extra);
      for (const e of p.errors ?? []) {
        const name = e.field.replace(/^properties\./, '');
        form.querySelector(`.field[data-field="${CSS.escape(name)}"]`)?.classList.add('invalid');
      }
    },
    setBusy(busy) { saveBtn.disabled = busy; },
  };
  handle.setValues(initial);
  return handle;
}
