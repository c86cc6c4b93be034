-- A site's budget against what was spent by a day, per funding source (a source spent from but not
-- in the budget has a budget of 0: over budget as soon as anything is spent from it).
WITH b AS (
  SELECT x ->> 'funding_source' AS funding_source, (x ->> 'amount')::numeric AS budget
  FROM site_plans p, jsonb_array_elements(p.budget) x WHERE p.site_id = @site_id),
s AS (
  SELECT funding_source, sum(amount) AS spent FROM site_expenditures
  WHERE site_id = @site_id AND spent_on <= @as_of GROUP BY funding_source)
SELECT coalesce(b.funding_source, s.funding_source) AS funding_source, coalesce(b.budget, 0) AS budget, coalesce(s.spent, 0) AS spent
FROM b FULL JOIN s ON s.funding_source = b.funding_source
ORDER BY 1
