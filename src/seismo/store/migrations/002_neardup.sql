-- MinHash signatures of stored documents (seismo.clean.neardup), so a new process finds
-- syndicated copies without re-hashing every stored text. sig: 128 uint64 as hex TEXT (portable).
CREATE TABLE IF NOT EXISTS doc_minhash (
    doc_id TEXT PRIMARY KEY,
    sig TEXT NOT NULL
);
