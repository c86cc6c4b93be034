-- One household with its programme facts; the caller then inserts its members (persons) and its first milestones.
INSERT INTO households (code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type, annual_net_income, reason,
                        house_area_m2, self_paid, labour_members, old_house_demolished_on, homestead_reclaimed_on, old_house_exempt_reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
RETURNING id
