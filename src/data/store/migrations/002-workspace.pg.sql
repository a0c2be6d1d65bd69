-- Lodestone store, schema version 2: the server's workspace — scenarios, networks and portfolios
-- saved through the API, and the results of finished jobs with their manifests. PostgreSQL's version
-- of 002-workspace.sql: text compared byte by byte (COLLATE "C"), as DuckDB sorts it.

-- A saved spec is kept as the text the user wrote (comments and all); it was validated with the
-- same schema as a file before it was saved.
CREATE TABLE saved_specs (
  kind      VARCHAR COLLATE "C" NOT NULL,          -- scenarios | networks | portfolios
  name      VARCHAR COLLATE "C" NOT NULL,
  text      VARCHAR COLLATE "C" NOT NULL,
  sha256    VARCHAR COLLATE "C" NOT NULL,
  saved_at  TIMESTAMP NOT NULL,
  PRIMARY KEY (kind, name)
);

-- One row per finished job: the request with its defaults, and the result (with its manifest) as
-- JSON, or why it failed or was cancelled.
CREATE TABLE job_results (
  job_id       VARCHAR COLLATE "C" PRIMARY KEY,
  kind         VARCHAR COLLATE "C" NOT NULL,
  label        VARCHAR COLLATE "C" NOT NULL,
  state        VARCHAR COLLATE "C" NOT NULL,       -- succeeded | failed | cancelled
  request_json VARCHAR COLLATE "C" NOT NULL,
  result_json  VARCHAR COLLATE "C",                -- set when succeeded
  error        VARCHAR COLLATE "C",
  created_at   TIMESTAMP NOT NULL,
  started_at   TIMESTAMP,
  finished_at  TIMESTAMP NOT NULL
);
