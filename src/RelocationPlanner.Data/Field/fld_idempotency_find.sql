-- The stored answer to an idempotency key. The transaction-scoped advisory lock makes a second
-- request with the same key wait until the first has committed (or rolled back), so one key is
-- never processed twice at once.
SELECT pg_advisory_xact_lock(hashtextextended(@key, 7));
SELECT endpoint, user_name, body_sha256, status, response FROM idempotency_keys WHERE key = @key
