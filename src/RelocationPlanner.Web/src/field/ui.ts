// Small pieces the field screens share: step names, the position line, the screen switch.
import { fmtNumber, t, tf, term, type MsgKey } from '../i18n';
import { el } from '../panels/dom';
import { position } from './device';

export type Screen = { name: 'signin' | 'package' | 'households' | 'map' | 'queue' } | { name: 'household'; code: string };

let show: (s: Screen) => void = () => undefined;
export const go = (s: Screen): void => show(s);
export function setNavigator(f: (s: Screen) => void): void { show = f; }

/** A milestone step in the interface language (the registry's own words when the catalogue has them). */
export function stepLabel(step: string): string {
  const key = `field_${step}` as MsgKey;
  return t(key) !== undefined ? t(key) : term(step);
}

function positionText(): { text: string; ok: boolean } {
  const f = position.fix();
  if (f) return { ok: true, text: tf('field_position', { lat: fmtNumber(f.lat, 5), lon: fmtNumber(f.lon, 5), acc: fmtNumber(f.accuracy_m, 0) }) };
  return { ok: false, text: position.error() ? tf('field_position_denied', { reason: position.error()! }) : t('field_no_position') };
}

/** "Position 39.61, 109.80 · accuracy ±12 m", or why there is none; follows the phone while shown. */
export function positionLine(): HTMLElement {
  const p = el('p', { 'data-testid': 'position' });
  const draw = () => {
    const { text, ok } = positionText();
    p.textContent = text;
    p.className = `position ${ok ? 'ok' : 'none'}`;
    p.dataset.ok = ok ? '1' : '0';
    const f = position.fix();
    if (f) Object.assign(p.dataset, { lon: String(f.lon), lat: String(f.lat), accuracy: String(f.accuracy_m) });
  };
  draw();
  let seen = false;
  position.onChange(() => {
    seen ||= p.isConnected;
    if (seen && !p.isConnected) return false;
    draw();
    return true;
  });
  return p;
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return el('label', { class: 'field-row' }, el('span', {}, label), input);
}
