-- One household; the caller then inserts its members (persons) and its first milestones.
INSERT INTO households (code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type, annual_net_income, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING id
