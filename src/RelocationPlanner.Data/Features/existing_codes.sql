-- Which of these codes a collection already holds (duplicate-code check before a write).
SELECT id, code FROM {table} WHERE code = ANY($1)
