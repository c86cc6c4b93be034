-- Users with their token count and the last time any of their tokens was used.
SELECT u.name, u.role, u.created_at, u.revoked_at,
       count(t.id) FILTER (WHERE t.revoked_at IS NULL) AS active_tokens,
       max(t.last_used_at) AS last_used_at
FROM users u LEFT JOIN api_tokens t ON t.user_id = u.id
GROUP BY u.id
ORDER BY u.name
