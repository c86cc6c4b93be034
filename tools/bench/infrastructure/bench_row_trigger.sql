-- For comparison only: the same recompute as a row-level trigger (one call per inserted row).
CREATE OR REPLACE FUNCTION bench_parts_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rp_infra_recompute('roads', ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER bench_parts_row AFTER INSERT ON roads FOR EACH ROW EXECUTE FUNCTION bench_parts_row();
ALTER TABLE roads DISABLE TRIGGER infra_parts_ins;
