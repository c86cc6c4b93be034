-- The origin villages the generated households name ({county}0001 .. {county}0400), as points in
-- their county, so the registry import's reference checks find them.
INSERT INTO settlements (code, name, unit_code, geom)
SELECT u.code || lpad(n::text, 4, '0'), '村' || n, u.code, ST_PointOnSurface(u.geom)
FROM admin_units u CROSS JOIN generate_series(1, 400) n
WHERE u.level = 'county'
