-- Figures stored by earlier imports for the units of a new import (checked together with it).
SELECT unit_code, year_from, year_to, indicator, value, value_text, unit, source
FROM reported_statistics WHERE unit_code = ANY (@units)
ORDER BY id
