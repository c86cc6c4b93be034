-- The collection's data version (bumped by the statement triggers on every write): the tiles'
-- ETag, so a client revalidates a tile without the tile being rebuilt.
SELECT COALESCE((SELECT version FROM data_versions WHERE entity = $1), 0)
