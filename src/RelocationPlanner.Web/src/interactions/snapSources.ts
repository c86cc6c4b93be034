// What drawing snaps to: unit boundaries (the admin layer's own features) and roads, which the map
// shows as vector tiles and so are loaded here as full geometries for the current view (zoom >= 11).
import VectorLayer from 'ol/layer/Vector';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import VectorSource from 'ol/source/Vector';
import { ogcItemsLoader, type LayerHandle } from '../layers';

export function roadSnapLayer(): VectorLayer<VectorSource> {
  const source = new VectorSource({ strategy: bboxStrategy });
  source.setLoader(ogcItemsLoader(source, (bbox) => `/ogc/collections/roads/items?bbox=${bbox}&limit=20000`));
  // Rendered invisibly (the tiles draw roads): the layer only drives loading for the view.
  return new VectorLayer({ source, minZoom: 11, style: () => undefined });
}

export function boundarySources(layers: LayerHandle[]): VectorSource[] {
  return layers.filter((h) => h.def.id === 'admin_units' && h.vectorSource).map((h) => h.vectorSource!);
}
