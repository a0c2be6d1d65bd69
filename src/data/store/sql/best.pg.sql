-- The best version of each measure of each cell. A cell is reporter × partner × flow × commodity ×
-- period × stat; a measure is qty_kg, value, yoy_pct or mom_pct. Rank: source kind (customs >
-- comtrade > other official > press > assumption), then the preferred flag, then the later source
-- date (a later edition supersedes), then the more precise figure, then the earlier row.
-- One branch per measure (rather than an unpivot) so that a query for one measure reads and sorts
-- only that measure's rows: the filter on `measure` removes the other branches.
-- PostgreSQL's version of best.sql: the columns listed where DuckDB says SELECT * EXCLUDE (…), and
-- the first branch's literal typed, as PostgreSQL types a UNION's column from it.
CREATE OR REPLACE VIEW flow_versions AS
SELECT f.flow_id, f.reporter, f.partner, f.flow, f.commodity, f.period_kind, f.start_month, f.end_month,
       f.stat, f.preferred, f.source_id, f.source_line, f.record, f.currency,
       f.qty_kg, f.qty_half_kg, f.value, f.value_half, f.yoy_pct, f.yoy_half, f.mom_pct, f.mom_half,
       s.kind, s.kind_rank, s.source_date, s.citation
FROM trade_flows f JOIN sources s USING (source_id);

CREATE OR REPLACE VIEW measure_versions AS
WITH m AS (
  SELECT flow_id, reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, preferred,
         source_id, source_line, record, currency, kind, kind_rank, source_date, citation,
         CAST('qty_kg' AS TEXT) COLLATE "C" AS measure, qty_kg AS v, qty_half_kg AS half
  FROM flow_versions WHERE qty_kg IS NOT NULL
  UNION ALL
  SELECT flow_id, reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, preferred,
         source_id, source_line, record, currency, kind, kind_rank, source_date, citation,
         'value', value, value_half
  FROM flow_versions WHERE value IS NOT NULL
  UNION ALL
  SELECT flow_id, reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, preferred,
         source_id, source_line, record, currency, kind, kind_rank, source_date, citation,
         'yoy_pct', yoy_pct, yoy_half
  FROM flow_versions WHERE yoy_pct IS NOT NULL
  UNION ALL
  SELECT flow_id, reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, preferred,
         source_id, source_line, record, currency, kind, kind_rank, source_date, citation,
         'mom_pct', mom_pct, mom_half
  FROM flow_versions WHERE mom_pct IS NOT NULL
)
SELECT *,
  row_number() OVER w AS rank,
  count(*) OVER (PARTITION BY reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, measure) AS versions
FROM m
WINDOW w AS (
  PARTITION BY reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, measure
  ORDER BY kind_rank, coalesce(preferred, false) DESC, source_date DESC NULLS LAST, half ASC, flow_id
);

CREATE OR REPLACE VIEW best AS
SELECT * FROM measure_versions WHERE rank = 1;
