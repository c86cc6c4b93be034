// One household: what is recorded, what waits to be sent, and the forms that add to the queue
// (a milestone with its date, or an inspection result), each with photos and the position.
import { fmtDate, t, tf, type MsgKey } from '../../i18n';
import { button, el, toast } from '../../panels/dom';
import { deviceId, newKey, putChange, queue } from '../db';
import { position, preparePhoto } from '../device';
import { queueChanged } from '../sync';
import type { ChangeBase, ChangeWhat, PackageHousehold, QueuedChange, QueuedPhoto, WorkPackage } from '../types';
import { field, go, positionLine, stepLabel } from '../ui';

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The photo input and what was chosen: each photo is prepared (compressed if large) as it is picked. */
function photoPicker(): { node: HTMLElement; take: () => Array<{ blob: Blob; name: string; taken_at: string }> } {
  const chosen: Array<{ blob: Blob; name: string; taken_at: string }> = [];
  const input = el('input', { type: 'file', accept: 'image/jpeg,image/png', capture: 'environment', multiple: '', 'data-testid': 'photo' }) as HTMLInputElement;
  const shown = el('div', { class: 'thumbs', 'data-testid': 'photo-count', 'data-count': '0' });
  input.addEventListener('change', async () => {
    for (const f of Array.from(input.files ?? [])) {
      const p = await preparePhoto(f);
      chosen.push({ ...p, taken_at: new Date(f.lastModified || Date.now()).toISOString() });
      const img = el('img', { alt: p.name }) as HTMLImageElement;
      img.src = URL.createObjectURL(p.blob);
      shown.append(img);
    }
    shown.dataset.count = String(chosen.length);
    input.value = '';
  });
  return { node: el('div', {}, el('label', { class: 'button-like' }, t('field_add_photo'), input), shown), take: () => chosen.splice(0) };
}

async function enqueue(pkg: WorkPackage, h: PackageHousehold, what: ChangeWhat,
  photos: Array<{ blob: Blob; name: string; taken_at: string }>, step: string): Promise<void> {
  const fix = position.fix();
  const device = await deviceId();
  const where = { lon: fix?.lon ?? null, lat: fix?.lat ?? null, accuracy_m: fix?.accuracy_m ?? null };
  const queued: QueuedPhoto[] = photos.map((p) => ({
    key: newKey(), blob: p.blob, name: p.name, evidence_id: null,
    metadata: { household_code: h.code, step, taken_at: p.taken_at, ...where, device },
  }));
  const base: ChangeBase = { package_id: pkg.id, household_code: h.code, base_version: h.version, ...where, recorded_at: new Date().toISOString(), device };
  const change: QueuedChange = { key: newKey(), created_at: new Date().toISOString(), state: 'waiting', body: { ...base, ...what }, photos: queued, answer: null, error: null, tries: 0 };
  await putChange(change);
  toast(t('field_saved_queued'));
  queueChanged();
}

function milestoneForm(pkg: WorkPackage, h: PackageHousehold): HTMLElement {
  const step = el('select', { 'data-testid': 'step' }, ...pkg.steps.map((s) => el('option', { value: s }, stepLabel(s)))) as HTMLSelectElement;
  // Steps only move forward: the one after the latest recorded is the likely next observation.
  const latest = Math.max(-1, ...pkg.steps.map((s, i) => (h.milestones[s] ? i : -1)));
  if (pkg.steps[latest + 1]) step.value = pkg.steps[latest + 1];
  const date = el('input', { type: 'date', value: today(), max: today(), 'data-testid': 'date' }) as HTMLInputElement;
  const photos = photoPicker();
  const save = async () => {
    if (!date.value) { date.focus(); return; }
    await enqueue(pkg, h, { kind: 'milestone', step: step.value, date: date.value }, photos.take(), step.value);
    go({ name: 'household', code: h.code });
  };
  return el('form', { class: 'card', 'data-testid': 'record-form', onsubmit: 'return false' },
    el('h3', {}, t('field_record')),
    field(t('field_step'), step), field(t('field_date'), date),
    field(t('field_photos'), photos.node), positionLine(),
    button(t('field_save_record'), () => void save(), { class: 'primary', 'data-testid': 'save-record' }));
}

// An inspection may also find the household's facts wrong, besides its steps.
const FACT_LABELS: Record<string, MsgKey> = { members: 'field_members_field', head_name: 'field_head_name', site_code: 'field_site_code' };

function inspectionForm(pkg: WorkPackage, h: PackageHousehold): HTMLElement {
  const inspection = pkg.inspection!;
  const outcome = (v: string, label: string, checked = false) => el('label', { class: 'choice' },
    el('input', { type: 'radio', name: 'outcome', value: v, 'data-testid': `outcome-${v}`, ...(checked ? { checked: '' } : {}) }), label);
  const fields = [...pkg.steps, 'members', 'head_name', 'site_code'];
  const boxes = el('div', { class: 'choices', 'data-testid': 'fields-at-fault' }, ...fields.map((f) => el('label', { class: 'choice' },
    el('input', { type: 'checkbox', value: f }), FACT_LABELS[f] ? t(FACT_LABELS[f]) : stepLabel(f))));
  const note = el('textarea', { rows: '2', 'data-testid': 'note' }) as HTMLTextAreaElement;
  const photos = photoPicker();
  const form = el('form', { class: 'card', 'data-testid': 'inspection-form', onsubmit: 'return false' });
  const save = async () => {
    const chosen = (form.querySelector('input[name=outcome]:checked') as HTMLInputElement).value as 'verified' | 'discrepancy';
    const atFault = Array.from(boxes.querySelectorAll<HTMLInputElement>('input:checked')).map((b) => b.value);
    if (chosen === 'discrepancy' && atFault.length === 0) { toast(t('field_choose_field'), 'error'); return; }
    await enqueue(pkg, h, { kind: 'inspection_result', inspection_id: inspection.id, outcome: chosen, fields: chosen === 'discrepancy' ? atFault : [], note: note.value },
      photos.take(), atFault[0] ?? 'moved_in');
    go({ name: 'household', code: h.code });
  };
  form.append(el('h3', {}, t('field_inspection')), el('div', { class: 'choices' }, outcome('verified', t('field_verified'), true), outcome('discrepancy', t('field_discrepancy'))),
    el('p', { class: 'hint' }, t('field_fields_at_fault')), boxes, field(t('field_note'), note), field(t('field_photos'), photos.node), positionLine(),
    button(t('field_save_result'), () => void save(), { class: 'primary', 'data-testid': 'save-result' }));
  return form;
}

export async function householdScreen(pkg: WorkPackage, code: string): Promise<HTMLElement> {
  const h = pkg.households.find((x) => x.code === code);
  if (!h) return el('p', {}, code);
  const mine = (await queue()).filter((c) => c.body.household_code === code && c.state !== 'sent');
  const recorded = el('table', { class: 'milestones', 'data-testid': 'milestones' }, ...Object.entries(h.milestones).filter(([, d]) => d)
    .map(([s, d]) => el('tr', { 'data-step': s }, el('td', {}, stepLabel(s)), el('td', {}, fmtDate(d)))));
  const pending = el('ul', { class: 'pending', 'data-testid': 'pending' }, ...mine.map((c) => el('li', { 'data-state': c.state },
    `${t(`field_state_${c.state}`)} · ${c.body.kind === 'milestone' ? `${stepLabel(c.body.step)} ${fmtDate(c.body.date)}` : t(`field_${c.body.outcome}`)}`
    + (c.photos.length ? ` · ${tf('field_photo_count', { n: c.photos.length })}` : ''))));
  return el('section', { 'data-testid': 'household', 'data-code': code },
    button(`‹ ${t('field_back')}`, () => go({ name: 'households' }), { class: 'back' }),
    el('h2', {}, `${h.code} ${h.head_name}`),
    el('p', { class: 'muted' }, `${tf('field_members', { n: h.members })} · ${h.site_code ?? t('none')} · ${stepLabel(h.status)} · ${tf('field_version', { v: h.version })}`),
    el('h3', {}, t('field_recorded')), recorded,
    mine.length ? el('h3', {}, t('field_pending')) : null, mine.length ? pending : null,
    pkg.inspection?.households.includes(code) ? inspectionForm(pkg, h) : milestoneForm(pkg, h));
}
