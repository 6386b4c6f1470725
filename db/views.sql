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
WHERE c.superseded_at IS NULL;

-- One row per figure: syndicated copies (same fingerprint) count once, on their first
-- stored claim, with how many documents carry them and the earliest published date.
DROP VIEW IF EXISTS unique_figures;
CREATE VIEW unique_figures AS
SELECT
    c.id, c.fingerprint, c.metric, c.value, c.low, c.high, c.qualifier, c.source_id,
    c.location, c.scope, c.as_of,
    (SELECT min(d.published) FROM claims d WHERE d.fingerprint = c.fingerprint) AS first_published,
    (SELECT count(*) FROM claims d WHERE d.fingerprint = c.fingerprint AND d.superseded_at IS NULL) AS appearances,
    (SELECT group_concat(d.document_id, ' ') FROM claims d WHERE d.fingerprint = c.fingerprint AND d.superseded_at IS NULL) AS document_ids
FROM claims c
WHERE c.duplicate_of IS NULL AND c.superseded_at IS NULL;

-- Per metric, source and location, figures in as_of order with the change from the same
-- source's previous figure of the same scope. Filter on metric (and source_id or location):
-- the index on (metric, source_id, as_of) serves it.
DROP VIEW IF EXISTS timeline;
CREATE VIEW timeline AS
SELECT
    t.*,
    t.value - t.previous_value AS change,
    CAST(julianday(t.as_of) - julianday(t.previous_as_of) AS INTEGER) AS days_since_previous
FROM (
    SELECT
        c.id, c.metric, c.location, c.source_id, s.name AS source, c.as_of, c.value, c.low,
        c.high, c.qualifier, c.scope, c.number_text, c.document_id, c.published,
        (SELECT p.value FROM claims p
          WHERE p.metric = c.metric AND p.source_id IS c.source_id AND p.location IS c.location
            AND p.scope = c.scope AND p.duplicate_of IS NULL AND p.superseded_at IS NULL
            AND (p.as_of, p.id) < (c.as_of, c.id)
          ORDER BY p.as_of DESC, p.id DESC LIMIT 1) AS previous_value,
        (SELECT p.as_of FROM claims p
          WHERE p.metric = c.metric AND p.source_id IS c.source_id AND p.location IS c.location
            AND p.scope = c.scope AND p.duplicate_of IS NULL AND p.superseded_at IS NULL
            AND (p.as_of, p.id) < (c.as_of, c.id)
          ORDER BY p.as_of DESC, p.id DESC LIMIT 1) AS previous_as_of,
        (SELECT count(*) FROM claims d WHERE d.fingerprint = c.fingerprint AND d.superseded_at IS NULL) AS appearances
    FROM claims c
    LEFT JOIN sources s ON s.id = c.source_id
    WHERE c.duplicate_of IS NULL AND c.superseded_at IS NULL AND c.as_of IS NOT NULL
) t;

-- The newest figure per metric, location and source: one index look-up per series.
DROP VIEW IF EXISTS latest_figures;
CREATE VIEW latest_figures AS
SELECT
    x.metric, x.location, x.source_id, s.name AS source, s.kind AS source_kind,
    c.as_of, c.value, c.low, c.high, c.qualifier, c.number_text, c.scope, c.id AS claim_id,
    c.document_id
FROM (
    SELECT se.metric, se.location, se.source_id,
        (SELECT c.id FROM claims c
          WHERE c.metric = se.metric AND c.source_id IS se.source_id AND c.location IS se.location
            AND c.duplicate_of IS NULL AND c.superseded_at IS NULL
          ORDER BY c.as_of DESC, c.id DESC LIMIT 1) AS claim_id
    FROM series se
) x
JOIN claims c ON c.id = x.claim_id
LEFT JOIN sources s ON s.id = x.source_id;

-- Consecutive cumulative figures of one source where the figure falls, or jumps by more
-- than half its previous value and at least 100 at once.
DROP VIEW IF EXISTS revisions;
CREATE VIEW revisions AS
SELECT
    t.*,
    CASE WHEN t.value < t.previous_value THEN 'fell'
         ELSE 'jumped' END AS reason
FROM timeline t
WHERE t.scope = 'cumulative' AND t.previous_value IS NOT NULL
  AND (t.value < t.previous_value
       OR (t.value - t.previous_value >= 100 AND t.value > t.previous_value * 1.5));

-- For one metric and location, figures from different sources within 3 days of each
-- other that differ, and their spread (the canned query `disagreements` takes a window).
DROP VIEW IF EXISTS disagreements;
CREATE VIEW disagreements AS
SELECT
    a.metric, a.location, a.as_of AS as_of_a, b.as_of AS as_of_b,
    sa.name AS source_a, sb.name AS source_b, a.value AS value_a, b.value AS value_b,
    abs(a.value - b.value) AS spread,
    round(abs(a.value - b.value) * 1.0 / max(a.value, b.value, 1), 3) AS relative_spread,
    a.id AS claim_a, b.id AS claim_b
FROM claims a
JOIN claims b
  ON b.metric = a.metric AND b.location = a.location
 AND b.as_of >= a.as_of AND b.as_of <= date(a.as_of, '+3 days')
 AND (b.as_of > a.as_of OR b.source_id > a.source_id)
 AND b.source_id IS NOT NULL AND a.source_id IS NOT NULL AND b.source_id <> a.source_id
 AND b.scope = a.scope AND b.value <> a.value
 AND b.duplicate_of IS NULL AND b.superseded_at IS NULL
JOIN sources sa ON sa.id = a.source_id
JOIN sources sb ON sb.id = b.source_id
WHERE a.duplicate_of IS NULL AND a.superseded_at IS NULL;

-- Each reported cumulative claim beside the reference series on its as_of date: the
-- difference, and how many days behind the reference the reported figure is (the days
-- since the reference first reached the reported value).
DROP VIEW IF EXISTS claims_vs_reference;
CREATE VIEW claims_vs_reference AS
SELECT
    x.*,
    x.value - x.reference_value AS difference,
    CAST(julianday(x.as_of) - julianday(x.reference_reached) AS INTEGER) AS lag_days
FROM (
    SELECT
        c.id AS claim_id, c.metric, c.location, s.name AS source, c.as_of, c.value,
        c.number_text, r.name AS reference, r.source AS reference_source, r.value AS reference_value,
        (SELECT min(r2.date) FROM reference_series r2
          WHERE r2.name = r.name AND r2.metric = r.metric AND r2.location = r.location
            AND r2.value >= c.value) AS reference_reached
    FROM claims c
    JOIN reference_series r
      ON r.metric = c.metric AND r.date = c.as_of
     AND c.location LIKE '%' || r.location || '%'
    LEFT JOIN sources s ON s.id = c.source_id
    WHERE c.scope = 'cumulative' AND c.duplicate_of IS NULL AND c.superseded_at IS NULL
) x;
