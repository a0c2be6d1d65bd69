-- Lodestone store, schema version 2: the server's workspace — scenarios, networks and portfolios
-- saved through the API, and the results of finished jobs with their manifests.

-- A saved spec is kept as the text the user wrote (comments and all); it was validated with the
-- same schema as a file before it was saved.
CREATE TABLE saved_specs (
  kind      VARCHAR NOT NULL,          -- scenarios | networks | portfolios
  name      VARCHAR NOT NULL,
  text      VARCHAR NOT NULL,
  sha256    VARCHAR NOT NULL,
  saved_at  TIMESTAMP NOT NULL,
  PRIMARY KEY (kind, name)
);

-- One row per finished job: the request with its defaults, and the result (with its manifest) as
-- JSON, or why it failed or was cancelled.
CREATE TABLE job_results (
  job_id       VARCHAR PRIMARY KEY,
  kind         VARCHAR NOT NULL,
  label        VARCHAR NOT NULL,
  state        VARCHAR NOT NULL,       -- succeeded | failed | cancelled
  request_json VARCHAR NOT NULL,
  result_json  VARCHAR,                -- set when succeeded
  error        VARCHAR,
  created_at   TIMESTAMP NOT NULL,
  started_at   TIMESTAMP,
  finished_at  TIMESTAMP NOT NULL
);
