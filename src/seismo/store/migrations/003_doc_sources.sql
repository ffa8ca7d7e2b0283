-- Each extracted document's source profile (seismo.analyze.sources), written with its events:
-- the outlet's domain and type (wire, news, opinion, aggregator, official, unknown) and the
-- document's genre (reporting | opinion), so event filters can leave commentary out.
CREATE TABLE IF NOT EXISTS doc_sources (
    doc_id TEXT PRIMARY KEY,
    domain TEXT,
    source_type TEXT NOT NULL,
    genre TEXT NOT NULL
);
