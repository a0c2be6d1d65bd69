-- Cells whose measure has rival values from different rows: every version, and which one won.
WITH contested AS (
  SELECT reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, measure
  FROM measure_versions
  GROUP BY reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, measure
  HAVING count(DISTINCT v) > 1
)
SELECT mv.reporter, mv.partner, mv.flow, mv.commodity, mv.period_kind, mv.start_month, mv.end_month, mv.stat,
       mv.measure, mv.v, mv.half, mv.rank = 1 AS won, mv.rank, mv.source_id, mv.citation, mv.kind,
       mv.preferred, mv.source_date, mv.source_line
FROM measure_versions mv JOIN contested USING (reporter, partner, flow, commodity, period_kind, start_month, end_month, stat, measure)
ORDER BY mv.reporter, mv.commodity, mv.start_month, mv.end_month, mv.partner, mv.measure, mv.rank;
