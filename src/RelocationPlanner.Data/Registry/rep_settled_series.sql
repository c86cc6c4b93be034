-- Month-end settled rates for one unit (it and everything below it) or one site
-- (household_status carries unit, site and members: no join with households).
WITH hh AS (
  SELECT s.members, s.registered_on, s.keys_claimed_on, s.moved_in_on, s.withdrawn_on
  FROM household_status s
  WHERE s.site_code = $1 OR s.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1)),
months AS (
  SELECT least((m + interval '1 month - 1 day')::date, $3::date) AS as_of
  FROM generate_series(date_trunc('month', $2::date), $3::date, interval '1 month') AS m)
SELECT to_char(m.as_of, 'YYYY-MM'), m.as_of, count(hh.registered_on), coalesce(sum(hh.members), 0)::bigint,
       count(*) FILTER (WHERE hh.keys_claimed_on <= m.as_of),
       count(*) FILTER (WHERE hh.moved_in_on <= m.as_of),
       count(*) FILTER (WHERE hh.keys_claimed_on <= m.as_of OR hh.moved_in_on <= m.as_of)
FROM months m
LEFT JOIN hh ON hh.registered_on <= m.as_of AND (hh.withdrawn_on IS NULL OR hh.withdrawn_on > m.as_of)
GROUP BY m.as_of ORDER BY m.as_of
