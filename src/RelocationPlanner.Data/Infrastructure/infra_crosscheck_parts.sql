-- The clipped line parts of one level (optionally one unit) with their geodesic lengths, for the
-- projected (Gauss-Kruger, ProjNET) cross-check done in C#.
SELECT p.unit_code AS unit, p.entity, p.part, p.length_m AS lengthm
FROM infra_unit_parts p
WHERE p.level = @level::text AND p.entity IN ('roads', 'power_lines') AND (@unit::text IS NULL OR p.unit_code = @unit::text)
