-- One household with its members, its milestones (in recorded order), its current status and the
-- programme's facts; money and areas as stored (two decimals), columns named as the reader's members.
SELECT h.id, h.code, h.head_name, h.members, h.unit_code, h.origin_settlement_code, h.site_code, h.settlement_type,
       h.annual_net_income, h.reason, coalesce(s.status, 'none') AS status, h.version,
       h.house_area_m2, h.self_paid, h.labour_members, h.old_house_demolished_on, h.homestead_reclaimed_on, h.old_house_exempt_reason,
       coalesce((SELECT jsonb_agg(jsonb_build_object('name', p.name, 'id_card', p.id_card, 'relation', p.relation) ORDER BY p.id)
                 FROM persons p WHERE p.household_id = h.id), '[]')::text AS persons,
       coalesce((SELECT jsonb_agg(jsonb_build_object('milestone', m.milestone, 'date', m.on_date, 'recorded_by', m.recorded_by, 'recorded_at', m.recorded_at) ORDER BY m.id)
                 FROM milestones m WHERE m.household_id = h.id), '[]')::text AS milestones
FROM households h LEFT JOIN household_status s ON s.household_id = h.id
WHERE h.code = @code
