-- Change counters per table (bumped by the history triggers on every write): the scoring cache,
-- tile ETags, OGC extents and rescoring checks key on them; one cheap read.
SELECT entity, version FROM data_versions WHERE entity = ANY($1)
