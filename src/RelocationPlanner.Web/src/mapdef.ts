// The map definition served by GET /api/map (snake_case JSON): layers, sources, styles, legend,
// as the service's OpenAPI document describes them (generated/openapi.ts).
import type { Schemas } from './schemas';

export type Text = Schemas['Text'];
export type Paint = Schemas['Paint'];
export type StyleCase = Schemas['StyleCase'];
export type StyleFacet = Schemas['StyleFacet'];
export type LayerStyle = Schemas['LayerStyle'];
export type LegendEntry = Schemas['LegendEntry'];
export type MapLayerDef = Schemas['MapLayer'];
export type MapDefinition = Schemas['MapDefinition'];
