-- Locks a site's plan (if it has one) and reads its version: If-Match is checked against it.
SELECT version FROM site_plans WHERE site_id = @site_id FOR UPDATE
