-- Month-end settled rates for one unit (it and everything below it) or one site
-- (household_status carries unit, site and members: no join with households).
-- Counted as in rep_settled_rates.sql: registered by the day and not withdrawn by it. Each
-- household is a few dated events (+1 when it registers, claims keys, moves in, is deemed settled;
-- -1 of each when it withdraws: withdrawal is always its last milestone), summed per day once;
-- a month's figures are the running sums up to its last day. One pass over the unit's households
-- instead of one per month.
WITH hh AS (
  SELECT s.members, s.registered_on, s.keys_claimed_on, s.moved_in_on, s.withdrawn_on,
         least(s.keys_claimed_on, s.moved_in_on) AS deemed_on
  FROM household_status s
  WHERE s.registered_on IS NOT NULL
    AND (s.site_code = $1 OR s.unit_code IN (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1))),
events AS (
  SELECT on_date, sum(households) AS households, sum(people) AS people, sum(keys) AS keys, sum(moved) AS moved, sum(deemed) AS deemed
  FROM (
    SELECT registered_on AS on_date, 1 AS households, members AS people, 0 AS keys, 0 AS moved, 0 AS deemed FROM hh
    UNION ALL SELECT keys_claimed_on, 0, 0, 1, 0, 0 FROM hh WHERE keys_claimed_on IS NOT NULL
    UNION ALL SELECT moved_in_on, 0, 0, 0, 1, 0 FROM hh WHERE moved_in_on IS NOT NULL
    UNION ALL SELECT deemed_on, 0, 0, 0, 0, 1 FROM hh WHERE deemed_on IS NOT NULL
    UNION ALL SELECT withdrawn_on, -1, -members, -(keys_claimed_on IS NOT NULL)::int, -(moved_in_on IS NOT NULL)::int, -(deemed_on IS NOT NULL)::int
    FROM hh WHERE withdrawn_on IS NOT NULL) e
  GROUP BY on_date),
months AS (
  SELECT least((m + interval '1 month - 1 day')::date, $3::date) AS as_of
  FROM generate_series(date_trunc('month', $2::date), $3::date, interval '1 month') AS m)
SELECT to_char(m.as_of, 'YYYY-MM') AS month, m.as_of,
       coalesce(sum(e.households), 0)::bigint AS households, coalesce(sum(e.people), 0)::bigint AS people,
       coalesce(sum(e.keys), 0)::bigint AS keys_claimed, coalesce(sum(e.moved), 0)::bigint AS moved_in, coalesce(sum(e.deemed), 0)::bigint AS deemed
FROM months m
LEFT JOIN events e ON e.on_date <= m.as_of
GROUP BY m.as_of ORDER BY m.as_of
