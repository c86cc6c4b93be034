// The work package and the queue, as the field API sends and takes them (docs/field.md): the
// shapes are the service's (generated from its OpenAPI document); the queue records are the app's own.
import type { FeatureCollection } from 'geojson';
import type { Schemas } from '../schemas';

export type PackageHousehold = Schemas['FieldHousehold'];

/** A work package as downloaded (FieldPackage), its layers read as GeoJSON (the document says only JSON) and handed to OpenLayers' reader unchanged. */
export type WorkPackage = Omit<Schemas['FieldPackage'], 'sites' | 'features'> & { sites: FeatureCollection; features: Record<string, FeatureCollection> };

/** The server's answer to a change: applied (201) or kept as a conflict (202). */
export type ChangeAnswer = Schemas['ChangeApplied'] | Schemas['ChangeConflict'];

export interface Fix { lon: number; lat: number; accuracy_m: number; at: string }

/** A photo waiting with its change: sent first (POST /api/evidence), its id then goes with the change. */
export interface QueuedPhoto {
  key: string; blob: Blob; name: string;
  metadata: { household_code: string; step: string; taken_at: string; lon: number | null; lat: number | null; accuracy_m: number | null; device: string };
  evidence_id: number | null;
}

/** The members of a change (FieldChangeBody) every kind carries. */
export type ChangeBase = Pick<Schemas['FieldChangeBody'], 'package_id' | 'household_code' | 'base_version' | 'lon' | 'lat' | 'accuracy_m'> & { recorded_at: string; device: string };

/** What was observed: FieldChangeBody's members of each kind, required for that kind: a milestone with its date, or an inspection's result. */
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
  answer: ChangeAnswer | null;              // the server's answer (applied / conflict)
  error: string | null;                     // why it was refused, or the last transport failure
  tries: number;
}
