/**
 * The bundled USGS Mineral Commodity Summaries table (data/reference/usgs_rare_earths.csv): its name
 * and columns, shared by every reader of it (stage shares, import sources, net import reliance).
 * @module
 */

export const USGS_TABLE = "usgs_rare_earths.csv";

export const USGS_COLUMNS: readonly string[] = [
  "edition",
  "year",
  "country",
  "metric",
  "value",
  "unit",
  "source_url",
  "source_date",
  "note",
];
