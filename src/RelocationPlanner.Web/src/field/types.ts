// The work package and the queue, as the field API sends and takes them (docs/field.md).
/** GeoJSON as received: handed to OpenLayers' reader unchanged. */
export interface FeatureCollection { type: 'FeatureCollection'; features: Array<{ properties: Record<string, unknown> | null }> }

export interface PackageHousehold {
  code: string; head_name: string; members: number; unit_code: string; site_code: string | null;
  version: number; status: string; milestones: Record<string, string | null>;
  lon: number | null; lat: number | null; origin: { code: string; lon: number; lat: number } | null;
}

export interface WorkPackage {
  id: number; created_at: string; created_by: string; expires_at: string;
  bbox: [number, number, number, number];
  households: PackageHousehold[];
  sites: FeatureCollection;
  features: Record<string, FeatureCollection>;
  steps: string[];
  inspection: { id: number; households: string[] } | null;
}

export interface Fix { lon: number; lat: number; accuracy_m: number; at: string }

/** A photo waiting with its change: sent first (POST /api/evidence), its id then goes with the change. */
export interface QueuedPhoto {
  key: string; blob: Blob; name: string;
  metadata: { household_code: string; step: string; taken_at: string; lon: number | null; lat: number | null; accuracy_m: number | null; device: string };
  evidence_id: number | null;
}

export interface ChangeBase {
  package_id: number; household_code: string; base_version: number;
  lon: number | null; lat: number | null; accuracy_m: number | null; recorded_at: string; device: string;
}

/** What was observed: a milestone with its date, or an inspection's result. */
export type ChangeWhat =
  | { kind: 'milestone'; step: string; date: string }
  | { kind: 'inspection_result'; inspection_id: number; outcome: 'verified' | 'discrepancy'; fields: string[]; note: string };

export type ChangeBody = ChangeBase & ChangeWhat;

export type QueueState = 'waiting' | 'sent' | 'conflict' | 'refused';

export interface QueuedChange {
  key: string;            // the Idempotency-Key: the same on every resend
  created_at: string;
  state: QueueState;
  body: ChangeBody;
  photos: QueuedPhoto[];
  answer: Record<string, unknown> | null;   // the server's answer (applied / conflict)
  error: string | null;                     // why it was refused, or the last transport failure
  tries: number;
}
