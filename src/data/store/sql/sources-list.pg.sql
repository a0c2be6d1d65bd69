-- Every source with the file it came in and how many rows cite it. PostgreSQL's version of
-- sources-list.sql.
SELECT s.source_id, s.kind, s.citation, s.url, s.licence, s.source_date, s.row_count,
       i.file_name, i.format, substr(s.sha256, 1, 12) AS sha256_12,
       to_char(s.imported_at, 'YYYY-MM-DD HH24:MI:SS') AS imported_at, i.bundled_path IS NOT NULL AS bundled
FROM sources s JOIN imports i USING (import_id)
ORDER BY s.source_id;
