-- Analysis tables (seismo.analyze.persist): incidents, their member events, and the alert log.
-- Portable SQL (DuckDB and PostgreSQL). `data` holds the full record as JSON text; the other
-- columns are copies kept for filtering and sorting.
CREATE TABLE IF NOT EXISTS incidents (
    incident_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT,
    country TEXT,
    admin1 TEXT,
    location TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    date_value TEXT,
    first_seen TEXT,
    last_seen TEXT,
    n_reports INTEGER NOT NULL,
    n_independent_sources INTEGER NOT NULL,
    fatalities INTEGER,
    confidence DOUBLE PRECISION,
    data_hash TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_country ON incidents (country);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents (date_value);
CREATE TABLE IF NOT EXISTS incident_events (
    event_id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    doc_id TEXT
);
CREATE INDEX IF NOT EXISTS incident_events_incident ON incident_events (incident_id);
CREATE TABLE IF NOT EXISTS alerts (
    alert_id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    title TEXT,
    severity TEXT,
    message TEXT,
    subject TEXT,
    country TEXT,
    admin1 TEXT,
    created_at TEXT NOT NULL,
    acknowledged BOOLEAN NOT NULL DEFAULT FALSE,
    acknowledged_at TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_created ON alerts (created_at);
