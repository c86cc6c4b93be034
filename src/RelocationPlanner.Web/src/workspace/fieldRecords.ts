// The field endpoints' answers as the household page reads them (docs/field.md): the service's
// named records (generated/openapi.ts). Only what the service keeps as free JSON is read here.
import type { Schemas } from '../schemas';

/** GET /api/evidence/{id}/document, and each item of GET /api/households/{code}/evidence. */
export type EvidenceDocument = Schemas['EvidenceDocument'];

export type EvidenceList = Schemas['HouseholdEvidence'];

/**
 * What a field change or the server holds (kept as the JSON the change was sent in, so the
 * service's document says only "JSON"): a milestone's step and date, or an inspection's result.
 */
export interface FieldRecord {
  step?: string | null;
  date?: string | null;
  outcome?: string | null;
  fields?: string[] | null;
  note?: string | null;
  [key: string]: unknown;
}

/** One conflict of GET /api/households/{code}/conflicts, and the answer of accept / reject. */
export type FieldConflict = Omit<Schemas['ConflictRow'], 'change' | 'server'> & { change: FieldRecord; server: FieldRecord };

export type ConflictList = Omit<Schemas['ConflictList'], 'conflicts'> & { conflicts: FieldConflict[] };

/** The properties of a point of GET /api/evidence.geojson (GeoJSON the database writes; the document says only geo+json). */
export interface PhotoPoint { id: number; household_code: string | null; site_code: string | null; step: string; taken_at: string; flags: string[]; thumbnail: string }
