-- Every staged row mapped as the Comtrade loader maps it (comtradeRowToFlow), with the first check
-- it fails in the loader's order, NULL when none: 1 freqCode/period, 2 reporterCode, 3 flowCode,
-- 4 partnerCode, 5 cmdCode, 6 qty, 7 netWgt, 8 primaryValue, 9 qty too large in kg, 10 neither a
-- quantity in kg nor a value. The bulk_lk_* tables hold what the loader itself returns for each
-- distinct cell; bulk_numbers the numbers bulk_plain_number leaves to the loader's parser.
-- Filled in by bulk-comtrade.ts: {{from}} (bulk_stage s, with the line breaks joined when the file
-- has blank lines or quoted newlines), {{line}} (the row's physical line), {{idx}} (its index
-- among the file's flows).
CREATE OR REPLACE TEMP VIEW bulk_rows AS
WITH s AS (
  SELECT s.rowid AS ord, {{idx}} AS idx, {{line}} AS line, s.*
  FROM {{from}}
  WHERE NOT s.blank
),
m AS (
  SELECT s.ord, s.idx, s.line,
    p.period_kind, p.start_month, p.end_month,
    r.iso3 AS reporter, f.flow, pa.iso3 AS partner, c.commodity, c.code,
    u.unit, u.kg_per,
    CASE WHEN s.qty = '' THEN NULL ELSE coalesce(s.qty_n, nq.n) END AS qty_orig,
    CASE WHEN s.net = '' THEN NULL ELSE coalesce(s.net_n, nn.n) END AS net_wgt,
    CASE WHEN s.val = '' THEN NULL ELSE coalesce(s.val_n, nv.n) END AS value
  FROM s
  LEFT JOIN bulk_lk_period p ON p.freq = s.freq AND p.period = s.period
  LEFT JOIN bulk_lk_country r ON r.code = s.reporter
  LEFT JOIN bulk_lk_flow f ON f.code = s.flow
  LEFT JOIN bulk_lk_country pa ON pa.code = s.partner
  LEFT JOIN bulk_lk_cmd c ON c.cmd = s.cmd
  LEFT JOIN bulk_lk_unit u ON u.unit_code = s.unit_code AND u.unit_abbr = s.unit_abbr
  LEFT JOIN bulk_numbers nq ON nq.t = s.qty
  LEFT JOIN bulk_numbers nn ON nn.t = s.net
  LEFT JOIN bulk_numbers nv ON nv.t = s.val
),
k AS (
  SELECT m.*, CASE WHEN qty_orig IS NOT NULL AND kg_per IS NOT NULL THEN qty_orig * kg_per END AS from_qty
  FROM m
),
q AS (
  -- A zero weight beside a positive value means "not compiled": see comtradeRowToFlow.
  SELECT k.*,
    CASE WHEN net_wgt > 0 THEN net_wgt WHEN from_qty > 0 THEN from_qty ELSE coalesce(net_wgt, from_qty) END AS reported
  FROM k
)
SELECT ord, idx, line, reporter, partner, flow, commodity, code, period_kind, start_month, end_month,
  qty_orig, unit, value,
  CASE WHEN reported IS NULL OR (reported = 0 AND value > 0) THEN NULL ELSE reported END AS qty_kg,
  CASE
    WHEN period_kind IS NULL THEN 1
    WHEN reporter IS NULL THEN 2
    WHEN flow IS NULL THEN 3
    WHEN partner IS NULL THEN 4
    WHEN commodity IS NULL THEN 5
    WHEN isnan(qty_orig) OR qty_orig < 0 THEN 6
    WHEN isnan(net_wgt) OR net_wgt < 0 THEN 7
    WHEN isnan(value) OR value < 0 THEN 8
    WHEN NOT isfinite(from_qty) THEN 9
    WHEN (reported IS NULL OR (reported = 0 AND value > 0)) AND value IS NULL THEN 10
  END AS failed
FROM q;
