-- Lodestone store, schema version 1: imports, sources, trade flows, events. PostgreSQL's version of
-- 001-init.sql: the same tables, with DOUBLE PRECISION for DOUBLE, and text compared byte by byte
-- (COLLATE "C") so that every ORDER BY sorts as DuckDB does, whatever the server's locale.
CREATE TABLE schema_info (version INTEGER NOT NULL, migrated_at TIMESTAMP NOT NULL);

-- One row per imported file (or bundled table); re-importing the same bytes is a no-op.
CREATE TABLE imports (
  import_id    INTEGER PRIMARY KEY,
  file_name    VARCHAR COLLATE "C" NOT NULL,
  format       VARCHAR COLLATE "C" NOT NULL,
  sha256       VARCHAR COLLATE "C" NOT NULL UNIQUE,
  bundled_path VARCHAR COLLATE "C",              -- set for the bundled dataset: a new edition replaces the old
  imported_at  TIMESTAMP NOT NULL,
  row_count    INTEGER NOT NULL
);

-- One row per cited source within an import (a Comtrade file is one source; an observations
-- file cites many).
CREATE TABLE sources (
  source_id   INTEGER PRIMARY KEY,
  import_id   INTEGER NOT NULL,
  kind        VARCHAR COLLATE "C" NOT NULL,       -- customs | comtrade | official | press | assumption
  kind_rank   INTEGER NOT NULL,       -- 0 = best (customs)
  citation    VARCHAR COLLATE "C" NOT NULL,
  url         VARCHAR COLLATE "C",
  licence     VARCHAR COLLATE "C",
  source_date VARCHAR COLLATE "C",                -- YYYY, YYYY-MM or YYYY-MM-DD
  sha256      VARCHAR COLLATE "C" NOT NULL,       -- of the file it came in
  imported_at TIMESTAMP NOT NULL,
  row_count   INTEGER NOT NULL
);

CREATE TABLE trade_flows (
  flow_id      BIGINT PRIMARY KEY,
  import_id    INTEGER NOT NULL,
  source_id    INTEGER NOT NULL,
  source_line  INTEGER NOT NULL,
  reporter     VARCHAR COLLATE "C" NOT NULL,
  partner      VARCHAR COLLATE "C" NOT NULL,
  flow         VARCHAR COLLATE "C" NOT NULL,      -- export | import | re-export | re-import
  commodity    VARCHAR COLLATE "C" NOT NULL,      -- catalogue id
  code         VARCHAR COLLATE "C",               -- customs code as the file gave it
  period_kind  VARCHAR COLLATE "C" NOT NULL,      -- month | year | range
  start_month  INTEGER NOT NULL,      -- MonthIndex = year*12 + month-1
  end_month    INTEGER NOT NULL,
  stat         VARCHAR COLLATE "C" NOT NULL,      -- total | monthly_mean
  qty_kg       DOUBLE PRECISION,
  qty_half_kg  DOUBLE PRECISION,                -- half a unit of the figure's last reported digit
  qty_orig     DOUBLE PRECISION,
  qty_unit     VARCHAR COLLATE "C",
  value        DOUBLE PRECISION,
  value_half   DOUBLE PRECISION,
  currency     VARCHAR COLLATE "C",
  yoy_pct      DOUBLE PRECISION,
  yoy_half     DOUBLE PRECISION,
  mom_pct      DOUBLE PRECISION,
  mom_half     DOUBLE PRECISION,
  preferred    BOOLEAN,
  record       VARCHAR COLLATE "C",
  note         VARCHAR COLLATE "C"
);

CREATE TABLE events (
  event_id     VARCHAR COLLATE "C" NOT NULL,
  import_id    INTEGER NOT NULL,
  source_id    INTEGER NOT NULL,
  source_line  INTEGER NOT NULL,
  date_text    VARCHAR COLLATE "C" NOT NULL,      -- as the source dates it
  start_date   DATE NOT NULL,         -- first day of that year, month or day
  actor        VARCHAR COLLATE "C" NOT NULL,
  type         VARCHAR COLLATE "C" NOT NULL,
  elements     VARCHAR[] COLLATE "C" NOT NULL,
  products     VARCHAR[] COLLATE "C" NOT NULL,
  destinations VARCHAR[] COLLATE "C" NOT NULL,    -- empty = all destinations
  end_uses     VARCHAR[] COLLATE "C" NOT NULL,
  scope_text   VARCHAR COLLATE "C" NOT NULL,
  description  VARCHAR COLLATE "C" NOT NULL,
  status       VARCHAR COLLATE "C" NOT NULL,
  end_date     DATE,                  -- exclusive
  derived      BOOLEAN NOT NULL,
  suspends     VARCHAR[] COLLATE "C" NOT NULL
);
