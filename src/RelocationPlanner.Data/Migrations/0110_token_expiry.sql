-- Tokens expire, so a leaked or forgotten token stops working by itself (rp users add --expires,
-- default RP_TOKEN_DAYS days; rp users rotate replaces one). Tokens issued before this migration
-- get the default lifetime counted from now, so an upgrade locks nobody out on the spot.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL,
  ADD CONSTRAINT api_tokens_expires_after_creation CHECK (expires_at > created_at);
