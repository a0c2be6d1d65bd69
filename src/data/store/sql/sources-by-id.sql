-- Citations of the given sources ($ids: a list of source ids).
SELECT source_id, kind, citation, url, source_date
FROM sources WHERE list_contains(CAST($ids AS INTEGER[]), source_id)
ORDER BY source_id;
