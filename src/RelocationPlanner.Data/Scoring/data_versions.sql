-- The change counters the scoring cache is keyed on: one cheap read per request.
SELECT entity, version FROM data_versions WHERE entity = ANY($1)
