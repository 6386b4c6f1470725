-- Views over the figures database, applied after schema.sql by figures/store.py.
-- Each view is dropped and re-created so that a change here reaches existing databases.

DROP VIEW IF EXISTS claim_details;
CREATE VIEW claim_details AS
SELECT
    c.id, c.metric, c.value, c.low, c.high, c.qualifier, c.number_text, c.victims,
    s.name AS source, s.kind AS source_kind, c.source_text, c.cue, c.attribution, c.via,
    c.location, c.scope, c.period_start, c.as_of, c.published,
    d.title, d.outlet, d.credit, d.url, c.document_id, c.sentence, c.rule, c.rules_version
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN sources s ON s.id = c.source_id
WHERE c.superseded_by IS NULL;
