-- One household with its members, its milestones (in recorded order) and its current status.
SELECT h.id, h.code, h.head_name, h.members, h.unit_code, h.origin_settlement_code, h.site_code, h.settlement_type,
       h.annual_net_income, h.reason, coalesce(s.status, 'none') AS status, h.version,
       coalesce((SELECT jsonb_agg(jsonb_build_object('name', p.name, 'id_card', p.id_card, 'relation', p.relation) ORDER BY p.id)
                 FROM persons p WHERE p.household_id = h.id), '[]') AS persons,
       coalesce((SELECT jsonb_agg(jsonb_build_object('milestone', m.milestone, 'date', m.on_date, 'recorded_by', m.recorded_by, 'recorded_at', m.recorded_at) ORDER BY m.id)
                 FROM milestones m WHERE m.household_id = h.id), '[]') AS milestones
FROM households h LEFT JOIN household_status s ON s.household_id = h.id
WHERE h.code = $1
