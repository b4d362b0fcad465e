-- The language each user chose with the "language" command (a shipped tag such as "de" or "pt-BR"); a user
-- without a row follows their Teams locale.
CREATE TABLE user_languages (
    user_id   TEXT   NOT NULL PRIMARY KEY,
    language  TEXT   NOT NULL,
    chosen_at INTEGER NOT NULL
);
