-- Restores the statement-level trigger after the row-level comparison.
DROP TRIGGER bench_parts_row ON roads;
DROP FUNCTION bench_parts_row();
ALTER TABLE roads ENABLE TRIGGER infra_parts_ins;
