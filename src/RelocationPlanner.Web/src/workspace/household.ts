// #/households/{code}: one household for relocation officers: members, the milestones as a dated
// timeline, entitlement against payments per component with the ledger (reversals included), the
// programme's facts, the field's photo evidence and conflicts (./evidence.ts, ./conflicts.ts), the
// audit trail of the record, and the forms that change it (./householdForms.ts).
import { ApiError, getJson, getOptional } from '../api';
import type { components } from '../generated/openapi';
import { fmtDate, fmtMoney, fmtNumber, locale, t, term, tf } from '../i18n';
import { href } from '../router';
import { el } from '../panels/dom';
import { conflictList } from './conflicts';
import { evidenceList } from './evidence';
import type { ConflictList, EvidenceList } from './fieldRecords';
import { dataTable, link } from './forms';
import { householdForms } from './householdForms';
import { readsRegistry } from './signInDialog';

type Schemas = components['schemas'];
// persons and milestones are JSON columns the document leaves untyped (JsonElement): their shape here.
interface Person { name: string; id_card: string | null; relation: string }
interface Milestone { milestone: string; date: string; recorded_by: string; recorded_at: string }
export type Household = Schemas['HouseholdDetail'] & { persons: Person[]; milestones: Milestone[] };
export type Entitlement = Schemas['Entitlement'];
export type LedgerEntry = Schemas['Disbursement'];
type AuditItem = Schemas['AuditItem'];
type Values = Record<string, unknown>;

export const factNames = ['house_area_m2', 'self_paid', 'labour_members', 'old_house_demolished_on', 'homestead_reclaimed_on', 'old_house_exempt_reason'] as const;
/** The label of a fact (self_paid is also a compliance flag's name, so its label has its own key). */
export const factLabel = (k: (typeof factNames)[number]) => (k === 'self_paid' ? 'fact_self_paid' : k);

function section(title: string, testid: string, ...body: Array<Node | null>): HTMLElement {
  return el('section', { class: 'ws-section', 'data-testid': testid }, el('h3', {}, title), ...body);
}

function timeline(h: Household): HTMLElement {
  const ol = el('ol', { class: 'timeline', 'data-testid': 'timeline' });
  for (const m of h.milestones)
    ol.append(el('li', { 'data-milestone': m.milestone }, el('time', { datetime: m.date }, fmtDate(m.date)), el('strong', {}, term(m.milestone)),
      el('small', { class: 'muted' }, `${t('recorded_by')} ${m.recorded_by}`)));
  return ol;
}

function ledger(e: Entitlement, entries: LedgerEntry[]): Node[] {
  if (!e.policy_code) return [el('p', { class: 'muted' }, t('no_policy'))];
  const rows: Array<Array<string | Node>> = e.components.map((c) => [term(c.component), fmtMoney(c.entitled), fmtMoney(c.disbursed), fmtMoney(c.outstanding)]);
  rows.push([el('strong', {}, t('total_row')), fmtMoney(e.entitled_total), fmtMoney(e.disbursed_total), fmtMoney(e.outstanding_total)]);
  const reversed = new Set(entries.filter((x) => x.reverses !== null).map((x) => x.reverses));
  return [
    dataTable('entitlement', [t('component'), t('entitled'), t('paid'), t('outstanding')], rows, [1, 2, 3]),
    el('h4', {}, t('entries')),
    entries.length ? dataTable('ledger-entries', [t('entry_id'), t('component'), t('paid_on'), t('amount'), t('reverses'), t('recorded_by')],
      entries.map((x) => [String(x.id), term(x.component), fmtDate(x.paid_on), fmtMoney(x.amount),
        x.reverses !== null ? `#${x.reverses}` : reversed.has(x.id) ? `(${t('reverse')})` : '', x.recorded_by]), [0, 3]) : el('p', { class: 'muted' }, t('no_rows')),
  ];
}

function facts(h: Household): HTMLElement {
  const money = new Set(['self_paid']);
  const dates = new Set(['old_house_demolished_on', 'homestead_reclaimed_on']);
  return dataTable('facts', [t('facts'), ''], factNames.map((k) => {
    const v = h[k];
    return [t(factLabel(k)), v === null ? t('none') : money.has(k) ? fmtMoney(Number(v)) : dates.has(k) ? fmtDate(String(v)) : typeof v === 'number' ? fmtNumber(v, 2) : String(v)];
  }));
}

function audit(items: AuditItem[]): HTMLElement {
  const when = (s: string) => new Date(s).toLocaleString(locale());
  const changes = (a: AuditItem) => {
    const n = (a.new_values ?? {}) as Values, o = (a.old_values ?? {}) as Values;
    const keys = Object.keys(n).filter((k) => a.op !== 'update' || JSON.stringify(n[k]) !== JSON.stringify(o[k])).filter((k) => !['version', 'updated_at', 'updated_by', 'created_at', 'created_by'].includes(k));
    return keys.slice(0, 8).map((k) => `${term(k)}: ${a.op === 'update' ? `${String(o[k] ?? '—')} → ` : ''}${String(n[k] ?? '—')}`).join('; ');
  };
  return items.length ? dataTable('audit', [t('audit_when'), t('audit_who'), t('audit_op'), t('audit_changes')],
    items.map((a) => [when(a.changed_at), a.changed_by, a.op === 'delete' ? t('delete_op') : term(a.op), changes(a)])) : el('p', { class: 'muted' }, t('no_rows'));
}

export async function householdPage(host: HTMLElement, code: string): Promise<void> {
  host.replaceChildren(el('p', {}, link(href('households'), `← ${t('nav_households')}`)), el('h2', {}, tf('household_title', { code })));
  if (!readsRegistry()) { host.append(el('p', { class: 'notice', 'data-testid': 'registry-forbidden' }, t('only_officers'))); return; }
  const enc = encodeURIComponent(code);
  let got;
  try { got = await getJson<Household>(`/api/households/${enc}`); }
  catch (e) { if (e instanceof ApiError && e.status === 404) { host.append(el('p', { class: 'error' }, t('not_found'))); return; } throw e; }
  const h = got.body;
  const [ent, led, aud, emp, evidence, conflicts] = await Promise.all([
    getJson<Entitlement>(`/api/households/${enc}/entitlement`).then((r) => r.body),
    getJson<Schemas['HouseholdLedger']>(`/api/households/${enc}/disbursements`).then((r) => r.body.entries),
    getOptional<Schemas['AuditPage']>(`/api/audit?entity=households&id=${h.id}&limit=50`).then((r) => r?.body.items ?? []).catch(() => []),
    getOptional<Schemas['EmploymentList']>(`/api/households/${enc}/employment`).then((r) => r?.body.employment ?? []),
    getJson<EvidenceList>(`/api/households/${enc}/evidence`).then((r) => r.body.evidence),
    getJson<ConflictList>(`/api/households/${enc}/conflicts`).then((r) => r.body.conflicts),
  ]);
  const reload = () => void householdPage(host, code);
  host.append(
    el('p', { class: 'summary', 'data-testid': 'hh-summary' }, `${h.head_name} · ${fmtNumber(h.members)} ${t('members')} · ${h.unit_code} · `,
      h.site_code ? link(href('sites', h.site_code), h.site_code) : t('none'), ` · ${term(h.settlement_type)} · `,
      el('strong', { 'data-testid': 'hh-status' }, term(h.status))),
    el('div', { class: 'ws-columns' },
      el('div', {},
        section(t('household_members'), 'members', dataTable('persons', [t('name'), t('relation'), t('id_card')], h.persons.map((p) => [p.name, term(p.relation), p.id_card ?? t('none')]))),
        section(t('timeline'), 'milestones', timeline(h)),
        section(t('conflicts_title'), 'conflicts-section', ...conflictList(conflicts, reload)),
        section(t('evidence_title'), 'evidence-section', evidenceList(evidence, h.code)),
        section(t('ledger'), 'ledger', ...ledger(ent, led)),
        section(t('facts'), 'facts-section', facts(h), el('h4', {}, t('employment')), emp.length
          ? dataTable('employment', [t('name'), t('work_kind'), t('employer'), t('work_started_on'), t('work_ended_on')],
            emp.map((x) => [x.person_name ?? (x.member !== undefined ? `#${x.member}` : t('none')), term(x.kind), x.employer ?? t('none'), fmtDate(x.started_on), fmtDate(x.ended_on)]))
          : el('p', { class: 'muted' }, t('no_rows'))),
        section(t('audit_trail'), 'audit-section', audit(aud))),
      el('div', { class: 'ws-forms' }, ...householdForms(h, got.etag, ent, led, reload))),
  );
}
