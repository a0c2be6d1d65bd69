-- Best figures of every period kind for one reporter × flow × commodity (all partners), one row per
-- cell and measure, with the record a source states and how many versions competed.
SELECT partner, period_kind, start_month, end_month, stat, measure, v, half, source_id, record, versions, currency
FROM best
WHERE reporter = $reporter AND flow = $flow AND commodity = $commodity
ORDER BY partner, start_month, end_month, measure;
