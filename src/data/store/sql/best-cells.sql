-- Best figures of every period kind, one row per cell and measure, for the monitor's series
-- (one reporter × flow × commodity, or all with NULL parameters).
SELECT reporter, flow, commodity, partner, period_kind, start_month, end_month, stat, measure, v, half, source_id,
       record, versions, currency
FROM best
WHERE ($reporter IS NULL OR reporter = $reporter)
  AND ($flow IS NULL OR flow = $flow)
  AND ($commodity IS NULL OR commodity = $commodity)
  AND NOT (period_kind = 'month' AND stat = 'total' AND measure IN ('qty_kg', 'value'))
ORDER BY reporter, flow, commodity, partner, start_month, end_month, measure;
