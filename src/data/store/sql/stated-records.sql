-- Records that sources state themselves ("lowest since 2020-02"), every version, for one series;
-- the preferred row's record first.
SELECT f.partner, f.start_month, f.record, f.source_id, s.citation, f.preferred
FROM trade_flows f JOIN sources s USING (source_id)
WHERE f.reporter = $reporter AND f.flow = $flow AND f.commodity = $commodity
  AND f.period_kind = 'month' AND f.record IS NOT NULL
ORDER BY f.partner, f.start_month, coalesce(f.preferred, false) DESC, s.kind_rank, f.source_id;
