// The administrative units as a tree, for the unit pickers: read once from the OGC collection
// (code, name, level, parent_code) and kept; options are indented by depth under their parent.
import type { FeatureCollection, Geometry } from 'geojson';
import { getJson } from '../api';
import { el } from '../panels/dom';

/** The properties of an admin_units item the pickers read (OGC items are described by their queryables, not the service's OpenAPI document). */
export interface Unit { code: string; name: string; level: string; parent_code: string | null }

let cache: Promise<Unit[]> | null = null;

export function units(): Promise<Unit[]> {
  cache ??= getJson<FeatureCollection<Geometry, Unit>>('/ogc/collections/admin_units/items?limit=10000')
    .then((r) => r.body.features.map((f) => f.properties))
    .catch((e: unknown) => { cache = null; throw e; });
  return cache;
}

/** Units in tree order (each followed by its children), with their depth. */
export function treeOrder(all: Unit[]): Array<{ unit: Unit; depth: number }> {
  const children = new Map<string | null, Unit[]>();
  const known = new Set(all.map((u) => u.code));
  for (const u of all) {
    const parent = u.parent_code && known.has(u.parent_code) ? u.parent_code : null;
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(u);
  }
  const out: Array<{ unit: Unit; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A select of the unit tree (first option: all), its value the unit code. */
export async function unitSelect(id: string, allLabel: string, selected: string | null): Promise<HTMLSelectElement> {
  const s = el('select', { id, 'data-testid': id }) as HTMLSelectElement;
  s.append(el('option', { value: '' }, allLabel));
  for (const { unit, depth } of treeOrder(await units())) {
    const o = el('option', { value: unit.code }, `${'\u3000'.repeat(depth)}${unit.name} (${unit.code})`) as HTMLOptionElement;
    if (unit.code === selected) o.selected = true;
    s.append(o);
  }
  return s;
}
