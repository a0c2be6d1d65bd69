-- Records that sources state themselves ("lowest since 2020-02"), every version, for the monitor's
-- series (NULL parameters: all); the preferred row's record first.
SELECT f.reporter, f.flow, f.commodity, f.partner, f.start_month, f.record, f.source_id, s.citation, f.preferred
FROM trade_flows f JOIN sources s USING (source_id)
WHERE ($reporter IS NULL OR f.reporter = $reporter)
  AND ($flow IS NULL OR f.flow = $flow)
  AND ($commodity IS NULL OR f.commodity = $commodity)
  AND f.period_kind = 'month' AND f.record IS NOT NULL
ORDER BY f.reporter, f.flow, f.commodity, f.partner, f.start_month, coalesce(f.preferred, false) DESC, s.kind_rank, f.source_id;
