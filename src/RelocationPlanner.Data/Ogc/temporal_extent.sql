-- The temporal extent of a dated collection: the first work date of any feature and the last
-- completion date, or null when some feature is not yet completed (an open end).
SELECT min(coalesce(planned_on, started_on, completed_on)) AS first_day,
       CASE WHEN bool_or(completed_on IS NULL AND coalesce(planned_on, started_on) IS NOT NULL) THEN NULL
            ELSE max(completed_on) END AS last_day
FROM {table}
