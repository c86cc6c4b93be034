-- One household; its members come with it (persons) and its registration is the first milestone.
WITH h AS (
  INSERT INTO households (code, head_name, members, unit_code, origin_settlement_code, site_code, settlement_type, annual_net_income, reason)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  RETURNING id)
SELECT id FROM h
