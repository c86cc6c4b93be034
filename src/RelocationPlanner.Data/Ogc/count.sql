-- numberMatched: how many features the items query's conditions match. The same {where} as
-- items.sql, so the same indexes serve both; run under a statement timeout by the caller.
SELECT count(*) AS matched FROM {table} t WHERE true{where}
