-- 100 county polygons on a 10 x 10 grid over the Ordos area (106.5-111.5E, 37.5-40.9N) inside
-- one city, so every line gets a city part and one or more county parts.
INSERT INTO admin_units (code, name, level, parent_code, geom)
VALUES ('BENCH', 'bench city', 'city', NULL, ST_Multi(ST_MakeEnvelope(106.5, 37.5, 111.5, 40.9, 4326)));
INSERT INTO admin_units (code, name, level, parent_code, geom)
SELECT format('B%s%s', i, j), format('county %s-%s', i, j), 'county', 'BENCH',
       ST_Multi(ST_MakeEnvelope(106.5 + i * 0.5, 37.5 + j * 0.34, 107.0 + i * 0.5, 37.84 + j * 0.34, 4326))
FROM generate_series(0, 9) i, generate_series(0, 9) j;
