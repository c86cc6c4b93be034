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

-- The parts of one geometry per unit of the reported levels. Lines are clipped with
-- ST_Intersection (skipped when the unit covers the line whole); a line that only touches a
-- border yields no part. A point on a shared border is counted in one unit per level only
-- (the smallest code), so a well is never counted twice.
CREATE FUNCTION rp_infra_clip(g geometry) RETURNS TABLE (unit_code text, level text, part geometry, length_m double precision)
LANGUAGE sql STABLE AS $$
  SELECT c.code, c.level, c.part, CASE WHEN ST_Dimension(g) = 0 THEN 0 ELSE ST_Length(c.part::geography) END
  FROM (
    SELECT DISTINCT ON (CASE WHEN ST_Dimension(g) = 0 THEN u.level ELSE u.code END)
           u.code, u.level,
           CASE WHEN ST_Dimension(g) = 0 OR ST_CoveredBy(g, u.geom) THEN g
                ELSE ST_CollectionExtract(ST_Intersection(g, u.geom), ST_Dimension(g) + 1) END AS part
    FROM admin_units u
    WHERE u.level IN ('city', 'county', 'township') AND u.geom && g AND ST_Intersects(u.geom, g)
    ORDER BY CASE WHEN ST_Dimension(g) = 0 THEN u.level ELSE u.code END, u.code
  ) c
  WHERE NOT ST_IsEmpty(c.part)
$$;

-- Inserts the parts of the given features of one table (used by the unit trigger).
CREATE FUNCTION rp_infra_recompute(entity text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM infra_unit_parts p WHERE p.entity = rp_infra_recompute.entity AND p.feature_id = ANY (ids);
  IF entity = 'roads' THEN
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, road_class, surface, length_m, part)
    SELECT 'roads', r.id, c.unit_code, c.level, r.status, r.completed_on, r.road_class, r.surface, c.length_m, c.part
    FROM roads r CROSS JOIN LATERAL rp_infra_clip(r.geom) c WHERE r.id = ANY (ids);
  ELSIF entity = 'power_lines' THEN
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, voltage_kv, length_m, part)
    SELECT 'power_lines', l.id, c.unit_code, c.level, l.status, l.completed_on, l.voltage_kv, c.length_m, c.part
    FROM power_lines l CROSS JOIN LATERAL rp_infra_clip(l.geom) c WHERE l.id = ANY (ids);
  ELSE
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, length_m, part)
    SELECT 'wells', w.id, c.unit_code, c.level, w.status, w.completed_on, c.length_m, c.part
    FROM wells w CROSS JOIN LATERAL rp_infra_clip(w.geom) c WHERE w.id = ANY (ids);
  END IF;
END $$;

-- Transition tables are visible only inside the trigger function itself, so the insert of the
-- new rows' parts is written out per table here rather than through rp_infra_recompute.
CREATE FUNCTION rp_infra_parts_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM infra_unit_parts p USING old_rows o WHERE p.entity = TG_TABLE_NAME AND p.feature_id = o.id;
  END IF;
  IF TG_TABLE_NAME = 'roads' THEN
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, road_class, surface, length_m, part)
    SELECT 'roads', n.id, c.unit_code, c.level, n.status, n.completed_on, n.road_class, n.surface, c.length_m, c.part
    FROM new_rows n CROSS JOIN LATERAL rp_infra_clip(n.geom) c;
  ELSIF TG_TABLE_NAME = 'power_lines' THEN
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, voltage_kv, length_m, part)
    SELECT 'power_lines', n.id, c.unit_code, c.level, n.status, n.completed_on, n.voltage_kv, c.length_m, c.part
    FROM new_rows n CROSS JOIN LATERAL rp_infra_clip(n.geom) c;
  ELSE
    INSERT INTO infra_unit_parts (entity, feature_id, unit_code, level, status, completed_on, length_m, part)
    SELECT 'wells', n.id, c.unit_code, c.level, n.status, n.completed_on, c.length_m, c.part
    FROM new_rows n CROSS JOIN LATERAL rp_infra_clip(n.geom) c;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION rp_infra_parts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM infra_unit_parts p USING old_rows o WHERE p.entity = TG_TABLE_NAME AND p.feature_id = o.id;
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
    SELECT array_agg(g) INTO changed FROM (
      SELECT o.geom AS g FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level)
        AND (o.level IN ('city', 'county', 'township') OR n.level IN ('city', 'county', 'township'))
      UNION ALL
      SELECT n.geom FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.geom IS DISTINCT FROM n.geom OR o.code <> n.code OR o.level <> n.level)
        AND (o.level IN ('city', 'county', 'township') OR n.level IN ('city', 'county', 'township'))) x;
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
