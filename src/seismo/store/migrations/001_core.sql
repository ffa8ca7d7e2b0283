-- Core schema: documents, processing runs, rejections, events, extraction bookkeeping.
-- Portable SQL (DuckDB and PostgreSQL). JSON is stored as TEXT for portability.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    args TEXT,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status TEXT NOT NULL,
    counts TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT,
    format TEXT,
    url TEXT,
    title TEXT,
    published TEXT,
    published_from TEXT,
    language TEXT,
    raw TEXT,
    clean_text TEXT,
    offsets TEXT,
    content_hash TEXT,
    status TEXT NOT NULL,
    status_reason TEXT,
    duplicate_of TEXT,
    outlet TEXT,
    run_id INTEGER,
    ingested_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
CREATE TABLE IF NOT EXISTS rejections (
    doc_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT,
    source TEXT,
    raw TEXT,
    run_id INTEGER,
    created_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS rejections_doc ON rejections (doc_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    date_value TEXT,
    country TEXT,
    admin1 TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    actor1_name TEXT,
    actor1_country TEXT,
    actor2_name TEXT,
    actor2_country TEXT,
    actor_text TEXT,
    factuality TEXT,
    historical BOOLEAN,
    minerals TEXT,
    fatalities INTEGER,
    confidence DOUBLE PRECISION,
    run_id INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_country ON events (country);
CREATE INDEX IF NOT EXISTS events_date ON events (date_value);
CREATE TABLE IF NOT EXISTS extractions (
    doc_id TEXT PRIMARY KEY,
    extractor_version TEXT NOT NULL,
    run_id INTEGER,
    n_events INTEGER
);
