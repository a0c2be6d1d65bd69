-- Writes the rows that pass every check as trade flows, exactly as write-import.ts appends a
-- parsed Comtrade flow: an exact source, so the half-widths are those of exact figures (bulk_half).
-- Fewer rows written than the file holds means some row failed: the caller rolls back.
-- Parameters: $first_flow, $import_id, $source_id, and the index range [$from_idx, $to_idx).
INSERT INTO trade_flows (
  flow_id, import_id, source_id, source_line, reporter, partner, flow, commodity, code,
  period_kind, start_month, end_month, stat, qty_kg, qty_half_kg, qty_orig, qty_unit,
  value, value_half, currency, yoy_pct, yoy_half, mom_pct, mom_half, preferred, record, note
)
SELECT
  $first_flow + idx, $import_id, $source_id, line, reporter, partner, flow, commodity, code,
  period_kind, start_month, end_month, 'total', qty_kg, bulk_half(qty_kg), qty_orig,
  CASE WHEN qty_orig IS NOT NULL THEN nullif(unit, '') END,
  value, bulk_half(value), CASE WHEN value IS NOT NULL THEN 'USD' END,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM bulk_rows
WHERE failed IS NULL AND idx >= $from_idx AND idx < $to_idx;
