// Builds the map's layers from /api/map: vector tiles for the big layers, bbox-loaded OGC API
// items for the small (editable) ones, and the optional XYZ base map from configuration.
import type Feature from 'ol/Feature';
import type { FeatureLoader } from 'ol/featureloader';
import GeoJSON from 'ol/format/GeoJSON';
import MVT from 'ol/format/MVT';
import TileLayer from 'ol/layer/Tile';
import VectorLayer from 'ol/layer/Vector';
import VectorTileLayer from 'ol/layer/VectorTile';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import { transformExtent } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import VectorTileSource from 'ol/source/VectorTile';
import XYZ from 'ol/source/XYZ';
import { getJson } from '../api';
import type { MapDefinition, MapLayerDef } from '../mapdef';
import { styleFunction } from './style';

export const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

/** Features of the OGC API are small enough to take whole per view; this bounds a page. */
const PAGE = 10000;

export interface LayerHandle {
  def: MapLayerDef;
  layer: VectorLayer<VectorSource> | VectorTileLayer;
  /** Reloads the layer's data (after a save). */
  refresh(): void;
  /** The vector source for OGC-backed layers (editable in place). */
  vectorSource?: VectorSource;
}

/** The selected feature ids per layer, drawn highlighted. */
export const selection = new Map<string, Set<string | number>>();

/**
 * Loads a bbox-strategy source from an OGC API items URL: the view's extent in degrees (inside the
 * world's bounds, as the OGC API wants), adding the features that `keep` allows.
 */
export function ogcItemsLoader(source: VectorSource, urlFor: (bbox: string) => string, keep: (f: Feature) => boolean = () => true): FeatureLoader<Feature> {
  return (extent, _resolution, projection, success, failure) => {
    const bbox = transformExtent(extent, projection, 'EPSG:4326')
      .map((v, i) => (i % 2 === 0 ? Math.max(-180, Math.min(180, v)) : Math.max(-90, Math.min(90, v))).toFixed(6)).join(',');
    getJson<unknown>(urlFor(bbox))
      .then(({ body }) => {
        const fresh = (geojson.readFeatures(body) as Feature[]).filter(keep);
        source.addFeatures(fresh);
        success?.(fresh);
      })
      .catch(() => { source.removeLoadedExtent(extent); failure?.(); });
  };
}

function ogcLayer(def: MapLayerDef): LayerHandle {
  const source: VectorSource = new VectorSource({ format: geojson, strategy: bboxStrategy });
  // Keep features that are being edited (same id) as the user left them.
  source.setLoader(ogcItemsLoader(source, (bbox) => `${def.source.url}?bbox=${bbox}&limit=${PAGE}`,
    (f) => { const id = f.getId(); return id === undefined || !source.getFeatureById(id); }));
  if (!selection.has(def.id)) selection.set(def.id, new Set());
  const layer = new VectorLayer({
    source,
    style: styleFunction(def.style, { selected: () => selection.get(def.id)! }),
    minZoom: def.min_zoom - 0.001,
    maxZoom: def.max_zoom,
    visible: def.visible,
    // Town and site names share one declutter group, so they never overlap; unit names have their own
    // (behind the points they would otherwise all give way to).
    declutter: def.id === 'admin_units' ? 'units' : def.style.label_property ? 'labels' : def.style.geometry === 'point' ? def.id : false,
    properties: { id: def.id },
  });
  return { def, layer, vectorSource: source, refresh: () => source.refresh() };
}

function mvtLayer(def: MapLayerDef): LayerHandle {
  const source = new VectorTileSource({
    format: new MVT(),
    url: def.source.url ?? undefined,
    // Past z14 tiles are overzoomed: fewer requests, same detail (4096 units per tile).
    maxZoom: 14,
  });
  if (!selection.has(def.id)) selection.set(def.id, new Set());
  const layer = new VectorTileLayer({
    source,
    style: styleFunction(def.style, { labelMinResolution: 10, selected: () => selection.get(def.id)! }),
    minZoom: def.min_zoom - 0.001,
    maxZoom: def.max_zoom,
    visible: def.visible,
    renderMode: 'hybrid',
    properties: { id: def.id },
  });
  return {
    def, layer,
    refresh: () => { source.clear(); source.refresh(); },
  };
}

const drawOrder = ['admin_units', 'power_lines', 'roads', 'settlements', 'wells', 'towns', 'sites'];

export function createLayers(map: MapDefinition): { base: TileLayer<XYZ> | null; layers: LayerHandle[] } {
  const base = map.basemap_url ? new TileLayer({ source: new XYZ({ url: map.basemap_url, crossOrigin: 'anonymous' }) }) : null;
  const layers = map.layers.map((def) => (def.source.kind === 'mvt' ? mvtLayer(def) : ogcLayer(def)));
  // Drawn bottom to top: units, power lines under roads, then points, the sites on top of all.
  for (const h of layers) { const i = drawOrder.indexOf(h.def.id); h.layer.setZIndex(i < 0 ? 0 : i + 1); }
  return { base, layers };
}
