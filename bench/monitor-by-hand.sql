-- The peer for bench (c): the monitor's core monthly figures for every reporter × partner × flow ×
-- commodity × month, written by hand as one query with window functions (LAG, SUM/COUNT OVER range
-- frames), straight from trade_flows. Same definitions as src/data/store/sql/monthly-series.sql:
-- best version per cell, a change needs its base month, a sum needs every month of its span.
WITH versions AS (
  SELECT f.reporter, f.partner, f.flow, f.commodity, f.start_month AS m, f.source_id, f.flow_id,
    s.kind_rank, f.preferred, s.source_date, f.qty_kg, f.qty_half_kg, f.value, f.value_half
  FROM trade_flows f JOIN sources s USING (source_id)
  WHERE f.period_kind = 'month' AND f.stat = 'total'
),
q AS (
  SELECT reporter, partner, flow, commodity, m, qty_kg AS qty, source_id
  FROM versions
  WHERE qty_kg IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY reporter, partner, flow, commodity, m
    ORDER BY kind_rank, coalesce(preferred, false) DESC, source_date DESC NULLS LAST, qty_half_kg, flow_id
  ) = 1
),
v AS (
  SELECT reporter, partner, flow, commodity, m, value
  FROM versions
  WHERE value IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY reporter, partner, flow, commodity, m
    ORDER BY kind_rank, coalesce(preferred, false) DESC, source_date DESC NULLS LAST, value_half, flow_id
  ) = 1
),
w AS (
  SELECT q.*,
    lag(qty) OVER s AS lag_qty,
    lag(m) OVER s AS lag_m,
    max(qty) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS yoy_base,
    sum(qty) OVER (s RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS roll3_sum,
    count(*) OVER (s RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS roll3_n,
    sum(qty) OVER (s RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS roll12_sum,
    count(*) OVER (s RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS roll12_n,
    sum(qty) OVER ytd AS ytd_sum,
    count(*) OVER ytd AS ytd_n,
    sum(qty) OVER (PARTITION BY reporter, partner, flow, commodity, m // 12) AS year_sum,
    count(*) OVER (PARTITION BY reporter, partner, flow, commodity, m // 12) AS year_n,
    max(CASE WHEN partner = 'WLD' THEN qty END) OVER (PARTITION BY reporter, flow, commodity, m) AS world_qty,
    CASE WHEN partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH') THEN rank() OVER (
      PARTITION BY reporter, flow, commodity, m, partner IN ('WLD', 'EU27', 'EUR', 'OTH') ORDER BY qty DESC
    ) END AS partner_rank
  FROM q
  WINDOW
    s AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m),
    ytd AS (PARTITION BY reporter, partner, flow, commodity, m // 12 ORDER BY m RANGE UNBOUNDED PRECEDING)
),
w2 AS (
  SELECT w.*,
    -- The same month a year back: its year-to-date when complete, and its calendar year's total
    -- when all twelve months are known (that row is one of them).
    max(CASE WHEN ytd_n = m % 12 + 1 THEN ytd_sum END) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS ytd_prev,
    max(CASE WHEN year_n = 12 THEN year_sum END) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS prior_year_total
  FROM w
  WINDOW s AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m)
)
SELECT
  w2.reporter, w2.partner, w2.flow, w2.commodity, w2.m AS month, w2.qty AS qty_kg,
  CASE WHEN lag_m = w2.m - 1 AND lag_qty > 0 THEN (w2.qty / lag_qty - 1) * 100 END AS mom_pct,
  CASE WHEN yoy_base > 0 THEN (w2.qty / yoy_base - 1) * 100 END AS yoy_pct,
  CASE WHEN ytd_n = w2.m % 12 + 1 THEN ytd_sum END AS ytd_kg,
  CASE WHEN ytd_n = w2.m % 12 + 1 AND ytd_prev > 0 THEN (ytd_sum / ytd_prev - 1) * 100 END AS ytd_yoy_pct,
  CASE WHEN roll3_n = 3 THEN roll3_sum END AS roll3_kg,
  CASE WHEN roll12_n = 12 THEN roll12_sum END AS roll12_kg,
  prior_year_total / 12 AS prior_year_avg_kg,
  CASE WHEN w2.partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH') AND world_qty > 0 THEN w2.qty / world_qty * 100 END AS share_pct,
  partner_rank,
  CASE WHEN w2.qty > 0 AND v.value IS NOT NULL THEN v.value / w2.qty END AS unit_value_per_kg
FROM w2
LEFT JOIN v ON v.reporter = w2.reporter AND v.partner = w2.partner AND v.flow = w2.flow
  AND v.commodity = w2.commodity AND v.m = w2.m
ORDER BY w2.reporter, w2.flow, w2.commodity, w2.partner, w2.m
