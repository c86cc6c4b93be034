-- The clipped line parts of one level (optionally one unit) with their geodesic lengths, for the
-- projected (Gauss-Kruger, ProjNET) cross-check done in C#.
SELECT p.unit_code, p.entity, ST_AsBinary(p.part), p.length_m
FROM infra_unit_parts p
WHERE p.level = $1::text AND p.entity IN ('roads', 'power_lines') AND ($2::text IS NULL OR p.unit_code = $2::text)
