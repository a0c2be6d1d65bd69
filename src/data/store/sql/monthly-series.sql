-- The monthly monitor series: for each reporter × partner × flow × commodity and each month with a
-- best observed quantity, the level and its changes. Every window is over months actually known:
-- a comparison needs its base month, a sum needs every month of its span (a gap is never a zero).
-- Parameters: $reporter, $flow, $commodity (NULL = all). Written for both engines: the year of a
-- month is floor(m / 12), as DuckDB's `/` is real division and PostgreSQL's integer division.
WITH q AS (
  SELECT reporter, partner, flow, commodity, start_month AS m, v AS qty, half, source_id
  FROM best
  WHERE measure = 'qty_kg' AND period_kind = 'month' AND stat = 'total'
    AND ($reporter IS NULL OR reporter = $reporter)
    AND ($flow IS NULL OR flow = $flow)
    AND ($commodity IS NULL OR commodity = $commodity)
),
v AS (
  SELECT reporter, partner, flow, commodity, start_month AS m, v AS value, currency
  FROM best
  WHERE measure = 'value' AND period_kind = 'month' AND stat = 'total'
    AND ($reporter IS NULL OR reporter = $reporter)
    AND ($flow IS NULL OR flow = $flow)
    AND ($commodity IS NULL OR commodity = $commodity)
),
w AS (
  SELECT q.*,
    max(qty) OVER (s RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS prev_kg,
    max(source_id) OVER (s RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS prev_source_id,
    max(qty) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS yoy_base_kg,
    max(source_id) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS yoy_source_id,
    sum(qty) OVER (s RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS roll3_sum,
    count(*) OVER (s RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS roll3_n,
    sum(qty) OVER (s RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS roll12_sum,
    count(*) OVER (s RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS roll12_n,
    sum(qty) OVER ytd AS ytd_sum,
    count(*) OVER ytd AS ytd_n,
    sum(qty) OVER yr AS year_sum,
    count(*) OVER yr AS year_n,
    max(CASE WHEN partner = 'WLD' THEN qty END) OVER mo AS world_qty,
    CASE WHEN partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH') THEN rank() OVER (
      PARTITION BY reporter, flow, commodity, m, partner IN ('WLD', 'EU27', 'EUR', 'OTH') ORDER BY qty DESC
    ) END AS partner_rank
  FROM q
  WINDOW
    s AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m),
    ytd AS (PARTITION BY reporter, partner, flow, commodity, floor(m / 12) ORDER BY m RANGE UNBOUNDED PRECEDING),
    yr AS (PARTITION BY reporter, partner, flow, commodity, floor(m / 12)),
    mo AS (PARTITION BY reporter, flow, commodity, m)
),
w2 AS (
  SELECT w.*,
    -- The same month a year back: its year-to-date when complete, and its calendar year's total when
    -- all twelve months are known (that month is then one of them).
    max(CASE WHEN ytd_n = m % 12 + 1 THEN ytd_sum END) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS ytd_prev,
    max(CASE WHEN year_n = 12 THEN year_sum END) OVER (s RANGE BETWEEN 12 PRECEDING AND 12 PRECEDING) AS prior_year_total
  FROM w
  WINDOW s AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m)
)
SELECT
  w2.reporter, w2.partner, w2.flow, w2.commodity, w2.m AS month,
  w2.qty AS qty_kg, w2.half AS qty_half_kg, w2.source_id,
  w2.prev_kg, w2.prev_source_id,
  CASE WHEN w2.prev_kg > 0 THEN (w2.qty / w2.prev_kg - 1) * 100 END AS mom_pct,
  w2.yoy_base_kg, w2.yoy_source_id,
  CASE WHEN w2.yoy_base_kg > 0 THEN (w2.qty / w2.yoy_base_kg - 1) * 100 END AS yoy_pct,
  CASE WHEN w2.ytd_n = w2.m % 12 + 1 THEN w2.ytd_sum END AS ytd_kg,
  CASE WHEN w2.ytd_n = w2.m % 12 + 1 AND w2.ytd_prev > 0 THEN (w2.ytd_sum / w2.ytd_prev - 1) * 100 END AS ytd_yoy_pct,
  CASE WHEN w2.roll3_n = 3 THEN w2.roll3_sum END AS roll3_kg,
  CASE WHEN w2.roll12_n = 12 THEN w2.roll12_sum END AS roll12_kg,
  w2.prior_year_total / 12 AS prior_year_avg_kg,
  CASE WHEN w2.partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH') AND w2.world_qty > 0
       THEN w2.qty / w2.world_qty * 100 END AS share_pct,
  w2.partner_rank::INTEGER AS partner_rank,
  v.currency,
  CASE WHEN w2.qty > 0 AND v.value IS NOT NULL THEN v.value / w2.qty END AS unit_value_per_kg
FROM w2
LEFT JOIN v ON v.reporter = w2.reporter AND v.partner = w2.partner AND v.flow = w2.flow
  AND v.commodity = w2.commodity AND v.m = w2.m
ORDER BY w2.reporter, w2.flow, w2.commodity, w2.partner, w2.m;
