-- Stores a checked ledger import in one statement (one history batch, one refresh of the sums);
-- the row trigger checks each payment as a single one is checked.
INSERT INTO disbursements (household_id, component_id, amount, paid_on)
SELECT h.id, e.component_id, r.amount, r.paid_on
FROM disbursement_import_rows r
JOIN households h ON h.code = r.household_code
JOIN LATERAL rp_entitlement(h.id) e ON e.component = r.component
ORDER BY r.row_no
