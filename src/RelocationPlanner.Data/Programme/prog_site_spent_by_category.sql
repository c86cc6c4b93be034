-- What a site spent by a day, per category.
SELECT category, sum(amount) AS spent FROM site_expenditures
WHERE site_id = @site_id AND spent_on <= @as_of GROUP BY category ORDER BY category
