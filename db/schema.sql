-- The figures database: the one source of truth for its tables and indexes.
-- figures/store.py applies this file (idempotently) every time it opens a database;
-- db/views.sql follows it. Dates are ISO 8601 text (YYYY-MM-DD, or full timestamps for
-- ingested_at / extracted_at).

CREATE TABLE IF NOT EXISTS metrics (
    id TEXT PRIMARY KEY,               -- killed, injured, hostages, ...
    label TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- canonical name from the alias table, else the words of the text
    kind TEXT,                          -- government, ministry, military, police, hospital, international, ngo, media, armed_group, anonymous_official, person
    canonical INTEGER NOT NULL DEFAULT 0 -- 1 when the name comes from the alias table
);

CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,                -- hash of the normalised text (white space folded)
    url TEXT,
    title TEXT,
    outlet TEXT,
    credit TEXT,                        -- wire credit or dateline: Reuters, AP, AFP ...
    published TEXT,
    author TEXT,
    origin TEXT,                        -- the file, feed or URL the document was read from
    previous_version TEXT REFERENCES documents(id), -- the earlier version of the same URL
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    metric TEXT NOT NULL REFERENCES metrics(id),
    value INTEGER NOT NULL,
    low INTEGER,
    high INTEGER,
    qualifier TEXT NOT NULL,
    number_text TEXT NOT NULL,
    victims TEXT,
    source_id INTEGER REFERENCES sources(id),
    source_text TEXT,
    cue TEXT,
    attribution TEXT NOT NULL,
    via TEXT,
    location TEXT,
    scope TEXT NOT NULL,
    period_start TEXT,
    as_of TEXT,
    published TEXT,                     -- the document's published date, copied for fast sorting
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    rule TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    fingerprint TEXT NOT NULL,          -- same metric, bounds, source, location and as_of
    duplicate_of INTEGER REFERENCES claims(id), -- the first stored claim with this fingerprint (a syndicated copy)
    superseded_by INTEGER REFERENCES claims(id), -- the claim that replaced this one at re-extraction
    superseded_at TEXT,                 -- when re-extraction retired this claim (replaced or dropped)
    extracted_at TEXT NOT NULL
);

-- every (metric, source, location) that has claims: the series the comparison views walk
CREATE TABLE IF NOT EXISTS series (
    metric TEXT NOT NULL,
    source_id INTEGER,
    location TEXT,
    claims INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS series_key ON series (metric, ifnull(source_id, 0), ifnull(location, ''));

-- published daily series (a ministry's own count...) to set reported figures beside
CREATE TABLE IF NOT EXISTS reference_series (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                 -- the series, e.g. gaza-moh-daily
    metric TEXT NOT NULL,
    location TEXT NOT NULL,
    source TEXT NOT NULL,
    date TEXT NOT NULL,
    value INTEGER NOT NULL,
    qualifier TEXT NOT NULL DEFAULT 'exact',
    UNIQUE (name, metric, location, date)
);
CREATE INDEX IF NOT EXISTS reference_metric_date ON reference_series (metric, date);

DROP INDEX IF EXISTS claims_metric_source_asof;
CREATE INDEX IF NOT EXISTS claims_metric_source_location_asof ON claims (metric, source_id, location, as_of);
CREATE INDEX IF NOT EXISTS claims_metric_location_asof ON claims (metric, location, as_of);
CREATE INDEX IF NOT EXISTS claims_source_metric_asof ON claims (source_id, metric, as_of);
CREATE INDEX IF NOT EXISTS claims_document ON claims (document_id);
CREATE INDEX IF NOT EXISTS claims_fingerprint ON claims (fingerprint, published);
CREATE INDEX IF NOT EXISTS claims_rule ON claims (rule, rules_version);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published);
CREATE INDEX IF NOT EXISTS documents_url ON documents (url);
CREATE INDEX IF NOT EXISTS documents_previous_version ON documents (previous_version);
