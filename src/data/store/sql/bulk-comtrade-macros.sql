-- Helpers for the bulk Comtrade path (temporary: they live as long as the connection).
-- A number the loader would read the same way: a plain decimal (sign, digits, point, exponent),
-- after dropping thousands separators, and finite. NULL for anything else (spaces, hex, "1_000",
-- "1e400"…), which bulk-comtrade.ts reads with the loader's own parser into bulk_numbers. Regular
-- expressions, because DuckDB's trim with a set of characters is slow.
CREATE OR REPLACE TEMP MACRO bulk_finite(x) AS CASE WHEN isfinite(x) THEN x END;

CREATE OR REPLACE TEMP MACRO bulk_plain_number(raw) AS bulk_finite(CASE
  WHEN regexp_full_match(raw, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN try_cast(raw AS DOUBLE)
  WHEN contains(raw, ',') AND regexp_full_match(replace(raw, ',', ''), '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?')
    THEN try_cast(replace(raw, ',', '') AS DOUBLE)
END);

-- roundingHalfWidth(v, false) of src/units/quantity.ts: half a unit of the last decimal that
-- JavaScript's shortest form of v shows; 0.5 for an integer; 0 where that form has an exponent
-- (|v| ≥ 1e21 or < 1e-6). DuckDB's shortest form has the same digits, written differently
-- ("1.5e-05", "612340.0"), so the decimals are counted from its mantissa and exponent.
-- The list of halves is 0.5 × 10^-k for k = 0, 1, … as JavaScript computes it (10 ** -4 is not 1e-4).
CREATE OR REPLACE TEMP MACRO bulk_decimals(t) AS CASE
  WHEN contains(t, 'e') THEN
    length(split_part(split_part(t, 'e', 1), '.', 2)) - CAST(split_part(t, 'e', 2) AS INTEGER)
  ELSE length(split_part(t, '.', 2))
END;

CREATE OR REPLACE TEMP MACRO bulk_half(v) AS CASE
  WHEN v IS NULL THEN NULL
  WHEN NOT isfinite(v) OR abs(v) >= 1e21 OR (v <> 0 AND abs(v) < 1e-6) THEN 0
  WHEN v = trunc(v) THEN 0.5
  ELSE ({{halves}})[1 + bulk_decimals(CAST(abs(v) AS VARCHAR))]
END;

-- True when a cell is empty after JavaScript's String.prototype.trim, whose whitespace is this set
-- (tab, LF, VT, FF, CR, space, NBSP, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
-- U+3000, BOM): the loader skips a row whose every cell is blank.
CREATE OR REPLACE TEMP MACRO bulk_blank(x) AS regexp_full_match(coalesce(x, ''),
  '[\t\n\x0B\f\r \x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*');
