-- A unit's household list walks the code index between the unit's first and last code (codes
-- follow units). Those come from each of its villages' first and last code, two descents of this
-- index a village; the unit index alone had every household of the village read and sorted.
DROP INDEX households_unit_idx;
CREATE INDEX households_unit_code_idx ON households (unit_code, code);
