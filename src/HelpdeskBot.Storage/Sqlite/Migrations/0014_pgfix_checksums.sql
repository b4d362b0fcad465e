-- SHA-256 of each applied migration's script (line endings and trailing white space normalized): a script changed
-- after it was applied stops the start, naming the file. NULL for rows applied before this column existed; the
-- migrator records them on the first start that has it.
ALTER TABLE schema_version ADD COLUMN checksum TEXT NULL;
