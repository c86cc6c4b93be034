// The unit pickers: one select showing the administrative tree where it is open (the top units,
// each ancestor's children, the chosen unit's own), indented by depth. Choosing a unit reads the
// tree again opened there (GET /api/map/unit-tree), so a national tree of ~170k units is never
// read whole.
import { getJson } from '../api';
import { el } from '../panels/dom';
import type { Schemas } from '../schemas';

type Tree = Schemas['UnitTree'];

async function tree(open: string | null): Promise<Tree> {
  const url = `/api/map/unit-tree${open ? `?open=${encodeURIComponent(open)}` : ''}`;
  // A code that is no unit (an old link) opens the picker at the top.
  return open ? getJson<Tree>(url).then((r) => r.body, () => tree(null)) : (await getJson<Tree>(url)).body;
}

/** The options of a tree: each list's units, the next list nested under its parent. */
export function treeOptions(t: Tree): Array<{ code: string; label: string; depth: number }> {
  const out: Array<{ code: string; label: string; depth: number }> = [];
  const walk = (i: number, depth: number) => {
    for (const u of t.lists[i]?.units ?? []) {
      out.push({ code: u.code, label: `${u.name} (${u.code})`, depth });
      if (t.lists[i + 1]?.parent === u.code) walk(i + 1, depth + 1);
    }
  };
  walk(0, 0);
  return out;
}

/** A select of the unit tree (first option: all), its value the unit code. */
export async function unitSelect(id: string, allLabel: string, selected: string | null): Promise<HTMLSelectElement> {
  const s = el('select', { id, 'data-testid': id }) as HTMLSelectElement;
  const fill = (t: Tree) => {
    const open = t.open ?? '';
    s.replaceChildren(el('option', { value: '' }, allLabel), ...treeOptions(t).map(({ code, label, depth }) => {
      const o = el('option', { value: code }, `${'\u3000'.repeat(depth)}${label}`) as HTMLOptionElement;
      o.selected = code === open;
      return o;
    }));
    s.dataset.open = open;
  };
  fill(await tree(selected));
  s.addEventListener('change', () => {
    const chosen = s.value || null;
    s.setAttribute('aria-busy', 'true');
    void tree(chosen).then(fill).finally(() => s.removeAttribute('aria-busy'));
  });
  return s;
}
