-- The monthly monitor series: for each reporter × partner × flow × commodity and each month with a
-- best observed quantity, the level and its changes. Every window is over months actually known:
-- a comparison needs its base month, a sum needs every month of its span (a gap is never a zero).
-- Parameters: $reporter, $flow, $commodity (NULL = all).
WITH q AS (
  SELECT reporter, partner, flow, commodity, start_month AS m, v AS qty, half, source_id
  FROM best
  WHERE measure = 'qty_kg' AND period_kind = 'month' AND stat = 'total'
    AND ($reporter IS NULL OR reporter = $reporter)
    AND ($flow IS NULL OR flow = $flow)
    AND ($commodity IS NULL OR commodity = $commodity)
),
v AS (
  SELECT b.reporter, b.partner, b.flow, b.commodity, b.start_month AS m, b.v AS value, b.currency
  FROM best b
  WHERE b.measure = 'value' AND b.period_kind = 'month' AND b.stat = 'total'
),
w AS (
  SELECT q.*,
    m // 12 AS yr,
    sum(qty) OVER roll3 AS roll3_sum, count(*) OVER roll3 AS roll3_n,
    sum(qty) OVER roll12 AS roll12_sum, count(*) OVER roll12 AS roll12_n,
    sum(qty) OVER ytd AS ytd_sum, count(*) OVER ytd AS ytd_n
  FROM q
  WINDOW
    k AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m),
    roll3 AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m RANGE BETWEEN 2 PRECEDING AND CURRENT ROW),
    roll12 AS (PARTITION BY reporter, partner, flow, commodity ORDER BY m RANGE BETWEEN 11 PRECEDING AND CURRENT ROW),
    ytd AS (PARTITION BY reporter, partner, flow, commodity, m // 12 ORDER BY m RANGE UNBOUNDED PRECEDING)
),
yr_totals AS (
  SELECT reporter, partner, flow, commodity, m // 12 AS yr, count(*) AS n, sum(qty) AS total
  FROM q GROUP BY ALL
),
world AS (
  SELECT reporter, flow, commodity, m, qty AS world_qty FROM q WHERE partner = 'WLD'
),
ranked AS (
  SELECT reporter, partner, flow, commodity, m,
    rank() OVER (PARTITION BY reporter, flow, commodity, m ORDER BY qty DESC) AS partner_rank
  FROM q WHERE partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH')
)
SELECT
  w.reporter, w.partner, w.flow, w.commodity, w.m AS month,
  w.qty AS qty_kg, w.half AS qty_half_kg, w.source_id,
  p.qty AS prev_kg, p.source_id AS prev_source_id,
  w.qty - p.qty AS mom_kg,
  CASE WHEN p.qty > 0 THEN (w.qty / p.qty - 1) * 100 END AS mom_pct,
  y.qty AS yoy_base_kg, y.source_id AS yoy_source_id,
  w.qty - y.qty AS yoy_kg,
  CASE WHEN y.qty > 0 THEN (w.qty / y.qty - 1) * 100 END AS yoy_pct,
  CASE WHEN w.ytd_n = w.m % 12 + 1 THEN w.ytd_sum END AS ytd_kg,
  CASE WHEN w.ytd_n = w.m % 12 + 1 AND yp.ytd_n = w.m % 12 + 1 THEN yp.ytd_sum END AS ytd_prev_kg,
  CASE WHEN w.ytd_n = w.m % 12 + 1 AND yp.ytd_n = w.m % 12 + 1 AND yp.ytd_sum > 0
       THEN (w.ytd_sum / yp.ytd_sum - 1) * 100 END AS ytd_yoy_pct,
  CASE WHEN w.roll3_n = 3 THEN w.roll3_sum END AS roll3_kg,
  CASE WHEN w.roll12_n = 12 THEN w.roll12_sum END AS roll12_kg,
  CASE WHEN py.n = 12 THEN py.total / 12 END AS prior_year_avg_kg,
  CASE WHEN py.n = 12 AND py.total > 0 THEN (w.qty / (py.total / 12) - 1) * 100 END AS vs_prior_year_avg_pct,
  CASE WHEN w.partner NOT IN ('WLD', 'EU27', 'EUR', 'OTH') AND wo.world_qty > 0
       THEN w.qty / wo.world_qty * 100 END AS share_pct,
  r.partner_rank,
  val.value, val.currency,
  CASE WHEN w.qty > 0 AND val.value IS NOT NULL THEN val.value / w.qty END AS unit_value_per_kg
FROM w
LEFT JOIN q p ON p.reporter = w.reporter AND p.partner = w.partner AND p.flow = w.flow
  AND p.commodity = w.commodity AND p.m = w.m - 1
LEFT JOIN q y ON y.reporter = w.reporter AND y.partner = w.partner AND y.flow = w.flow
  AND y.commodity = w.commodity AND y.m = w.m - 12
LEFT JOIN w yp ON yp.reporter = w.reporter AND yp.partner = w.partner AND yp.flow = w.flow
  AND yp.commodity = w.commodity AND yp.m = w.m - 12
LEFT JOIN yr_totals py ON py.reporter = w.reporter AND py.partner = w.partner AND py.flow = w.flow
  AND py.commodity = w.commodity AND py.yr = w.yr - 1
LEFT JOIN world wo ON wo.reporter = w.reporter AND wo.flow = w.flow AND wo.commodity = w.commodity AND wo.m = w.m
LEFT JOIN ranked r ON r.reporter = w.reporter AND r.partner = w.partner AND r.flow = w.flow
  AND r.commodity = w.commodity AND r.m = w.m
LEFT JOIN v val ON val.reporter = w.reporter AND val.partner = w.partner AND val.flow = w.flow
  AND val.commodity = w.commodity AND val.m = w.m
ORDER BY w.reporter, w.flow, w.commodity, w.partner, w.m;
