-- Robustness bookkeeping (issue 13).
-- extractions.failed_code: the error code of a document whose extraction failed (E300, E301);
--   NULL when it succeeded. A failed document is not tried again on every run, only when asked
--   (`seismo ingest --extract --retry-failed`).
-- extractions.alerts_done: whether alert rules have seen this document's events. Rows written
--   before this migration count as done; a run killed between extraction and alerting leaves
--   FALSE, so the next run raises those alerts.
-- runs.owner: host:pid of the process that started a run, to close runs whose process died.
ALTER TABLE extractions ADD COLUMN IF NOT EXISTS failed_code TEXT;
ALTER TABLE extractions ADD COLUMN IF NOT EXISTS alerts_done BOOLEAN DEFAULT TRUE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS owner TEXT;
