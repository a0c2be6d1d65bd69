-- The first failing row of each check (bulk-comtrade-rows.sql numbers them) and how many rows fail
-- it, first line first.
SELECT failed, min(line) AS line, arg_min(ord, line) AS ord, count(*) AS n
FROM bulk_rows
WHERE failed IS NOT NULL
GROUP BY failed
ORDER BY line, failed;
