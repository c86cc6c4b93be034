-- The current version of one feature, to tell "gone" (404) from "changed" (412).
SELECT version FROM {table} WHERE id = $1
