// A site's score as GET /api/sites/{id}/score gives it, read for the details panel and the comparison
// (both import it from here, so neither imports the other).
import { ApiError, getOptional } from '../api';
import type { ScoreLine } from '../layers/scoreLines';

/** One criterion of GET /api/sites/{id}/score (Api/Scoring/SiteEvaluator.cs: CriterionResult). */
export interface CriterionScore {
  criterion: string;
  distance_m: number | null;
  network_distance_m?: number | null;
  score: number;
  weight: number;
}
/** The feature nearest to the site for a criterion; points are [lon, lat]. */
export interface NearestFeature {
  criterion: string;
  layer: string;
  id: number;
  code: string;
  distance_m: number;
  point: [number, number];
  site_point: [number, number];
}
export interface SiteScore {
  score: number;
  excluded: boolean;
  reasons: string[];
  criteria: CriterionScore[];
  nearest?: NearestFeature[];
  profile?: { code: string; version: number };
}

/** The body of GET /api/sites/{id}/score: { site_id, profile, data_version, result: {...} }. */
export function readScore(body: unknown): SiteScore | null {
  const b = body as { profile?: SiteScore['profile']; result?: Omit<SiteScore, 'profile'> } | null;
  if (!b?.result || typeof b.result.score !== 'number') return null;
  return { ...b.result, criteria: b.result.criteria ?? [], reasons: b.result.reasons ?? [], profile: b.profile };
}

/** A line from the site to each nearest feature, as the score reports them. */
export function linesOf(s: SiteScore): ScoreLine[] {
  return (s.nearest ?? []).map((n) => ({
    criterion: n.criterion,
    code: n.code,
    distance_m: n.distance_m,
    geometry: { type: 'LineString', coordinates: [n.site_point, n.point] },
  }));
}

export async function fetchScore(id: string | number): Promise<SiteScore | 'unavailable'> {
  try {
    const r = await getOptional<unknown>(`/api/sites/${encodeURIComponent(String(id))}/score`);
    return (r && readScore(r.body)) || 'unavailable';
  } catch (e) {
    if (e instanceof ApiError) return 'unavailable';
    throw e;
  }
}
