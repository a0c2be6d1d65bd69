-- Citations of the given sources ($ids: a JSON list of source ids, such as [3,7]). PostgreSQL's
-- version of sources-by-id.sql.
SELECT source_id, kind, citation, url, source_date
FROM sources WHERE source_id = ANY (CAST(translate($ids, '[]', '{}') AS INTEGER[]))
ORDER BY source_id;
