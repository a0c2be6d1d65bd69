-- Stages a Comtrade final-record file as text: one row per record, in file order (insertion order
-- is preserved, so a row's rowid is its record's ordinal), keeping only the cells the checks read,
-- and the numbers already read where they are plain decimals (bulk_plain_number; NULL otherwise).
-- Rows DuckDB cannot read (too many fields, a broken quote, bad UTF-8) go to bulk_rejects.
-- Filled in by bulk-comtrade.ts: {{path}}, {{delim}}, {{columns}} (every header column as VARCHAR),
-- {{parallel}}, {{compression}} (gzip by the file's first bytes, whatever its name), {{blank}}
-- (true for a row whose every cell is blank) and one {{field}} per cell.
CREATE OR REPLACE TEMP TABLE bulk_stage AS
SELECT
  coalesce({{freqCode}}, '') AS freq,
  coalesce({{period}}, '') AS period,
  coalesce({{reporterCode}}, '') AS reporter,
  coalesce({{flowCode}}, '') AS flow,
  coalesce({{partnerCode}}, '') AS partner,
  coalesce({{cmdCode}}, '') AS cmd,
  coalesce({{qtyUnitCode}}, '') AS unit_code,
  coalesce({{qtyUnitAbbr}}, '') AS unit_abbr,
  coalesce({{qty}}, '') AS qty,
  coalesce({{netWgt}}, '') AS net,
  coalesce({{primaryValue}}, '') AS val,
  bulk_plain_number(coalesce({{qty}}, '')) AS qty_n,
  bulk_plain_number(coalesce({{netWgt}}, '')) AS net_n,
  bulk_plain_number(coalesce({{primaryValue}}, '')) AS val_n,
  {{blank}} AS blank
FROM read_csv({{path}},
  header = false, skip = 1, delim = {{delim}}, quote = '"', escape = '"', columns = {{columns}},
  auto_detect = false, null_padding = true, parallel = {{parallel}}, compression = {{compression}},
  store_rejects = true, rejects_table = 'bulk_rejects', rejects_scan = 'bulk_reject_scans',
  rejects_limit = {{rejects_limit}});
