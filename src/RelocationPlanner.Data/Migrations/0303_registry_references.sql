-- Registry import speed (issue 5): the three deferred foreign keys households -> admin_units /
-- settlements / sites cost one index probe and one row lock per household at commit (3.1 s per
-- 200k rows). The same rule, set-based: one statement-level check per INSERT/UPDATE of households
-- that locks each DISTINCT referenced unit/settlement/site once (FOR KEY SHARE, as the foreign key
-- did per row) and refuses unknown codes; and triggers on the referenced tables that cascade a code
-- change (was ON UPDATE CASCADE) and refuse deleting or truncating a referenced row (was NO
-- ACTION). Errors keep the foreign keys' SQLSTATE (23503) and constraint names.
ALTER TABLE households
  DROP CONSTRAINT households_unit_code_fkey,
  DROP CONSTRAINT households_origin_settlement_code_fkey,
  DROP CONSTRAINT households_site_code_fkey;

CREATE FUNCTION rp_households_refs_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  want_units text[]; want_settlements text[]; want_sites text[];
  n_found bigint;
  missing text;
BEGIN
  -- One pass over the changed rows: the distinct combinations are few (units x sites).
  WITH combos AS (
    SELECT unit_code, origin_settlement_code, site_code FROM new_rows GROUP BY 1, 2, 3)
  SELECT array_agg(DISTINCT unit_code),
         coalesce(array_agg(DISTINCT origin_settlement_code) FILTER (WHERE origin_settlement_code IS NOT NULL), '{}'),
         coalesce(array_agg(DISTINCT site_code) FILTER (WHERE site_code IS NOT NULL), '{}')
  INTO want_units, want_settlements, want_sites FROM combos;
  IF want_units IS NULL THEN RETURN NULL; END IF; -- no rows

  PERFORM FROM admin_units WHERE code = ANY (want_units) FOR KEY SHARE;
  GET DIAGNOSTICS n_found = ROW_COUNT;
  IF n_found < cardinality(want_units) THEN
    SELECT u INTO missing FROM unnest(want_units) u WHERE NOT EXISTS (SELECT FROM admin_units a WHERE a.code = u) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "households" violates foreign key constraint "households_unit_code_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'households_unit_code_fkey', TABLE = 'households',
            DETAIL = format('Key (unit_code)=(%s) is not present in table "admin_units".', missing);
  END IF;

  PERFORM FROM settlements WHERE code = ANY (want_settlements) FOR KEY SHARE;
  GET DIAGNOSTICS n_found = ROW_COUNT;
  IF n_found < cardinality(want_settlements) THEN
    SELECT u INTO missing FROM unnest(want_settlements) u WHERE NOT EXISTS (SELECT FROM settlements s WHERE s.code = u) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "households" violates foreign key constraint "households_origin_settlement_code_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'households_origin_settlement_code_fkey', TABLE = 'households',
            DETAIL = format('Key (origin_settlement_code)=(%s) is not present in table "settlements".', missing);
  END IF;

  PERFORM FROM sites WHERE code = ANY (want_sites) FOR KEY SHARE;
  GET DIAGNOSTICS n_found = ROW_COUNT;
  IF n_found < cardinality(want_sites) THEN
    SELECT u INTO missing FROM unnest(want_sites) u WHERE NOT EXISTS (SELECT FROM sites s WHERE s.code = u) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "households" violates foreign key constraint "households_site_code_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'households_site_code_fkey', TABLE = 'households',
            DETAIL = format('Key (site_code)=(%s) is not present in table "sites".', missing);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER households_refs_ins AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_refs_check();
CREATE TRIGGER households_refs_upd AFTER UPDATE ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_households_refs_check();

-- The referenced side. TG_ARGV[0] = the households column that points at this table.
CREATE FUNCTION rp_households_ref_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('UPDATE households h SET %1$I = n.code
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE o.code IS DISTINCT FROM n.code AND h.%1$I = o.code', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE FUNCTION rp_households_ref_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    EXECUTE format('SELECT %I FROM households WHERE %1$I IS NOT NULL LIMIT 1', TG_ARGV[0]) INTO used;
  ELSE
    EXECUTE format('SELECT o.code FROM old_rows o WHERE EXISTS (SELECT FROM households h WHERE h.%I = o.code) LIMIT 1', TG_ARGV[0]) INTO used;
  END IF;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "households_%_fkey" on table "households"', TG_TABLE_NAME, TG_ARGV[0]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = format('households_%s_fkey', TG_ARGV[0]), TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (code)=(%s) is still referenced from table "households".', used);
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('admin_units', 'unit_code'), ('settlements', 'origin_settlement_code'), ('sites', 'site_code')) v (tbl, col) LOOP
    EXECUTE format('CREATE TRIGGER households_ref_cascade AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_cascade(%L)', r.tbl, r.col);
    EXECUTE format('CREATE TRIGGER households_ref_guard AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_guard(%L)', r.tbl, r.col);
    EXECUTE format('CREATE TRIGGER households_ref_truncate BEFORE TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION rp_households_ref_guard(%L)', r.tbl, r.col);
  END LOOP;
END $$;

