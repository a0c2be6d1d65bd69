-- Every trade-flow row with its period as text and its source, for `data export`.
SELECT f.reporter, f.partner, f.flow, f.commodity, f.code,
  CASE f.period_kind
    WHEN 'month' THEN printf('%04d-%02d', f.start_month // 12, f.start_month % 12 + 1)
    WHEN 'year' THEN printf('%04d', f.start_month // 12)
    ELSE printf('%04d-%02d/%04d-%02d', f.start_month // 12, f.start_month % 12 + 1, f.end_month // 12, f.end_month % 12 + 1)
  END AS period,
  f.stat, f.qty_kg, f.qty_orig, f.qty_unit, f.value, f.currency, f.yoy_pct, f.mom_pct, f.preferred, f.record, f.note,
  f.source_id, s.kind AS source_kind, s.citation AS source, s.url AS source_url, s.source_date,
  i.file_name, f.source_line
FROM trade_flows f JOIN sources s USING (source_id) JOIN imports i ON i.import_id = f.import_id
ORDER BY f.reporter, f.commodity, f.flow, f.partner, f.start_month, f.end_month, f.source_id
