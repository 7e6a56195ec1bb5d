-- A result's document is stored in the transaction that records the result (decision 0043), so a run's success needs
-- no flush of a file of its own. The document is then written to the artifact store and its row removed; a row left
-- by a process that died before that is written out by any instance later, and reads find the document here until then.
CREATE TABLE artifact_spool (
    hash TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    spooled_at INTEGER NOT NULL
);
