-- A site's milestones in the order of the project.
SELECT milestone, on_date AS date, recorded_by, recorded_at FROM site_milestones
WHERE site_id = @site_id ORDER BY rp_site_milestone_rank(milestone), on_date, id
