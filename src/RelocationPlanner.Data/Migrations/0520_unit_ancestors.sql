-- The unit tree's closure, stored. rp_unit_ancestors() walked admin_units recursively on every
-- call, and every report, the household list's unit filter and the compliance refresh call it:
-- with the national grid's 169k units (villages included) that walk makes ~825k rows and took
-- seconds per report. The closure is kept here by a statement trigger on admin_units (only the
-- subtrees under units whose code or parent changed are recomputed), and the function reads it:
-- a plain SQL function over one table is inlined, so a filter on ancestor_code or unit_code
-- reaches the indexes. Same rows as before, duplicates of a cycle included (depth < 16).

CREATE TABLE unit_ancestors (
  unit_code     text NOT NULL,
  ancestor_code text NOT NULL,
  depth         integer NOT NULL
);
CREATE INDEX unit_ancestors_ancestor_idx ON unit_ancestors (ancestor_code, unit_code);
CREATE INDEX unit_ancestors_unit_idx ON unit_ancestors (unit_code, depth);

-- What else follows a unit's place in the tree: nothing yet; later migrations replace it (0530's
-- registration months), so the closure's rebuild below is written once.
CREATE FUNCTION rp_units_moved(units text[]) RETURNS void LANGUAGE sql AS $$ SELECT $$;

-- Recomputes the closure of the given units and of every unit below them (before or after the change).
CREATE FUNCTION rp_unit_ancestors_rebuild(changed text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE affected text[];
BEGIN
  WITH RECURSIVE down (code) AS (
    SELECT c FROM unnest(changed) c
    UNION
    SELECT a.code FROM admin_units a JOIN down d ON a.parent_code = d.code)
  SELECT array_agg(DISTINCT code) INTO affected
  FROM (SELECT code FROM down UNION ALL SELECT x.unit_code FROM unit_ancestors x JOIN unnest(changed) c (code) ON x.ancestor_code = c.code) s;
  DELETE FROM unit_ancestors x USING unnest(affected) f (code) WHERE x.unit_code = f.code;
  INSERT INTO unit_ancestors (unit_code, ancestor_code, depth)
  WITH RECURSIVE up (unit_code, ancestor_code, parent_code, depth) AS (
    SELECT a.code, a.code, a.parent_code, 0 FROM admin_units a JOIN unnest(affected) f (code) ON a.code = f.code
    UNION ALL
    SELECT up.unit_code, a.code, a.parent_code, up.depth + 1
    FROM up JOIN admin_units a ON a.code = up.parent_code
    WHERE up.depth < 16)
  SELECT unit_code, ancestor_code, depth FROM up;
  PERFORM rp_units_moved(affected);
END $$;

CREATE FUNCTION rp_unit_ancestors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE changed text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.code) INTO changed FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(o.code) INTO changed FROM old_rows o;
  ELSE
    SELECT array_agg(DISTINCT v.code) INTO changed
    FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.code), (n.code)) v (code)
    WHERE o.code <> n.code OR o.parent_code IS DISTINCT FROM n.parent_code;
  END IF;
  IF changed IS NOT NULL THEN PERFORM rp_unit_ancestors_rebuild(changed); END IF;
  RETURN NULL;
END $$;

-- Named to fire before admin_units_compliance (AFTER triggers fire in name order), which reads the closure.
CREATE TRIGGER admin_units_ancestors_ins AFTER INSERT ON admin_units REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_unit_ancestors_changed();
CREATE TRIGGER admin_units_ancestors_upd AFTER UPDATE ON admin_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_unit_ancestors_changed();
CREATE TRIGGER admin_units_ancestors_del AFTER DELETE ON admin_units REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rp_unit_ancestors_changed();

SELECT rp_unit_ancestors_rebuild(ARRAY(SELECT code FROM admin_units));

CREATE OR REPLACE FUNCTION rp_unit_ancestors() RETURNS TABLE (unit_code text, ancestor_code text, depth integer)
LANGUAGE sql STABLE AS $$
  SELECT unit_code, ancestor_code, depth FROM unit_ancestors
$$;

-- The policy of a unit on a day through the stored closure (one index range, nearest first)
-- instead of walking the tree on each call; and a household's entitlement looks its policy up
-- once (a function call in a join condition was re-evaluated for every policy row: with one
-- policy per province, 31 tree walks per payment checked).
CREATE OR REPLACE FUNCTION rp_policy_for(unit text, on_day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT p.id FROM unit_ancestors a
  JOIN subsidy_policies p ON p.region_code = a.ancestor_code AND on_day >= p.valid_from AND (p.valid_to IS NULL OR on_day <= p.valid_to)
  WHERE a.unit_code = unit
  ORDER BY a.depth LIMIT 1
$$;

CREATE OR REPLACE FUNCTION rp_entitlement(hh bigint)
RETURNS TABLE (component_id bigint, component text, funding_source text, policy_code text, amount numeric)
LANGUAGE sql STABLE AS $$
  SELECT c.id, c.name, c.funding_source, p.code,
         c.amount * CASE WHEN p.basis = 'per_person' THEN h.members ELSE 1 END
  FROM households h
  JOIN household_status s ON s.household_id = h.id
  CROSS JOIN LATERAL rp_policy_for(h.unit_code, s.registered_on) AS x (policy_id)
  JOIN subsidy_policies p ON p.id = x.policy_id
  JOIN subsidy_components c ON c.policy_id = p.id
  WHERE h.id = hh
  ORDER BY c.id
$$;
