// One edit at a time: draw a new feature or pick an existing one, change its vertices, move it,
// fill its form, then save through the API with the ETag it was read with. A refused save (a
// problem+json, a 412 conflict) keeps the user's geometry and form as they are.
import type Feature from 'ol/Feature';
import type OlMap from 'ol/Map';
import type { Geometry } from 'ol/geom';
import { DoubleClickZoom, Draw, Modify, Snap, Translate } from 'ol/interaction';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Circle as CircleStyle, Fill, Stroke, Style } from 'ol/style';
import { ApiError, getJson, send } from '../api';
import { forbiddenText, refusalText, session } from '../auth';
import { t } from '../i18n';
import { geojson, type LayerHandle } from '../layers';
import { button, el, toast } from '../panels/dom';
import { buildForm, type FormHandle } from '../panels/featureForm';

export type DrawType = 'Polygon' | 'Point' | 'LineString';

const editStyle = new Style({
  stroke: new Stroke({ color: '#00bcd4', width: 3 }),
  fill: new Fill({ color: 'rgba(0,188,212,0.18)' }),
  image: new CircleStyle({ radius: 7, fill: new Fill({ color: '#00bcd4' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
});

interface Editing { collection: string; feature: Feature<Geometry>; id: number | null; etag: string | null; form: FormHandle }

export class EditSession {
  readonly source = new VectorSource<Feature<Geometry>>();
  readonly layer = new VectorLayer({ source: this.source, style: editStyle, zIndex: 100 });
  private draw: Draw | null = null;
  private readonly modify = new Modify({ source: this.source });
  private readonly translate = new Translate({ layers: [this.layer] });
  private readonly snaps: Snap[];
  private current: Editing | null = null;
  picking = false;

  constructor(
    private readonly map: OlMap,
    private readonly layers: LayerHandle[],
    private readonly formHost: HTMLElement,
    snapSources: VectorSource[],
  ) {
    map.addLayer(this.layer);
    map.addInteraction(this.modify);
    map.addInteraction(this.translate);
    // Snap goes last so it sees pointer moves before the others (OpenLayers' rule).
    this.snaps = [this.source, ...snapSources].map((s) => new Snap({ source: s, pixelTolerance: 12 }));
    this.snaps.forEach((s) => map.addInteraction(s));
    this.setEditable(false);
  }

  get active(): boolean { return this.current !== null || this.draw !== null || this.picking; }

  private setEditable(on: boolean): void {
    this.modify.setActive(on);
    this.translate.setActive(on);
  }

  private handle(collection: string): LayerHandle | undefined {
    return this.layers.find((h) => h.def.id === collection);
  }

  /** Starts drawing a new feature of the collection; the form opens when the shape is finished. */
  startDraw(collection: string, type: DrawType, defaults: Record<string, unknown>, hint: string): void {
    this.cancel();
    this.formHost.replaceChildren(el('p', { class: 'hint', 'data-testid': 'edit-hint' }, hint),
      button(t('drawing_cancel'), () => this.cancel(), { 'data-testid': 'draw-cancel' }));
    this.draw = new Draw({ source: this.source, type });
    // The double click that finishes a shape must not also zoom: the map's double-click zoom is off
    // while drawing and comes back after the click that ended it has passed.
    this.doubleClickZoom(false);
    this.draw.on('drawend', (e) => {
      this.map.removeInteraction(this.draw!);
      this.draw = null;
      window.setTimeout(() => { if (!this.draw) this.doubleClickZoom(true); }, 400);
      this.open(collection, e.feature as Feature<Geometry>, null, null, defaults);
    });
    this.map.addInteraction(this.draw);
    // Re-add the snaps so they stay after the draw interaction.
    this.snaps.forEach((s) => { this.map.removeInteraction(s); this.map.addInteraction(s); });
  }

  private doubleClickZoom(on: boolean): void {
    this.map.getInteractions().forEach((i) => { if (i instanceof DoubleClickZoom) i.setActive(on); });
  }

  /** Waits for a click on an editable feature. */
  startPick(): void {
    this.cancel();
    this.picking = true;
    this.formHost.replaceChildren(el('p', { class: 'hint' }, t('select_to_edit')));
  }

  /** Loads the clicked feature with its ETag and opens it for editing. */
  async pick(collection: string, id: number): Promise<void> {
    this.picking = false;
    if (!session.mayEdit(collection)) {
      this.formHost.replaceChildren(el('p', { class: 'error', 'data-testid': 'edit-refused', role: 'alert' },
        forbiddenText(this.handle(collection)?.def.title ?? collection)));
      return;
    }
    const r = await getJson<unknown>(`/ogc/collections/${collection}/items/${id}`);
    const feature = geojson.readFeature(r.body) as Feature<Geometry>;
    // The layer's copy is hidden while its editable twin is on the edit layer.
    const h = this.handle(collection);
    const original = h?.vectorSource?.getFeatureById(id);
    if (original) h!.vectorSource!.removeFeature(original);
    this.source.addFeature(feature);
    this.open(collection, feature, id, r.etag, feature.getProperties());
  }

  private open(collection: string, feature: Feature<Geometry>, id: number | null, etag: string | null, values: Record<string, unknown>): void {
    const form = buildForm(collection, values, {
      save: () => void this.save(),
      remove: id === null ? undefined : () => void this.remove(),
      cancel: () => this.cancel(),
    });
    this.current = { collection, feature, id, etag, form };
    this.setEditable(true);
    this.formHost.replaceChildren(
      el('h3', {}, id === null ? t('new_feature') : `${t('edit')} #${id}`),
      el('p', { class: 'hint' }, t('edit_hint_modify')),
      form.element,
    );
  }

  private body(): unknown {
    const c = this.current!;
    const geometry = geojson.writeGeometryObject(c.feature.getGeometry()!, { decimals: 7 });
    return { type: 'Feature', geometry, properties: c.form.values() };
  }

  async save(overwrite = false): Promise<boolean> {
    const c = this.current;
    if (!c) return false;
    c.form.setBusy(true);
    try {
      if (overwrite && c.id !== null) c.etag = (await getJson<unknown>(`/ogc/collections/${c.collection}/items/${c.id}`)).etag;
      const r = c.id === null
        ? await send<{ id: number }>('POST', `/api/${c.collection}`, this.body())
        : await send<{ id: number }>('PUT', `/api/${c.collection}/${c.id}`, this.body(), c.etag);
      toast(t('saved'));
      this.finish(c.collection);
      document.dispatchEvent(new CustomEvent('rp:saved', { detail: { collection: c.collection, id: r.body?.id ?? c.id } }));
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.explain(c, e);
      return false;
    } finally {
      c.form.setBusy(false);
    }
  }

  private explain(c: Editing, e: ApiError): void {
    if (e.status === 412) {
      c.form.showProblem({ ...e.problem, detail: t('conflict') }, [
        button(t('reload_latest'), () => void this.reloadLatest(), { 'data-testid': 'reload-latest' }),
        button(t('overwrite'), () => void this.save(true), { 'data-testid': 'overwrite' }),
      ]);
    } else if (e.status === 401 || e.status === 403) {
      // The edit stays in the form and on the map: the user can sign in (again) and save.
      const text = refusalText(e.status, this.handle(c.collection)?.def.title ?? c.collection)!;
      c.form.showProblem({ ...e.problem, detail: text, errors: [] });
    } else {
      c.form.showProblem({ ...e.problem, detail: t('save_failed') + (e.problem.detail ?? e.problem.title ?? '') });
    }
  }

  private async reloadLatest(): Promise<void> {
    const c = this.current;
    if (!c || c.id === null) return;
    const r = await getJson<unknown>(`/ogc/collections/${c.collection}/items/${c.id}`);
    const fresh = geojson.readFeature(r.body) as Feature<Geometry>;
    c.feature.setGeometry(fresh.getGeometry());
    c.form.setValues(fresh.getProperties());
    c.form.showProblem(null);
    c.etag = r.etag;
  }

  async remove(): Promise<void> {
    const c = this.current;
    if (!c || c.id === null || !window.confirm(t('confirm_delete'))) return;
    try {
      await send('DELETE', `/api/${c.collection}/${c.id}`, undefined, c.etag);
      toast(t('deleted'));
      this.finish(c.collection);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.explain(c, e);
    }
  }

  private finish(collection: string): void {
    this.current = null;
    this.source.clear();
    this.setEditable(false);
    this.formHost.replaceChildren();
    this.handle(collection)?.refresh();
  }

  cancel(): void {
    if (this.draw) { this.map.removeInteraction(this.draw); this.draw = null; this.doubleClickZoom(true); }
    const c = this.current;
    this.current = null;
    this.picking = false;
    this.source.clear();
    this.setEditable(false);
    this.formHost.replaceChildren();
    if (c && c.id !== null) this.handle(c.collection)?.refresh();
  }
}
