-- The household list's search (a code prefix, or part of the head's name) through indexes: at
-- national scale a scan of every name took 0.3-1.2 s a page. Names are Chinese, two to five
-- characters, so trigrams do not fit: a name is indexed by its characters and pairs of
-- characters, and a search of two or more characters looks up its pairs (one character: the
-- character), then checks the substring on those candidates only.
CREATE FUNCTION rp_name_grams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(name), i, n)), '{}')
  FROM generate_series(1, char_length(name)) i, (VALUES (1), (2)) v(n)
  WHERE i + n - 1 <= char_length(name)
$$;

CREATE FUNCTION rp_search_grams(q text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(q) < 2 THEN ARRAY[lower(q)]
              ELSE (SELECT array_agg(DISTINCT substr(lower(q), i, 2)) FROM generate_series(1, char_length(q) - 1) i) END
$$;

-- A LIKE pattern matching the values that start with p (its own % _ and \ taken literally).
CREATE FUNCTION rp_like_prefix(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

CREATE INDEX households_name_grams_idx ON households USING gin (rp_name_grams(head_name));
-- Prefix searches on the code whatever the database's collation.
CREATE INDEX households_code_prefix_idx ON households (code text_pattern_ops);
