// The map definition served by GET /api/map (snake_case JSON): layers, sources, styles, legend.

export interface Text { zh: string; en: string }

export interface Paint {
  stroke?: string | null;
  width?: number | null;
  fill?: string | null;
  dash?: number[] | null;
  symbol?: string | null;
  radius?: number | null;
}

export interface StyleCase { paint: Paint; label: Text; value?: string | null; min?: number | null; max?: number | null }
export interface StyleFacet { property: string; cases: StyleCase[] }
export interface LayerStyle { geometry: 'point' | 'line' | 'polygon'; base: Paint; facets: StyleFacet[]; label_property?: string | null }
export interface LegendEntry { label: Text; geometry: 'point' | 'line' | 'polygon'; paint: Paint }

export interface MapLayerDef {
  id: string;
  title: Text;
  source: { kind: 'mvt' | 'ogc'; collection: string; url: string };
  min_zoom: number;
  max_zoom: number;
  visible: boolean;
  editable: boolean;
  style: LayerStyle;
  legend: LegendEntry[];
}

export interface MapDefinition {
  crs: string;
  storage_crs: string;
  view: { center: [number, number]; zoom: number; extent: [number, number, number, number] };
  basemap_url: string | null;
  tile_url: string;
  layers: MapLayerDef[];
}
