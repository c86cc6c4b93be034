// The layer list: an on/off switch per layer, with the legend entries the server defined. The list
// may change (the photo layer comes and goes with who is signed in): the answer draws it again.
import { onLangChange, pick, t } from '../i18n';
import type { LayerHandle } from '../layers';
import { swatch } from '../layers/style';
import { el } from './dom';

export function mountLegend(host: HTMLElement, current: () => LayerHandle[]): () => void {
  const render = () => {
    const layers = current();
    host.replaceChildren(el('h2', {}, t('layers')));
    const list = el('ul', { class: 'legend', 'data-testid': 'legend' });
    // Top of the list = drawn on top (the layers' z-index, ../layers/index.ts).
    for (const h of [...layers].sort((a, b) => (b.layer.getZIndex() ?? 0) - (a.layer.getZIndex() ?? 0))) {
      const box = el('input', { type: 'checkbox', 'data-layer': h.def.id }) as HTMLInputElement;
      box.checked = h.layer.getVisible();
      box.addEventListener('change', () => h.layer.setVisible(box.checked));
      const title = el('label', { class: 'layer-title' }, box, el('span', { class: 'layer-name' }, pick(h.def.title)));
      const entries = el('ul', { class: 'legend-entries' });
      for (const e of h.def.legend) {
        const li = el('li', {});
        li.innerHTML = swatch(e.geometry, e.paint);
        li.append(el('span', {}, pick(e.label)));
        entries.append(li);
      }
      list.append(el('li', { class: 'legend-layer', 'data-layer': h.def.id }, title, entries));
    }
    host.append(list);
  };
  render();
  onLangChange(render);
  return render;
}
