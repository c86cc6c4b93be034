-- One road edit: move a road so that it crosses a county border ($1 road code, $2 shift in degrees).
UPDATE roads SET geom = ST_Translate(geom, $2::float8, 0.0), status = 'completed', planned_on = NULL,
       started_on = date '2018-01-01', completed_on = date '2018-06-01'
WHERE code = $1
