// The work package: what the officer takes into the field (households, sites, the map's
// features), downloaded once with a network and kept on the device.
import { ApiError, problemLines, send } from '../../api';
import { fmtDate, t, tf, term } from '../../i18n';
import { button, el } from '../../panels/dom';
import { queue, savePackage } from '../db';
import type { WorkPackage } from '../types';
import { field, go } from '../ui';
import type { Me } from '../../auth';
import { signOutDevice } from './signin';

type Mode = 'unit' | 'sites' | 'inspection';

function request(mode: Mode, value: string): unknown {
  if (mode === 'unit') return { unit_code: value.trim() };
  if (mode === 'sites') return { site_codes: value.split(/[,，\s]+/).filter(Boolean) };
  return { inspection_id: Number(value) };
}

export async function packageScreen(pkg: WorkPackage | null, me: Me): Promise<HTMLElement> {
  const mode = el('select', { 'data-testid': 'package-mode' }, ...([['unit', 'field_package_by_unit'], ['sites', 'field_package_by_sites'], ['inspection', 'field_package_by_inspection']] as const)
    .map(([v, k]) => el('option', { value: v }, t(k)))) as HTMLSelectElement;
  const value = el('input', { type: 'text', 'data-testid': 'package-value', inputmode: 'text' }) as HTMLInputElement;
  const status = el('p', { class: 'hint', 'data-testid': 'package-status' });
  const download = async () => {
    const unsent = (await queue()).filter((c) => c.state === 'waiting').length;
    if (unsent > 0) { status.textContent = tf('field_package_replace', { n: unsent }); return; }
    status.textContent = t('field_downloading');
    try {
      const got = (await send<WorkPackage>('POST', '/api/field/packages', request(mode.value as Mode, value.value), null, 'application/json')).body!;
      await savePackage(got);
      go({ name: 'households' });
    } catch (e) {
      status.textContent = e instanceof ApiError ? problemLines(e.problem).join(' ') : String(e);
    }
  };
  const info = pkg
    ? el('p', { 'data-testid': 'package-info', 'data-package': String(pkg.id) }, tf('field_package_info', {
      id: pkg.id, households: pkg.households.length, sites: pkg.sites.features.length, expires: fmtDate(pkg.expires_at) }))
    : el('p', { class: 'hint', 'data-testid': 'package-info' }, t('field_package_none'));
  return el('section', { class: 'card' },
    el('h2', {}, t('field_tab_package')),
    info,
    field(t('field_tab_package'), mode),
    value,
    button(t('field_download'), () => void download(), { class: 'primary', 'data-testid': 'download' }),
    status,
    el('p', { class: 'hint' }, `${me.name} · ${term(me.role)}`),
    button(t('sign_out'), () => void signOutDevice().then(() => location.reload()), { 'data-testid': 'sign-out' }));
}
