-- Every event with its source citation, oldest first. PostgreSQL's version of events.sql.
SELECT e.event_id, e.date_text, to_char(e.start_date, 'YYYY-MM-DD') AS start_date, e.actor, e.type,
       e.elements, e.products, e.destinations, e.end_uses, e.scope_text, e.description, e.status,
       to_char(e.end_date, 'YYYY-MM-DD') AS end_date, e.derived, e.suspends, e.source_id, s.citation, s.url
FROM events e JOIN sources s USING (source_id)
ORDER BY e.start_date, e.event_id;
