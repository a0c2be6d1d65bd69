-- One reporter's best figures for one flow and commodity, by partner, for the import-dependence and
-- net-import-reliance measures: quantities (kg) and values, monthly and annual totals only. The
-- `best` view keeps one version per cell and measure, so rival sources never count twice.
SELECT b.partner, b.period_kind, b.start_month, b.end_month, b.measure, b.v, b.half, b.currency,
       b.source_id, b.source_line, b.citation, b.kind, b.source_date, s.url
FROM best b
JOIN sources s ON s.source_id = b.source_id
WHERE b.reporter = $reporter AND b.flow = $flow AND b.commodity = $commodity AND b.stat = 'total'
  AND b.measure IN ('qty_kg', 'value') AND b.period_kind IN ('month', 'year')
ORDER BY b.start_month, b.partner, b.measure;
