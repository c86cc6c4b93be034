-- Infrastructure figures per administrative unit, precomputed on write: every road, power line
-- and well is clipped once against the city, county and township polygons that it touches, and
-- the parts are kept here, so the reports are a GROUP BY over this table instead of clipping
-- 200k lines per request. Triggers keep it in step:
--  * roads / power_lines / wells: statement-level AFTER triggers with transition tables (one
--    set-based INSERT ... SELECT per statement, so an import of 200k roads pays once per batch)
--    that delete and recompute only the parts of the rows the statement touched;
--  * admin_units: a statement-level trigger recomputes, synchronously, the features that lie on
--    the old or new polygon of a unit whose geometry, code or level changed. Unit edits are rare
--    and touch a few thousand features at most, so the change is visible at commit with no
--    stale window and no job to watch (a name change recomputes nothing: names are joined in).
-- Attributes the reports filter by (status, completion date, class, surface, voltage) are
-- copied into the parts: any update of a feature recomputes its parts anyway.

CREATE TABLE infra_unit_parts (
  entity       text NOT NULL CHECK (entity IN ('roads', 'power_lines', 'wells')),
  feature_id   bigint NOT NULL,
  unit_code    text NOT NULL,
  level        text NOT NULL CHECK (level IN ('city', 'county', 'township')),
  status       text NOT NULL,
  completed_on date,
  road_class   text,
  surface      text,
  voltage_kv   numeric(7, 2),
  -- Geodesic length (ST_Length(geography), metres) of the part inside the unit; 0 for wells.
  length_m     double precision NOT NULL,
  -- The clipped part itself (lines) or the point (wells): for the projected cross-check.
  part         geometry(Geometry, 4326) NOT NULL,
  PRIMARY KEY (entity, feature_id, unit_code)
);
CREATE INDEX infra_unit_parts_level_idx ON infra_unit_parts (level, unit_code);
CREATE INDEX infra_unit_parts_completed_idx ON infra_unit_parts (level, completed_on) WHERE completed_on IS NOT NULL;

-- The part of a feature inside one unit: the feature itself when the unit covers it, else the
-- lines of ST_Intersection (empty when a line only touches the border); NULL when they do not
-- meet. Inlined into the callers, which feed it pairs sorted by unit so that consecutive calls
-- share the unit polygon and PostGIS reuses its prepared (indexed) form: measured 4x faster
-- than evaluating the pairs feature by feature.
CREATE FUNCTION rp_infra_part(g geometry, unit geometry) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ST_Covers(unit, g) THEN g
              WHEN ST_Dimension(g) > 0 AND ST_Intersects(unit, g) THEN ST_CollectionExtract(ST_Intersection(g, unit), 2) END
$$;

-- Deletes and recomputes the parts of the given features of one table. (Entity comparisons carry
-- COLLATE "default": a name such as TG_TABLE_NAME brings collation "C", which would keep the
-- planner off the primary-key index and cost a scan of every part per edit.) Used by every trigger:
-- transition tables are visible only inside the trigger function, so the triggers pass the
-- ids of the rows their statement touched and this joins the table back by primary key.
-- One statement serves the three tables: only the copied attributes differ (NULL where a table
-- has none; a well's length is ST_Length of a point, 0). A well on a shared border is covered by
-- two units of one level and is counted in one of them only (the smallest code).
CREATE FUNCTION rp_infra_recompute(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  attrs text := CASE entity
    WHEN 'roads' THEN 'f.road_class, f.surface, NULL::numeric AS voltage_kv'
    WHEN 'power_lines' THEN 'NULL::text AS road_class, NULL::text AS surface, f.voltage_kv'
    WHEN 'wells' THEN 'NULL::text AS road_class, NULL::text AS surface, NULL::numeric AS voltage_kv' END;
  wells boolean := entity = 'wells';
BEGIN
  IF attrs IS NULL THEN RAISE EXCEPTION 'rp_infra_recompute: unknown entity %', entity; END IF;
  DELETE FROM infra_unit_parts p USING unnest(ids) AS k (id) WHERE p.entity = rp_infra_recompute.entity COLLATE "default" AND p.feature_id = k.id;
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  EXECUTE format($q$
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, road_class, surface, voltage_kv, length_m, part)
    SELECT %3$s %1$L, c.id, c.code, c.level, c.status, c.completed_on, c.road_class, c.surface, c.voltage_kv, ST_Length(c.part::geography), c.part
    FROM (SELECT x.*, rp_infra_part(x.geom, x.ugeom) AS part
          FROM (SELECT f.id, f.status, f.completed_on, %2$s, f.geom, u.code, u.level, u.geom AS ugeom
                FROM %1$I f JOIN unnest($1) AS k (id) ON f.id = k.id
                JOIN admin_units u ON u.geom && f.geom AND u.level IN ('city', 'county', 'township')
                ORDER BY u.code OFFSET 0) x
          OFFSET 0) c
    WHERE c.part IS NOT NULL AND NOT ST_IsEmpty(c.part)
    %4$s$q$,
    entity, attrs,
    CASE WHEN wells THEN 'DISTINCT ON (c.id, c.level)' ELSE '' END,
    CASE WHEN wells THEN 'ORDER BY c.id, c.level, c.code' ELSE '' END) USING ids;
END $$;

CREATE FUNCTION rp_infra_parts_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An identity column may still be updated to DEFAULT: drop the old ids' parts first.
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM infra_unit_parts p USING old_rows o WHERE p.entity = TG_TABLE_NAME::text COLLATE "default" AND p.feature_id = o.id;
  END IF;
  PERFORM rp_infra_recompute(TG_TABLE_NAME, (SELECT array_agg(n.id) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION rp_infra_parts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM infra_unit_parts p USING old_rows o WHERE p.entity = TG_TABLE_NAME::text COLLATE "default" AND p.feature_id = o.id;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['roads', 'power_lines', 'wells'] LOOP
    EXECUTE format('CREATE TRIGGER infra_parts_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_parts_write()', t);
    EXECUTE format('CREATE TRIGGER infra_parts_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_parts_write()', t);
    EXECUTE format('CREATE TRIGGER infra_parts_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_parts_delete()', t);
  END LOOP;
END $$;

-- A unit's polygon, code or level changed (or a unit came or went): recompute every feature
-- lying on the old or the new polygon. Runs once per statement over all changed units.
CREATE FUNCTION rp_infra_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed geometry[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.geom) INTO changed FROM new_rows n WHERE n.level IN ('city', 'county', 'township');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.geom) INTO changed FROM old_rows o WHERE o.level IN ('city', 'county', 'township');
  ELSE
    SELECT array_agg(g) INTO changed
    FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.geom), (n.geom)) v (g)
    WHERE (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level)
      AND (o.level IN ('city', 'county', 'township') OR n.level IN ('city', 'county', 'township'));
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

CREATE TRIGGER infra_units_ins AFTER INSERT ON admin_units REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_units_changed();
CREATE TRIGGER infra_units_upd AFTER UPDATE ON admin_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_units_changed();
CREATE TRIGGER infra_units_del AFTER DELETE ON admin_units REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rp_infra_units_changed();
