-- The best version of each measure of each cell. A cell is reporter × partner × flow × commodity ×
-- period × stat; a measure is qty_kg, value, yoy_pct or mom_pct. Rank: source kind (customs >
-- comtrade > other official > press > assumption), then the preferred flag, then the later source
-- date (a later edition supersedes), then the more precise figure, then the earlier row.
CREATE OR REPLACE VIEW measure_versions AS
WITH m AS (
  SELECT f.flow_id, f.reporter, f.partner, f.flow, f.commodity, f.period_kind, f.start_month, f.end_month,
         f.stat, f.preferred, f.source_id, f.source_line, f.record, s.kind, s.kind_rank, s.source_date, s.citation,
         u.measure, u.v, u.half, f.currency
  FROM trade_flows f
  JOIN sources s USING (source_id)
  CROSS JOIN LATERAL (
    SELECT * FROM (VALUES
      ('qty_kg', f.qty_kg, f.qty_half_kg),
      ('value', f.value, f.value_half),
      ('yoy_pct', f.yoy_pct, f.yoy_half),
      ('mom_pct', f.mom_pct, f.mom_half)
    ) AS t(measure, v, half)
  ) u
  WHERE u.v IS NOT NULL
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
