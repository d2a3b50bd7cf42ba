-- m0006_refresh_file_warning: a refresh can succeed with something worth saying about a file
-- (empty header cells are not columns). Never edit this file once landed.
ALTER TABLE refresh_file ADD COLUMN warning TEXT;
