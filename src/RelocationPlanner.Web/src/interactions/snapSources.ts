// What drawing snaps to: unit boundaries (the admin layer's own features) and roads, which the map
// shows as vector tiles and so are loaded here as full geometries for the current view (zoom >= 11).
import VectorLayer from 'ol/layer/Vector';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import { transformExtent } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { geojson, type LayerHandle } from '../layers';

export function roadSnapLayer(): VectorLayer<VectorSource> {
  const source: VectorSource = new VectorSource({
    strategy: bboxStrategy,
    loader: (extent, _r, projection, success, failure) => {
      const b = transformExtent(extent, projection, 'EPSG:4326').map((v) => v.toFixed(6)).join(',');
      fetch(`/ogc/collections/roads/items?bbox=${b}&limit=20000`)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((json) => { const fs = geojson.readFeatures(json); source.addFeatures(fs); success?.(fs); })
        .catch(() => { source.removeLoadedExtent(extent); failure?.(); });
    },
  });
  // Rendered invisibly (the tiles draw roads): the layer only drives loading for the view.
  return new VectorLayer({ source, minZoom: 11, style: () => undefined });
}

export function boundarySources(layers: LayerHandle[]): VectorSource[] {
  return layers.filter((h) => h.def.id === 'admin_units' && h.vectorSource).map((h) => h.vectorSource!);
}
