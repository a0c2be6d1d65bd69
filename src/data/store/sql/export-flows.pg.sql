-- Every trade-flow row with its period as text and its source, for `data export`. PostgreSQL's
-- version of export-flows.sql (format for printf; integer `/` for `//`).
SELECT f.reporter, f.partner, f.flow, f.commodity, f.code,
  CASE f.period_kind
    WHEN 'month' THEN format('%s-%s', lpad((f.start_month / 12)::text, 4, '0'), lpad((f.start_month % 12 + 1)::text, 2, '0'))
    WHEN 'year' THEN lpad((f.start_month / 12)::text, 4, '0')
    ELSE format('%s-%s/%s-%s', lpad((f.start_month / 12)::text, 4, '0'), lpad((f.start_month % 12 + 1)::text, 2, '0'),
      lpad((f.end_month / 12)::text, 4, '0'), lpad((f.end_month % 12 + 1)::text, 2, '0'))
  END AS period,
  f.stat, f.qty_kg, f.qty_orig, f.qty_unit, f.value, f.currency, f.yoy_pct, f.mom_pct, f.preferred, f.record, f.note,
  f.source_id, s.kind AS source_kind, s.citation AS source, s.url AS source_url, s.source_date,
  i.file_name, f.source_line
FROM trade_flows f JOIN sources s USING (source_id) JOIN imports i ON i.import_id = f.import_id
ORDER BY f.reporter, f.commodity, f.flow, f.partner, f.start_month, f.end_month, f.source_id
