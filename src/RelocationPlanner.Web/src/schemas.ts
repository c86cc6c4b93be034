// The service's request and answer shapes, generated from its OpenAPI document
// (generated/openapi.ts, `npm run api-types`): the client imports them from here, never copies them.
import type { components } from './generated/openapi';

export type Schemas = components['schemas'];
