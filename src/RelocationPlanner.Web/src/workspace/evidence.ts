// A household's photo evidence on its page: a thumbnail per photo (a click opens the photo), the step
// it proves, when and where it was taken (with the phone's accuracy), the device, and the service's
// flags (far from the site, EXIF position or time disagreeing). Photos are personal data: they are
// read with the bearer token and shown from blob URLs, never linked bare.
import { ApiError, headers, problemOf } from '../api';
import { fmtDistance, fmtNumber, locale, t, term, tf, type MsgKey } from '../i18n';
import { button, el } from '../panels/dom';
import type { EvidenceDocument } from './fieldRecords';

/** An image read with the signed-in user's token; its blob URL is let go once it is drawn. */
export function authorisedImage(url: string, alt: string, attrs: Record<string, string> = {}): HTMLImageElement {
  const img = el('img', { alt, ...attrs }) as HTMLImageElement;
  void fetch(url, { headers: headers({ Accept: 'image/*' }) }).then(async (r) => {
    if (!r.ok) throw new ApiError(await problemOf(r));
    const src = URL.createObjectURL(await r.blob());
    img.addEventListener('load', () => { URL.revokeObjectURL(src); img.dataset.loaded = '1'; }, { once: true });
    img.src = src;
  }).catch(() => { img.dataset.failed = '1'; img.alt = `${alt} (${t('photo_failed')})`; });
  return img;
}

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : t('none'));

/** The photo itself in a dialog over the page. */
export function openPhoto(e: Pick<EvidenceDocument, 'id' | 'url' | 'step' | 'taken_at'>, code: string): void {
  const d = el('dialog', { class: 'photo-viewer', 'data-testid': 'photo-viewer' }) as HTMLDialogElement;
  d.append(el('p', {}, tf('photo_of', { code, step: term(e.step), when: when(e.taken_at) })),
    authorisedImage(e.url, t('open_photo'), { 'data-testid': 'photo-full', 'data-evidence': String(e.id) }),
    el('div', { class: 'form-actions' }, button(t('close'), () => d.close(), { 'data-testid': 'photo-close' })));
  d.addEventListener('close', () => d.remove());
  d.addEventListener('click', (ev) => { if (ev.target === d) d.close(); });
  document.body.append(d);
  d.showModal();
}

/** A flag in words (an unknown one as the service names it). */
export function flagBadge(flag: string): HTMLElement {
  return el('span', { class: 'flag', 'data-flag': flag }, t(`flag_${flag}` as MsgKey) ?? flag);
}

function card(e: EvidenceDocument, code: string): HTMLElement {
  const thumb = button('', () => openPhoto(e, code), { class: 'thumb', title: t('open_photo'), 'data-testid': 'evidence-open' });
  thumb.append(authorisedImage(e.thumbnail, `${term(e.step)} ${e.taken_at}`, { 'data-testid': 'evidence-thumb' }));
  const position = `${e.lon.toFixed(5)}, ${e.lat.toFixed(5)}` + (e.accuracy_m !== null ? ` · ${tf('accuracy_m', { m: fmtNumber(e.accuracy_m, 1) })}` : '');
  const rows: Array<[string, string | Node]> = [
    [t('evidence_step'), el('strong', {}, term(e.step))],
    [t('taken_at'), el('time', { datetime: e.taken_at }, when(e.taken_at))],
    [t('position'), el('span', { 'data-testid': 'evidence-position', 'data-lon': String(e.lon), 'data-lat': String(e.lat) }, position)],
    [t('device'), e.device ?? t('none')],
    [t('uploaded_by'), `${e.created_by} · ${when(e.created_at)}`],
  ];
  if (e.distance_m !== null) rows.push(['', tf('distance_to_site', { d: fmtDistance(e.distance_m) })]);
  if (e.exif?.taken_at && e.flags.includes('exif_time_differs')) rows.push([t('exif_time'), when(e.exif.taken_at)]);
  return el('li', { class: 'evidence-card', 'data-evidence': String(e.id), 'data-step': e.step },
    thumb,
    el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    e.flags.length ? el('div', { class: 'flags', 'data-testid': 'evidence-flags' }, ...e.flags.map((f) => flagBadge(f))) : null);
}

/** The household's photos, oldest first, as the service lists them. */
export function evidenceList(items: EvidenceDocument[], code: string): HTMLElement {
  if (!items.length) return el('p', { class: 'muted', 'data-testid': 'no-evidence' }, t('no_evidence'));
  return el('ul', { class: 'evidence', 'data-testid': 'evidence' }, ...items.map((e) => card(e, code)));
}
