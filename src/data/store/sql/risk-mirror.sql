-- Both sides of China's trade as mirror statistics compare them: China's reported exports by
-- destination, and every reporter's imports from China, with the customs code each file gave.
-- Best version per cell and measure (rival sources never count twice); totals only. $partner = ''
-- means every partner.
SELECT b.reporter, b.partner, b.flow, b.commodity, f.code, b.period_kind, b.start_month, b.end_month,
       b.measure, b.v, b.half, b.currency, b.source_id, b.source_line, b.citation, b.kind, b.source_date, s.url
FROM best b
JOIN trade_flows f ON f.flow_id = b.flow_id
JOIN sources s ON s.source_id = b.source_id
WHERE b.stat = 'total' AND b.measure IN ('qty_kg', 'value')
  AND ((b.reporter = 'CHN' AND b.flow = 'export' AND ($partner = '' OR b.partner = $partner))
    OR (b.partner = 'CHN' AND b.flow = 'import' AND ($partner = '' OR b.reporter = $partner)))
ORDER BY b.start_month, b.end_month, b.reporter, b.partner, b.commodity, b.measure;
