-- Bulk imports: the foundation's insert-history trigger built new_values with to_jsonb(row),
-- which converts the geometry to GeoJSON first only to drop it again; measured at 200k roads
-- that conversion was most of the import's time. Same history rows, same JSON: every column
-- but geom by name (from the catalogue of the table that fired), plus geom as EWKT.
CREATE OR REPLACE FUNCTION rp_history_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pairs text;
BEGIN
  SELECT string_agg(format('%L, n.%I', a.attname, a.attname), ', ' ORDER BY a.attnum) INTO pairs
  FROM pg_attribute a
  WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'geom';
  EXECUTE format(
    'INSERT INTO history (entity, entity_id, entity_code, op, new_values, changed_by)
     SELECT %L, n.id, n.code, ''insert'', jsonb_build_object(%s) || jsonb_build_object(''geom'', ST_AsEWKT(n.geom)), rp_current_user()
     FROM new_rows n', TG_TABLE_NAME, pairs);
  INSERT INTO data_versions AS d (entity, version) VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (entity) DO UPDATE SET version = d.version + 1, changed_at = now();
  RETURN NULL;
END $$;
