-- The household list's search (a code prefix, or part of the head's name) through indexes: at
-- national scale a scan of every name took 0.3-1.2 s a page. Names are Chinese, two to five
-- characters, so trigrams do not fit (a two-character search has none): a name is indexed by its
-- characters, a search finds the names holding all of its characters and keeps those that
-- contain it. Splitting a name costs about 1 us (a function building character pairs cost 13 us a
-- row on every insert, for pages no faster).
CREATE INDEX households_name_chars_idx ON households USING gin (regexp_split_to_array(lower(head_name), ''));

-- Prefix searches on the code whatever the database's collation.
CREATE INDEX households_code_prefix_idx ON households (code text_pattern_ops);

-- A LIKE pattern matching the values that start with p (its own % _ and \ taken literally).
CREATE FUNCTION rp_like_prefix(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;
