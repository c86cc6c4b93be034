-- 0400 keeps parts in step for rows written after it; a database that already held roads,
-- power lines or wells when it was applied gets their parts here (recompute is idempotent).
SELECT rp_infra_recompute('roads', array_agg(id)) FROM roads HAVING count(*) > 0;
SELECT rp_infra_recompute('power_lines', array_agg(id)) FROM power_lines HAVING count(*) > 0;
SELECT rp_infra_recompute('wells', array_agg(id)) FROM wells HAVING count(*) > 0;
