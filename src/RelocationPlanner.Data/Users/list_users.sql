-- Users with their live token count (not revoked, not expired), the latest expiry among those
-- tokens, and the last time any of their tokens was used.
SELECT u.name, u.role, u.created_at, u.revoked_at,
       count(t.id) FILTER (WHERE t.revoked_at IS NULL AND t.expires_at > now()) AS active_tokens,
       max(t.expires_at) FILTER (WHERE t.revoked_at IS NULL AND t.expires_at > now()) AS expires_at,
       max(t.last_used_at) AS last_used_at
FROM users u LEFT JOIN api_tokens t ON t.user_id = u.id
GROUP BY u.id
ORDER BY u.name
