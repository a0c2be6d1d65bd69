-- Lodestone store, schema version 1: imports, sources, trade flows, events.
CREATE TABLE schema_info (version INTEGER NOT NULL, migrated_at TIMESTAMP NOT NULL);

-- One row per imported file (or bundled table); re-importing the same bytes is a no-op.
CREATE TABLE imports (
  import_id    INTEGER PRIMARY KEY,
  file_name    VARCHAR NOT NULL,
  format       VARCHAR NOT NULL,
  sha256       VARCHAR NOT NULL UNIQUE,
  bundled_path VARCHAR,              -- set for the bundled dataset: a new edition replaces the old
  imported_at  TIMESTAMP NOT NULL,
  row_count    INTEGER NOT NULL
);

-- One row per cited source within an import (a Comtrade file is one source; an observations
-- file cites many).
CREATE TABLE sources (
  source_id   INTEGER PRIMARY KEY,
  import_id   INTEGER NOT NULL,
  kind        VARCHAR NOT NULL,       -- customs | comtrade | official | press | assumption
  kind_rank   INTEGER NOT NULL,       -- 0 = best (customs)
  citation    VARCHAR NOT NULL,
  url         VARCHAR,
  licence     VARCHAR,
  source_date VARCHAR,                -- YYYY, YYYY-MM or YYYY-MM-DD
  sha256      VARCHAR NOT NULL,       -- of the file it came in
  imported_at TIMESTAMP NOT NULL,
  row_count   INTEGER NOT NULL
);

CREATE TABLE trade_flows (
  flow_id      BIGINT PRIMARY KEY,
  import_id    INTEGER NOT NULL,
  source_id    INTEGER NOT NULL,
  source_line  INTEGER NOT NULL,
  reporter     VARCHAR NOT NULL,
  partner      VARCHAR NOT NULL,
  flow         VARCHAR NOT NULL,      -- export | import | re-export | re-import
  commodity    VARCHAR NOT NULL,      -- catalogue id
  code         VARCHAR,               -- customs code as the file gave it
  period_kind  VARCHAR NOT NULL,      -- month | year | range
  start_month  INTEGER NOT NULL,      -- MonthIndex = year*12 + month-1
  end_month    INTEGER NOT NULL,
  stat         VARCHAR NOT NULL,      -- total | monthly_mean
  qty_kg       DOUBLE,
  qty_half_kg  DOUBLE,                -- half a unit of the figure's last reported digit
  qty_orig     DOUBLE,
  qty_unit     VARCHAR,
  value        DOUBLE,
  value_half   DOUBLE,
  currency     VARCHAR,
  yoy_pct      DOUBLE,
  yoy_half     DOUBLE,
  mom_pct      DOUBLE,
  mom_half     DOUBLE,
  preferred    BOOLEAN,
  record       VARCHAR,
  note         VARCHAR
);

CREATE TABLE events (
  event_id     VARCHAR NOT NULL,
  import_id    INTEGER NOT NULL,
  source_id    INTEGER NOT NULL,
  source_line  INTEGER NOT NULL,
  date_text    VARCHAR NOT NULL,      -- as the source dates it
  start_date   DATE NOT NULL,         -- first day of that year, month or day
  actor        VARCHAR NOT NULL,
  type         VARCHAR NOT NULL,
  elements     VARCHAR[] NOT NULL,
  products     VARCHAR[] NOT NULL,
  destinations VARCHAR[] NOT NULL,    -- empty = all destinations
  end_uses     VARCHAR[] NOT NULL,
  scope_text   VARCHAR NOT NULL,
  description  VARCHAR NOT NULL,
  status       VARCHAR NOT NULL,
  end_date     DATE,                  -- exclusive
  derived      BOOLEAN NOT NULL,
  suspends     VARCHAR[] NOT NULL
);
