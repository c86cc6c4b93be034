-- A site by code: what its project endpoints need to know of it.
SELECT id, code, name, site_type, capacity_households, unit_code FROM sites WHERE code = @code
