// The analysis box under the layer list: the suitability surface's switch, its state (cell size,
// cells) and its legend (score classes and the excluded colour).
import { fmtDistance, fmtNumber, onLangChange, t, tf } from '../i18n';
import { excludedColour, surfaceClasses, type SurfaceLayer, type SurfaceState } from '../layers/surface';
import { el } from './dom';

function statusText(s: SurfaceState): string {
  switch (s.kind) {
    case 'off': return '';
    case 'loading': return `${t('loading')} (${fmtDistance(s.cellM)})`;
    case 'ready': return tf('surface_status', { cell: fmtDistance(s.cellM), n: fmtNumber(s.cells) });
    case 'outside': return t('surface_outside');
    case 'error': return t('surface_failed') + s.message;
  }
}

export function mountAnalysis(host: HTMLElement, surface: SurfaceLayer): void {
  const box = el('section', { class: 'analysis', 'data-testid': 'analysis' });
  host.append(box);
  const status = el('p', { class: 'hint', 'data-testid': 'surface-status', role: 'status' });
  const render = () => {
    const toggle = el('input', { type: 'checkbox', 'data-testid': 'surface-toggle' }) as HTMLInputElement;
    toggle.checked = surface.layer.getVisible();
    toggle.addEventListener('change', () => surface.setVisible(toggle.checked));
    const legend = el('ul', { class: 'legend-entries surface-legend', 'data-testid': 'surface-legend' });
    for (const c of [...surfaceClasses].reverse()) {
      legend.append(el('li', {}, el('span', { class: 'ramp', style: `background:${c.colour}` }), el('span', {}, tf('score_class', { a: c.min, b: Math.round(c.max) }))));
    }
    legend.append(el('li', {}, el('span', { class: 'ramp', style: `background:${excludedColour}` }), el('span', {}, t('surface_excluded'))));
    status.textContent = statusText(surface.state);
    box.replaceChildren(el('h2', {}, t('analysis')),
      el('label', { class: 'layer-title' }, toggle, el('span', {}, t('suitability_surface'))), legend, status);
  };
  surface.onChange((s) => { status.textContent = statusText(s); status.dataset.state = s.kind; });
  render();
  onLangChange(render);
}
