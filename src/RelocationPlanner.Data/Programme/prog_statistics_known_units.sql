-- Which of the given unit codes the registry holds.
SELECT code FROM admin_units WHERE code = ANY (@units)
