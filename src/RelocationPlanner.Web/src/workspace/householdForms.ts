// The forms of the household page: a milestone, a payment, a reversal of a ledger entry, and a
// partial update of the programme's facts (PATCH with the record's ETag in If-Match). After a
// write the page is read again, so every figure on it comes from the service.
import { send } from '../api';
import { t, term } from '../i18n';
import { toast } from '../panels/dom';
import { form } from './forms';
import { factLabel, factNames, type Entitlement, type Household, type LedgerEntry } from './household';
import { milestones } from './households';

const today = () => new Date().toISOString().slice(0, 10);

/** A money field as typed: "20,000.00" and "20000" both become "20000.00"-like decimal strings for the service. */
const decimal = (s: string) => s.replace(/[,\s，]/g, '');

export function householdForms(h: Household, etag: string | null, e: Entitlement, entries: LedgerEntry[], reload: () => void): HTMLElement[] {
  const enc = encodeURIComponent(h.code);
  const done = () => { toast(t('recorded')); reload(); };
  const milestone = form('form-milestone', 'add_milestone', [
    { name: 'milestone', label: 'milestone', type: 'select', options: milestones.filter((m) => m !== 'registered').map((m) => [m, term(m)]) },
    { name: 'date', label: 'date', type: 'date', value: today() },
  ], async (v) => { await send('POST', `/api/households/${enc}/milestones`, { milestone: v.milestone, date: v.date || null }, null, 'application/json'); done(); });

  const payment = form('form-payment', 'add_payment', [
    { name: 'component', label: 'component', type: 'select', options: e.components.map((c) => [c.component, term(c.component)]) },
    { name: 'amount', label: 'amount', type: 'number' },
    { name: 'paid_on', label: 'paid_on', type: 'date', value: today() },
  ], async (v) => {
    await send('POST', '/api/disbursements', { household_code: h.code, component: v.component, amount: v.amount ? decimal(v.amount) : null, paid_on: v.paid_on || null }, null, 'application/json');
    done();
  });

  const payments = entries.filter((x) => x.amount > 0);
  const reversal = form('form-reversal', 'add_reversal', [
    { name: 'reverses', label: 'reverses', type: 'select', options: payments.map((x) => [String(x.id), `#${x.id} ${term(x.component)} ${x.amount.toFixed(2)} (${x.paid_on})`]) },
    { name: 'amount', label: 'amount', type: 'number' },
    { name: 'paid_on', label: 'paid_on', type: 'date', value: today() },
  ], async (v) => {
    const amount = decimal(v.amount);
    // A reversal is negative: the officer types what goes back, the sign is the form's business.
    const signed = amount && !amount.startsWith('-') ? `-${amount}` : amount;
    await send('POST', '/api/disbursements', { reverses: v.reverses ? Number(v.reverses) : null, amount: signed || null, paid_on: v.paid_on || null }, null, 'application/json');
    done();
  });

  const factsForm = form('form-facts', 'update_facts', factNames.map((k) => ({
    name: k, label: factLabel(k), type: k.endsWith('_on') ? 'date' as const : k === 'old_house_exempt_reason' ? 'text' as const : 'number' as const,
    value: h[k] === null ? '' : String(h[k]),
  })), async (v) => {
    // Only what changed is sent; an emptied field clears the fact (null).
    const body: Record<string, string | number | null> = {};
    for (const k of factNames) {
      const before = h[k] === null ? '' : String(h[k]);
      if (v[k] === before) continue;
      body[k] = v[k] === '' ? null : k === 'labour_members' ? Number(v[k]) : k === 'house_area_m2' || k === 'self_paid' ? decimal(v[k]!) : v[k]!;
    }
    if (Object.keys(body).length === 0) return;
    await send('PATCH', `/api/households/${enc}`, body, etag, 'application/json');
    done();
  });
  return [milestone.element, payment.element, ...(payments.length ? [reversal.element] : []), factsForm.element];
}
