// The field endpoints' answers as the household page reads them (docs/field.md). The service now
// names these records (ConflictList, ConflictRow, EvidenceDocument in generated/openapi.ts), but the
// document leaves their numbers and dates optional and change/server untyped; until it marks them
// required these shapes stay here, once, and nowhere else.

/** GET /api/evidence/{id}/document, and each item of GET /api/households/{code}/evidence. */
export interface EvidenceDocument {
  id: number;
  household_code: string | null;
  site_code: string | null;
  step: string;
  taken_at: string;
  lon: number;
  lat: number;
  accuracy_m: number | null;
  device: string | null;
  media_type: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
  exif: { taken_at: string | null; lon: number | null; lat: number | null } | null;
  distance_m: number | null;
  flags: string[];
  created_at: string;
  created_by: string;
  url: string;
  thumbnail: string;
}

export interface EvidenceList { household_code: string; evidence: EvidenceDocument[] }

/** What a field change or the server holds: a milestone's step and date, or an inspection result. */
export interface FieldRecord {
  step?: string | null;
  date?: string | null;
  outcome?: string | null;
  fields?: string[] | null;
  note?: string | null;
  [key: string]: unknown;
}

/** One conflict of GET /api/households/{code}/conflicts, and the answer of accept / reject. */
export interface FieldConflict {
  id: number;
  change_id: number;
  household_code: string;
  kind: 'milestone' | 'inspection_result' | string;
  package_id: number | null;
  change: FieldRecord;
  server: FieldRecord;
  reason: string;
  created_at: string;
  created_by: string;
  status: 'open' | 'accepted' | 'rejected';
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
}

export interface ConflictList { household_code: string; conflicts: FieldConflict[] }

/** The properties of a point of GET /api/evidence.geojson. */
export interface PhotoPoint { id: number; household_code: string | null; site_code: string | null; step: string; taken_at: string; flags: string[]; thumbnail: string }
