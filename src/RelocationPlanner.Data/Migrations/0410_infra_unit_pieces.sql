-- Clipping against small pieces of the units instead of whole polygons: with admin units loaded,
-- clipping every imported road against city, county and township polygons of thousands of
-- vertices was most of an import's time (a 200k-road import took 5x ogr2ogr). Each unit is cut
-- into pieces of at most 32 vertices (ST_Subdivide), kept here and GiST-indexed. A feature
-- covered by one piece lies wholly in that unit (its part is the feature, no overlay); only the
-- units a feature crosses are cut, against the few small pieces it meets, and the cuts are
-- joined with ST_Union (a line along the seam of two pieces of one unit counts once), so the
-- lengths equal ST_Length(ST_Intersection(feature, unit)::geography).

CREATE TABLE infra_unit_pieces (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_code text NOT NULL,
  level     text NOT NULL,
  geom      geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX infra_unit_pieces_geom_idx ON infra_unit_pieces USING gist (geom);
CREATE INDEX infra_unit_pieces_unit_idx ON infra_unit_pieces (unit_code);

INSERT INTO infra_unit_pieces (unit_code, level, geom)
SELECT u.code, u.level, s.geom FROM admin_units u CROSS JOIN LATERAL ST_Subdivide(u.geom, 32) AS s (geom)
WHERE u.level IN ('city', 'county', 'township');

-- Deletes and recomputes the parts of the given features of one table (see 0400 for the
-- collation note and the well rule). One set-based statement: the (feature, piece) pairs are
-- tested in piece order (consecutive tests share a piece's prepared form); a unit with a piece
-- that covers the feature takes the feature whole, with its length computed once per feature;
-- a unit the feature only crosses gets the union of the feature's cuts by the pieces it meets.
CREATE FUNCTION rp_infra_recompute_now(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql
SET work_mem = '256MB' AS $$
DECLARE
  attrs text := CASE entity
    WHEN 'roads' THEN 'f.road_class, f.surface, NULL::numeric AS voltage_kv'
    WHEN 'power_lines' THEN 'NULL::text AS road_class, NULL::text AS surface, f.voltage_kv'
    WHEN 'wells' THEN 'NULL::text AS road_class, NULL::text AS surface, NULL::numeric AS voltage_kv' END;
  wells boolean := entity = 'wells';
BEGIN
  IF attrs IS NULL THEN RAISE EXCEPTION 'rp_infra_recompute_now: unknown entity %', entity; END IF;
  DELETE FROM infra_unit_parts p USING unnest(ids) AS k (id) WHERE p.entity = rp_infra_recompute_now.entity COLLATE "default" AND p.feature_id = k.id;
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  EXECUTE format($q$
    WITH f AS MATERIALIZED (
      SELECT f.id, f.status, f.completed_on, %2$s, f.geom, ST_Length(f.geom::geography) AS length_m
      FROM %1$I f WHERE f.id IN (SELECT DISTINCT k.id FROM unnest($1::bigint[]) AS k (id))),
    pairs AS MATERIALIZED (
      SELECT x.*, ST_Covers(x.pgeom, x.geom) AS covered, ST_Intersects(x.pgeom, x.geom) AS meets
      FROM (SELECT f.*, p.id AS piece, p.unit_code, p.level, p.geom AS pgeom
            FROM f JOIN infra_unit_pieces p ON p.geom && f.geom ORDER BY p.id OFFSET 0) x),
    -- Per (feature, unit) through a window, not a join back: the CTEs' row counts are unknown
    -- to the planner, and a join between two of them can become a quadratic nested loop.
    flagged AS (
      SELECT p.*, bool_or(p.covered) OVER (PARTITION BY p.id, p.unit_code) AS unit_covered FROM pairs p),
    parts AS (
      SELECT DISTINCT ON (id, unit_code) id, unit_code, level, status, completed_on, road_class, surface, voltage_kv, length_m, geom AS part
      FROM flagged WHERE covered
      UNION ALL
      SELECT id, unit_code, level, status, completed_on, road_class, surface, voltage_kv, ST_Length(part::geography), part
      FROM (SELECT id, unit_code, level, status, completed_on, road_class, surface, voltage_kv,
                   ST_LineMerge(ST_Union(ST_CollectionExtract(ST_Intersection(geom, pgeom), 2))) AS part
            FROM flagged WHERE NOT unit_covered AND meets
            GROUP BY id, unit_code, level, status, completed_on, road_class, surface, voltage_kv) c
      WHERE NOT ST_IsEmpty(part))
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, road_class, surface, voltage_kv, length_m, part)
    SELECT %3$s %1$L, p.id, p.unit_code, p.level, p.status, p.completed_on, p.road_class, p.surface, p.voltage_kv, p.length_m, p.part
    FROM parts p
    %4$s$q$,
    entity, attrs,
    CASE WHEN wells THEN 'DISTINCT ON (p.id, p.level)' ELSE '' END,
    CASE WHEN wells THEN 'ORDER BY p.id, p.level, p.unit_code' ELSE '' END) USING ids;
END $$;

-- What the triggers call (0510 lets it queue bulk recomputes).
CREATE OR REPLACE FUNCTION rp_infra_recompute(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_infra_recompute_now(entity, ids);
END $$;

-- A unit's polygon, code or level changed (or a unit came or went): its pieces are cut again,
-- then every feature lying on the old or the new polygon is recomputed (as in 0400).
CREATE OR REPLACE FUNCTION rp_infra_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed geometry[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.geom) INTO changed FROM new_rows n WHERE n.level IN ('city', 'county', 'township');
    INSERT INTO infra_unit_pieces (unit_code, level, geom)
    SELECT n.code, n.level, s.geom FROM new_rows n CROSS JOIN LATERAL ST_Subdivide(n.geom, 32) AS s (geom)
    WHERE n.level IN ('city', 'county', 'township');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.geom) INTO changed FROM old_rows o WHERE o.level IN ('city', 'county', 'township');
    DELETE FROM infra_unit_pieces p USING old_rows o WHERE p.unit_code = o.code;
  ELSE
    SELECT array_agg(g) INTO changed
    FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.geom), (n.geom)) v (g)
    WHERE (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level)
      AND (o.level IN ('city', 'county', 'township') OR n.level IN ('city', 'county', 'township'));
    -- Every old piece of a changed unit goes before the new ones come (codes may swap in one statement).
    DELETE FROM infra_unit_pieces p USING old_rows o JOIN new_rows n ON n.id = o.id
    WHERE p.unit_code = o.code AND (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level);
    INSERT INTO infra_unit_pieces (unit_code, level, geom)
    SELECT n.code, n.level, s.geom FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL ST_Subdivide(n.geom, 32) AS s (geom)
    WHERE (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level) AND n.level IN ('city', 'county', 'township');
  END IF;
  IF changed IS NULL THEN RETURN NULL; END IF;
  PERFORM rp_infra_recompute('roads', array_agg(DISTINCT r.id))
    FROM unnest(changed) g JOIN roads r ON r.geom && g AND ST_Intersects(r.geom, g) HAVING count(*) > 0;
  PERFORM rp_infra_recompute('power_lines', array_agg(DISTINCT l.id))
    FROM unnest(changed) g JOIN power_lines l ON l.geom && g AND ST_Intersects(l.geom, g) HAVING count(*) > 0;
  PERFORM rp_infra_recompute('wells', array_agg(DISTINCT w.id))
    FROM unnest(changed) g JOIN wells w ON w.geom && g AND ST_Intersects(w.geom, g) HAVING count(*) > 0;
  RETURN NULL;
END $$;
