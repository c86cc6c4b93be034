-- The site's code and name, or no row when there is no such site.
SELECT code, name FROM sites WHERE id = $1
