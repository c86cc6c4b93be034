-- The answer to a key, stored in the transaction of the change it answers.
INSERT INTO idempotency_keys (key, endpoint, user_name, body_sha256, status, response)
VALUES (@key, @endpoint, @user, @hash, @status, @response)
