-- One page of a collection, each row a feature's columns (feature.sql, written by FeatureJson), for a
-- selection whose numberMatched is known or for large pages (items_counted.sql does both at once
-- otherwise). {where} holds the request's conditions (bbox, datetime, CQL2 filter, queryable
-- parameters) as parameterised SQL over catalogue columns; the column itself is never
-- transformed, so GiST indexes serve the spatial conditions; the feature transforms only the rows
-- returned. Paged by id (keyset: deep pages cost the same as the first). {table} comes from the
-- collection catalogue, never a request.
SELECT {feature}
FROM {table} t
WHERE t.id > {after}{where}
ORDER BY t.id
LIMIT {limit}
