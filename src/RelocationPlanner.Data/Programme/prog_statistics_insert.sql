-- An import's figures in one statement (one history batch), as one import batch.
INSERT INTO reported_statistics (import_id, row_no, unit_code, year_from, year_to, indicator, value, value_text, unit, source)
SELECT @import_id, r, u, yf, yt, i, v, vt, un, s
FROM unnest(@rows, @units, @year_from, @year_to, @indicators, @vals, @value_texts, @measures, @sources) AS x (r, u, yf, yt, i, v, vt, un, s)
