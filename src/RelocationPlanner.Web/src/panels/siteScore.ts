// A site's score as GET /api/sites/{id}/score gives it, read for the details panel and the comparison
// (both import it from here, so neither imports the other).
import { ApiError, getOptional } from '../api';
import type { ScoreLine } from '../layers/scoreLines';
import type { Schemas } from '../schemas';

/** One criterion of a score (the document's CriterionResult). */
export type CriterionScore = Schemas['CriterionResult'];
/** The feature nearest to the site for a criterion; points are [lon, lat]. */
export type NearestFeature = Schemas['NearestFeature'];
/** A site's result with the profile that scored it (GET /api/sites/{id}/score: SavedSiteScore). */
export type SiteScore = Schemas['SiteResult'] & { profile?: Schemas['ProfileRef'] };

/** The body of GET /api/sites/{id}/score: { site_id, profile, data_version, result: {...} }. */
export function readScore(body: unknown): SiteScore | null {
  const b = body as Partial<Schemas['SavedSiteScore']> | null;
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
