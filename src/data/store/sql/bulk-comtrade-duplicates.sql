-- The first key that repeats within the file, as the loaders' shared check reports it: the line
-- where the key comes the second time, and the line where it came first. Run on the flows just
-- written (still in the import's transaction). A hash of the key finds the candidates in one
-- cheap pass; the full key then decides. Parameter: $import_id.
WITH f AS (
  SELECT source_line AS line, reporter, partner, flow, commodity, code, period_kind, start_month, end_month
  FROM trade_flows
  WHERE import_id = $import_id
),
h AS (
  SELECT hash(reporter, partner, flow, commodity, code, period_kind, start_month) AS h
  FROM f
  GROUP BY ALL
  HAVING count(*) > 1
),
ranked AS (
  SELECT *,
    min(line) OVER k AS first_line,
    row_number() OVER (k ORDER BY line) AS nth
  FROM f
  WHERE hash(reporter, partner, flow, commodity, code, period_kind, start_month) IN (SELECT h FROM h)
  WINDOW k AS (PARTITION BY reporter, partner, flow, commodity, code, period_kind, start_month)
)
SELECT line, first_line, reporter, partner, flow, commodity, period_kind, start_month, end_month
FROM ranked
WHERE nth = 2
ORDER BY line
LIMIT 1;
