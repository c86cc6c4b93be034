-- Month-end settled rates for one unit (it and everything below it) or one site. Counted as in
-- rep_settled_rates.sql: registered by the day and not withdrawn by it. Each household is a few
-- dated events (+1 when it registers, claims keys, moves in, is deemed settled; -1 of each when it
-- withdraws: withdrawal is always its last milestone); a month's figures are the running sums up
-- to its last day. A unit's events come summed per unit and month, and per day in the last month
-- (settled_months and settled_days, 0540_report_months.sql; a month's sum is dated its first day,
-- which every later month end passes): a province is a few dozen units' months, not its 100k
-- households read from household_status. A site's come from its households (household_status
-- carries the site), leaving out those the unit part counted already (a site and a unit of the
-- same code).
WITH below AS NOT MATERIALIZED (SELECT a.unit_code FROM rp_unit_ancestors() a WHERE a.ancestor_code = $1),
hh AS (
  SELECT s.members, s.registered_on, s.keys_claimed_on, s.moved_in_on, s.withdrawn_on,
         least(s.keys_claimed_on, s.moved_in_on) AS deemed_on
  FROM household_status s
  WHERE s.registered_on IS NOT NULL AND s.site_code = $1 AND s.unit_code NOT IN (SELECT unit_code FROM below)),
events AS (
  SELECT on_date, sum(households) AS households, sum(people) AS people, sum(keys) AS keys, sum(moved) AS moved, sum(deemed) AS deemed
  FROM (
    SELECT d.on_date, d.households, d.people, d.keys_claimed AS keys, d.moved_in AS moved, d.deemed
    FROM (SELECT m.unit_code, m.on_date, m.households, m.people, m.keys_claimed, m.moved_in, m.deemed FROM settled_months m
          WHERE m.on_date < date_trunc('month', $3::date)
          UNION ALL
          SELECT d.unit_code, d.on_date, d.households, d.people, d.keys_claimed, d.moved_in, d.deemed FROM settled_days d
          WHERE d.on_date >= date_trunc('month', $3::date) AND d.on_date <= $3) d
    WHERE d.unit_code IN (SELECT unit_code FROM below)
    UNION ALL SELECT registered_on, 1, members, 0, 0, 0 FROM hh
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
