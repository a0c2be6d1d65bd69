/**
 * Builds the bundled, sourced dataset under data/ from the curated shared CSVs. The product never
 * reads the shared folder at run time: a developer runs this by hand and commits what it writes.
 *   npx tsx scripts/build-dataset.ts [--shared ../shared/data]
 * The default shared path is `../shared/data` relative to the repository root. Output is sorted and
 * byte-identical on re-run; any value the tables below do not map makes the script fail (exit 1).
 * Nothing here invents a figure: quantities, values and percentages are copied as text.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ImportError, LodestoneError, UsageError } from "../src/errors.js";
import { commodityById } from "../src/ref/commodities.js";
import { countryByIso3 } from "../src/ref/countries.js";
import { decodeText, readTable, RowReader, type Table, type TableRow } from "../src/data/sources/table.js";
import { parsePeriod } from "../src/units/period.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(REPO, "data");

const OBS_HEADER = [
  "period",
  "reporter",
  "partner",
  "flow",
  "commodity",
  "quantity_kg",
  "value_usd",
  "yoy_pct",
  "mom_pct",
  "source",
  "source_url",
  "source_date",
  "preferred",
  "note",
  "source_kind",
  "stat",
  "record",
] as const;

const EVENT_HEADER = [
  "id",
  "date",
  "actor",
  "type",
  "elements",
  "products",
  "destinations",
  "end_uses",
  "scope",
  "description",
  "status",
  "end_date",
  "derived",
  "suspends",
  "source",
  "source_url",
  "source_date",
] as const;

type ObsColumn = (typeof OBS_HEADER)[number];
type EventColumn = (typeof EVENT_HEADER)[number];
type Obs = Record<ObsColumn, string>;
type EventRow = Record<EventColumn, string>;

/** Where an output row came from, for error messages and the README. */
interface Origin {
  readonly file: string;
  readonly line: number;
}

// ---------------------------------------------------------------------------------------------
// Definitions: every mapping is an explicit table; a value not found here stops the build.
// ---------------------------------------------------------------------------------------------

const WSJ_PRINT = "Wall Street Journal, Eastern edition, 2025-07-21, p. A9 (Feng, Rebecca)";

/** Shared `series` text → catalogue id. */
const SERIES_COMMODITY: Readonly<Record<string, string>> = {
  "RE permanent magnets (China customs, as reported)": "re-magnets",
  "RE magnets incl. magnetic powders & alloys (semi-finished)": "re-magnets-powders-alloys",
  "RE permanent magnets and permanent magnet alloys (Adamas, from China customs)": "re-magnets-alloys",
  "Rare earths, 17-element group (China customs; Reuters definition)": "re-group",
  "Rare earth products (Bloomberg calculation from customs; dominated by magnets)": "re-products-bloomberg",
};

/** A row picked by its shared file, output period, partner, flow and URL. */
interface RowKey {
  readonly file: string;
  readonly period: string;
  readonly partner: string;
  readonly flow: "export" | "import";
  readonly url: string;
}

const MAGNETS_M = "china_magnet_exports_monthly.csv";
const MAGNETS_Y = "china_magnet_exports_ytd.csv";
const RE_M = "china_rare_earth_exports_monthly.csv";
const RE_Y = "china_rare_earth_exports_ytd.csv";

/**
 * Rows whose series text understates what was measured. Each must match exactly one row, and
 * that row's note must contain `noteSays`, so a change in the shared file stops the build.
 */
const COMMODITY_OVERRIDES: readonly (RowKey & { commodity: string; noteSays: string; why: string })[] = [
  {
    file: MAGNETS_Y,
    period: "2024",
    partner: "WLD",
    flow: "export",
    url: "https://www.adamasintel.com/record-rare-earth-magnet-exports-from-china-in-2024/",
    commodity: "re-magnets-alloys",
    noteSays: "permanent magnet alloys",
    why: "Adamas' 2024 total covers 'rare earth permanent magnets and permanent magnet alloys': an annual total of magnets plus alloys is a different id from re-magnets.",
  },
];

/**
 * Records the source states itself, normalised to `highest since YYYY-MM`, `lowest since YYYY-MM`
 * or the source's words. Only where the row's note states it for this row's source.
 */
const RECORDS: readonly (RowKey & { record: string; noteSays: string })[] = [
  {
    file: MAGNETS_M,
    period: "2024-02",
    partner: "WLD",
    flow: "export",
    url: "https://metalnomist.com/2024/08/chinas-rare-earth-magnet-exports.html",
    record: "year low (2024)",
    noteSays: "year-low (2024)",
  },
  {
    file: MAGNETS_M,
    period: "2025-01",
    partner: "WLD",
    flow: "export",
    url: "https://samarium.dev/news/china-s-rare-earth-magnet-exports-surge-after-xi-trump-deal",
    record: "record high",
    noteSays: "record monthly high",
  },
  {
    file: MAGNETS_M,
    period: "2025-04",
    partner: "WLD",
    flow: "export",
    url: "https://news.metal.com/newscontent/103342786/rare-earth-permanent-magnets-exports-in-april-2025-hit-a-record-low-in-nearly-five-years-smm-analysis",
    record: "lowest in nearly five years",
    noteSays: "five-year low",
  },
  {
    file: MAGNETS_M,
    period: "2025-05",
    partner: "WLD",
    flow: "export",
    url: "https://test.daily8.com/en/article/033fe4570446f8db877ad583755ff528",
    record: "lowest since 2020-02",
    noteSays: "lowest since Feb-2020",
  },
  {
    file: MAGNETS_M,
    period: "2025-05",
    partner: "WLD",
    flow: "export",
    url: WSJ_PRINT,
    record: "biggest percentage decline in more than a decade",
    noteSays: "the biggest percentage decline in more than a decade",
  },
  {
    file: MAGNETS_M,
    period: "2025-07",
    partner: "WLD",
    flow: "export",
    url: "https://www.kitco.com/news/off-the-wire/2025-08-20/chinas-rare-earth-magnet-exports-hit-six-month-high-july",
    record: "highest since 2025-01",
    noteSays: "highest since January",
  },
  {
    file: MAGNETS_M,
    period: "2025-08",
    partner: "WLD",
    flow: "export",
    url: "https://www.samarium.dev/news/china-s-rare-earth-magnet-exports-rise-to-seven-month-high",
    record: "7-month high",
    noteSays: "7-month high",
  },
  {
    file: MAGNETS_M,
    period: "2025-10",
    partner: "USA",
    flow: "export",
    url: "https://tw.news.yahoo.com/%E5%89%B59%E5%80%8B%E6%9C%88%E6%96%B0%E9%AB%98-%E9%99%B8%E7%A8%80%E5%9C%9F%E7%A3%81%E9%90%B5%E5%B0%8D%E7%BE%8E%E5%87%BA%E5%8F%A3%E9%87%8F%E5%A4%A7%E5%B9%85%E5%9B%9E%E5%8D%87-%E5%B0%88%E5%AE%B6-%E9%87%8D%E7%A8%80%E5%9C%9F%E4%BB%8D%E6%9C%89%E9%99%90-073938056.html",
    record: "highest since 2025-01",
    noteSays: "highest since January 2025",
  },
  {
    file: MAGNETS_M,
    period: "2025-11",
    partner: "WLD",
    flow: "export",
    url: "https://scmp.sxfx.eu.org/economy/economic-indicators/article/3337346/chinas-rare-earth-magnet-exports-eu-jump-nearly-60-approvals-take-effect",
    record: "second-highest on record",
    noteSays: "second-highest on record",
  },
  {
    file: MAGNETS_M,
    period: "2025-11",
    partner: "JPN",
    flow: "export",
    url: "https://international.astroawani.com/global-news/chinas-rareearth-magnet-exports-hit-secondhighest-ever-nov-552629",
    record: "highest of 2025",
    noteSays: "Highest of 2025 for Japan",
  },
  {
    file: MAGNETS_M,
    period: "2025-12",
    partner: "WLD",
    flow: "export",
    url: "http://www.goldsea.com/public/index.php/article_details/china-rare-earth-exports-to-us-japan-fell-in-december",
    record: "fourth-highest month of 2025",
    noteSays: "fourth-highest month of 2025",
  },
  {
    file: MAGNETS_M,
    period: "2026-03",
    partner: "USA",
    flow: "export",
    url: "https://www.hdmune.cn/news/detail/12560605375505",
    record: "nine-month low",
    noteSays: "nine-month low",
  },
  {
    file: MAGNETS_Y,
    period: "2024",
    partner: "WLD",
    flow: "export",
    url: "https://www.adamasintel.com/record-rare-earth-magnet-exports-from-china-in-2024/",
    record: "record high",
    noteSays: "; record;",
  },
  {
    file: MAGNETS_Y,
    period: "2025-01/2025-05",
    partner: "WLD",
    flow: "export",
    url: "https://econotimes.com/Chinas-Rare-Earth-Magnet-Exports-Plunge-Amid-Tighter-Export-Controls-1713812",
    record: "lowest Jan-May since 2021",
    noteSays: "lowest Jan-May since 2021",
  },
  {
    file: RE_M,
    period: "2024-05",
    partner: "WLD",
    flow: "export",
    url: "https://www.dailymail.co.uk/wires/reuters/article-13504385/China-May-rare-earth-exports-jump-36-y-y-restocking.html",
    record: "record high (at the time)",
    noteSays: "record high at the time",
  },
  {
    file: RE_M,
    period: "2025-05",
    partner: "WLD",
    flow: "export",
    url: "https://www.business-standard.com/amp/world-news/china-s-rare-earth-exports-hit-five-year-low-as-magnet-sales-curbs-125061801486_1.html",
    record: "lowest since 2020-02",
    noteSays: "lowest since Feb-2020",
  },
  {
    file: RE_M,
    period: "2025-06",
    partner: "WLD",
    flow: "export",
    url: "https://www.zerohedge.com/commodities/chinas-rare-earths-exports-high-highest-level-2009",
    record: "highest since 2009",
    noteSays: "highest since 2009",
  },
  {
    file: RE_M,
    period: "2025-08",
    partner: "WLD",
    flow: "export",
    url: "https://news.az/news/china-boosts-rare-earth-exports-after-us-deal",
    record: "record high",
    noteSays: "record month",
  },
  {
    file: RE_M,
    period: "2025-11",
    partner: "WLD",
    flow: "export",
    url: "https://news.az/news/china-boosts-rare-earth-exports-after-us-deal",
    record: "third-highest on record",
    noteSays: "third-highest month on record",
  },
  {
    file: RE_Y,
    period: "2023",
    partner: "WLD",
    flow: "export",
    url: "https://lithium-news.com/chinas-rare-earth-exports-hit-5-year-high-on-demand-from-ev-high-tech-sectors",
    record: "highest since 2018",
    noteSays: "highest since 2018",
  },
  {
    file: RE_Y,
    period: "2024",
    partner: "WLD",
    flow: "export",
    url: "https://newsfromrss.com/chinas-rare-earth-exports-in-2024-climb-as-home-demand-limited",
    record: "record high (Reuters records from 2014)",
    noteSays: "highest since Reuters records from 2014",
  },
  {
    file: RE_Y,
    period: "2025",
    partner: "WLD",
    flow: "export",
    url: "https://www.kaohooninternational.com/economics/574357",
    record: "highest since at least 2014",
    noteSays: "highest since at least 2014",
  },
];

/** Record-like statements deliberately left out of `record`, with why (listed in the README). */
const RECORDS_NOT_TAKEN: readonly string[] = [
  "2024-02 WLD (metalnomist, Aug-2024): the 'record low' comes from a different metalnomist article (Oct-2024), not this row's source; only 'year-low (2024)' is recorded.",
  "2025-05 WLD (Reuters copy): 'biggest decline since at least 2012' is WSJ's statement quoted in the note; it is recorded on the WSJ print row instead.",
  "2025-07 IND (ibnews): 'record high for India' is attributed to etnet, not to this row's source.",
  "2025-11 WLD (Reuters copy, astroawani): the page title says 'second-highest ever' but the row's note does not; the statement is recorded on the SCMP row, whose note quotes it.",
];

/**
 * Outlets that a note can name as the reporter of a figure. The source rule, in order:
 * 0. the host is an outlet's own site (OWN_HOSTS): source = "<outlet> (<host>)";
 * 1. the note begins with outlets (one, or several joined by "/", e.g. "Reuters/Nikkei: …"), or its
 *    first clause begins "Reported" and names them ("Reported by Reuters as …"): those outlets;
 * 2. else, when other rows citing the same URL name outlets by rule 1 and all agree: those outlets
 *    (one article, one reporter: a Reuters story copied on kitco.com is Reuters for every row);
 * then source = "<outlets> via <host>"; otherwise source = the host (www. dropped). An outlet named
 * later in a note ("CONFLICTS with Reuters …") does not count: such notes compare, not attribute.
 * The WSJ print rows have no URL: source = the print citation.
 */
const OUTLETS = [
  "Ferroalloy Online",
  "metalnomist",
  "Bloomberg",
  "Statista",
  "Reuters",
  "Adamas",
  "Nikkei",
  "REEx",
  "SCMP",
  "TASS",
  "SMM",
  "WSJ",
] as const;

/** Outlets' own sites (metalnomist is left out: its host already names it). */
const OWN_HOSTS: Readonly<Record<string, string>> = {
  "adamasintel.com": "Adamas",
  "news.metal.com": "SMM",
  "rareearthexchanges.com": "REEx",
  "tass.com": "TASS",
};

const REE = [
  "La",
  "Ce",
  "Pr",
  "Nd",
  "Pm",
  "Sm",
  "Eu",
  "Gd",
  "Tb",
  "Dy",
  "Ho",
  "Er",
  "Tm",
  "Yb",
  "Lu",
  "Sc",
  "Y",
];
const EVENT_PRODUCTS: ReadonlySet<string> = new Set([
  "re-ores",
  "re-compounds",
  "re-metals",
  "re-group",
  "re-magnets",
  "re-magnets-alloys",
  "re-magnets-powders-alloys",
]);
const STATUSES: ReadonlySet<string> = new Set([
  "announced",
  "in_force",
  "suspended",
  "ended",
  "scheduled",
  "threat",
]);

/** One entry per shared policy event, keyed `date|actor`. Lists are `;`-separated. */
interface EventDef {
  /** Hand-picked id suffix; generated from the scope text when absent. */
  readonly slug?: string;
  readonly status: string;
  readonly elements?: string;
  readonly products?: string;
  readonly destinations?: string;
  readonly endUses?: string;
  readonly endDate?: string;
  /** Ids (full) this event suspends from its date to its end date. */
  readonly suspends?: string;
  /** True when end date or scope lists come from our reasoning, not the source's words. */
  readonly derived: boolean;
  /** Why: shown in the README for every structured or derived entry. */
  readonly why?: string;
}

const ANN18_ELEMENTS = "Sm;Gd;Tb;Dy;Lu;Sc;Y";
const OCT9_ELEMENTS = "Ho;Er;Tm;Eu;Yb";
const RE_FORMS = "re-compounds;re-metals;re-magnets";
const OCT9_ID = "CHN-2025-10-09-ann61-62";

const EVENTS: Readonly<Record<string, EventDef>> = {
  "2006|CHN": { slug: "quota", status: "ended", derived: false },
  "2010|CHN": { slug: "quota", status: "ended", derived: false },
  "2010-09-21|CHN": {
    slug: "japan-halt",
    status: "ended",
    products: "re-group",
    destinations: "JPN",
    endDate: "2010-11-20",
    derived: true,
    why: "End date 2010-11-20 is Global Trade Alert's removal date, stated in the description. Products: the source says only 'rare-earth shipments'; re-group (China's headline rare-earth export series) is our reading, hence derived.",
  },
  "2011|CHN": { slug: "quota", status: "ended", derived: false },
  "2012-03|USA/EU/JPN": { slug: "wto-consultations", status: "announced", derived: false },
  "2014|WTO": { slug: "wto-ruling", status: "announced", derived: false },
  "2015-01-01|CHN": { slug: "quota-scrapped", status: "in_force", derived: false },
  "2018-08|USA": { slug: "ndaa-871", status: "in_force", derived: false },
  "2019-04-30|USA": { slug: "dfars-interim", status: "in_force", derived: false },
  "2020-09-03|EU": { status: "announced", derived: false },
  "2022-04|AUS": { status: "announced", derived: false },
  "2022-04-21|MP Materials": { status: "announced", derived: false },
  "2023-03-24|CHN": { slug: "quota-2023", status: "ended", derived: false },
  "2023-07-03|CHN": { slug: "ann23-ga-ge", status: "in_force", derived: false },
  "2023-12-01|CHN": { slug: "graphite", status: "in_force", derived: false },
  "2023-12-21|CHN": { slug: "tech-ban", status: "in_force", derived: false },
  "2024-02-06|CHN": { slug: "quota-2024", status: "ended", derived: false },
  "2024-05-14|USA": { slug: "s301-review", status: "announced", derived: false },
  "2024-05-30|USA": { slug: "dfars-final-rule", status: "announced", derived: false },
  "2024-09-13|USA": { slug: "s301-final", status: "announced", derived: false },
  "2024-12|CHN": {
    slug: "ga-ge-sb",
    status: "suspended",
    derived: false,
    why: "Status 'suspended' rests on FDD's statement (in the description) that this tranche was paused for one year in Nov-2025; rawmaterials.net notes that the Nov-7 MOFCOM text names only the October-2025 measures, so no event here lists it in `suspends`.",
  },
  "2024-12|AUS": { status: "announced", derived: false },
  "2025-04-02|USA": { slug: "reciprocal-tariffs", status: "announced", derived: false },
  "2025-04-04|CHN": {
    slug: "ann18",
    status: "in_force",
    elements: ANN18_ELEMENTS,
    products: RE_FORMS,
    derived: false,
    why: "Elements and product forms (metals, alloys, oxides, compounds, permanent-magnet materials) are stated in the scope and description. Caveat: re-magnets is the whole tariff line 85051110; the licence covers only magnets containing the seven elements, so it touches part of that line. In force: Ann. No. 70's source says the April regime stays in force.",
  },
  "2025-04-15|USA": { slug: "s232-investigation", status: "announced", derived: false },
  "2025-05-12|USA/CHN": {
    slug: "geneva",
    status: "announced",
    destinations: "USA",
    derived: true,
    why: "Bilateral truce: destinations USA is our reading of China's side of the deal. Suspends nothing here: the source says China would suspend non-tariff countermeasures, but Ann. No. 18 licensing stayed in force (Ann. No. 70's source). No end date: '90 days' is stated, not a date.",
  },
  "2025-05-16|Lynas": { status: "announced", derived: false },
  "2025-06-10|USA/CHN": {
    slug: "london",
    status: "announced",
    products: RE_FORMS,
    destinations: "USA",
    derived: true,
    why: "Scope text says 'rare earths and magnets'; mapping 'rare earths' to re-compounds;re-metals and the USA destination (bilateral framework) are our reading.",
  },
  "2025-07|MP Materials": { status: "announced", derived: false },
  "2025-07|Apple/MP Materials": { status: "announced", derived: false },
  "2025-07-10|USA (DoD)": { slug: "mp-partnership", status: "announced", derived: false },
  "2025-08-22|CHN": { slug: "total-volume-control", status: "announced", derived: false },
  "2025-09-19|Neo Performance Materials": { slug: "narva", status: "announced", derived: false },
  "2025-09-26|Niron Magnetics": { slug: "sartell", status: "announced", derived: false },
  "2025-10|USA": {
    slug: "tariff-threat-100",
    status: "threat",
    derived: false,
    why: "A threat only: the description says it was not implemented.",
  },
  "2025-10-09|CHN": {
    slug: "ann61-62",
    status: "suspended",
    elements: OCT9_ELEMENTS,
    products: RE_FORMS,
    derived: true,
    why: "Elements Ho, Er, Tm, Eu, Yb are stated. Product forms are not listed in the description (it names 'medium/heavy RE items', technologies, equipment and the 0.1% rule): re-compounds;re-metals;re-magnets by analogy with Ann. No. 18, hence derived. Suspended by CHN-2025-11-07-ann70 until 2026-11-10.",
  },
  "2025-10-30|USA/CHN": {
    slug: "busan",
    status: "announced",
    elements: OCT9_ELEMENTS,
    products: RE_FORMS,
    destinations: "USA",
    derived: true,
    why: "The announcement of the suspension; it suspends nothing itself: the instrument is Ann. No. 70 (CHN-2025-11-07-ann70). Scope copied from the Oct-9 measures; destinations USA because the commitment was made to the US (the legal suspension applies to all destinations).",
  },
  "2025-11-03|USA": { slug: "vulcan-reelement", status: "announced", derived: false },
  "2025-11-07|CHN": {
    slug: "ann70",
    status: "in_force",
    elements: OCT9_ELEMENTS,
    products: RE_FORMS,
    endDate: "2026-11-10",
    suspends: OCT9_ID,
    derived: true,
    why: "End date 2026-11-10 is stated. Scope lists are copied from the suspended Oct-9 measures (derived). Suspends CHN-2025-10-09-ann61-62 only: the source says the No. 18 regime stays in force.",
  },
  "2025-11-07|USA": { slug: "fentanyl-tariff-cut", status: "announced", derived: false },
  "2025-12|EU": { slug: "resourceeu", status: "announced", derived: false },
  "2025-12-18|CHN": {
    slug: "general-licences",
    status: "in_force",
    elements: ANN18_ELEMENTS,
    products: RE_FORMS,
    derived: true,
    why: "The source says only 'rare earths'; the licences ease the Ann. No. 18 licensing, so its elements and forms are our reading. 'Year-long' is not stated as a date, so no end date.",
  },
  "2026-01-01|USA": {
    slug: "s301-magnets-25",
    status: "in_force",
    products: "re-magnets",
    destinations: "USA",
    derived: true,
    why: "A US tariff on Chinese 'permanent magnets': re-magnets (which holds HTS 8505110070) and destination USA are our reading. Status in_force is an assumption: the 2024 final determination scheduled it and no source in the data reports a change.",
  },
  "2026-01-06|CHN": {
    slug: "japan-dual-use",
    status: "in_force",
    products: RE_FORMS,
    destinations: "JPN",
    endUses: "military",
    derived: true,
    why: "Destination and end use are stated ('Japan's military'); 'RE & magnets' mapped to re-compounds;re-metals;re-magnets is our reading. Date: the source says 'Tuesday, January 7'; 2026-01-06 was the Tuesday.",
  },
  "2026-02-26|MP Materials": { slug: "northlake", status: "announced", derived: false },
  "2026-11-10|CHN": {
    slug: "ann70-end",
    status: "scheduled",
    elements: OCT9_ELEMENTS,
    products: RE_FORMS,
    derived: true,
    why: "Scope copied from the Oct-9 measures whose suspension ends (derived).",
  },
  "2027-01-01|USA": {
    slug: "dfars-2027",
    status: "scheduled",
    products: "re-magnets",
    derived: true,
    why: "'NdFeB & SmCo magnets' mapped to re-magnets is our reading. A procurement rule for US defence buyers, not a trade measure: destinations left empty.",
  },
};

// ---------------------------------------------------------------------------------------------
// Reading and checking the shared files
// ---------------------------------------------------------------------------------------------

interface SharedTable {
  readonly file: string;
  readonly table: Table;
  readonly r: RowReader;
}

function readShared(dir: string, file: string, columns: readonly string[]): SharedTable {
  const path = join(dir, file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new ImportError(path, null, null, "cannot read the file (is --shared right?)");
  }
  const table = readTable(decodeText(bytes), file, ",");
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length > 0) throw new ImportError(file, 1, null, `missing columns: ${missing.join(", ")}`);
  return { file, table, r: new RowReader(file, table.header) };
}

function checkNumber(t: SharedTable, row: TableRow, field: string): string {
  const v = t.r.cell(row, field);
  if (v !== "" && !/^-?\d+(\.\d+)?$/.test(v)) t.r.fail(row, field, `"${v}" is not a plain number`);
  return v;
}

function checkDate(t: SharedTable, row: TableRow, field: string): string {
  const v = t.r.cell(row, field);
  if (v !== "" && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) t.r.fail(row, field, `"${v}" is not YYYY[-MM[-DD]]`);
  return v;
}

function checkPartner(t: SharedTable, row: TableRow): string {
  const v = t.r.required(row, "partner");
  if (!countryByIso3(v) || v !== v.toUpperCase())
    t.r.fail(row, "partner", `"${v}" is not an ISO3 or aggregate code`);
  return v;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** Rule 1 of the source rule (see OUTLETS): the outlets a note names as the reporter. */
function noteOutlets(note: string): string[] {
  const leading = leadingOutlets(note);
  if (leading.length > 0) return leading;
  const first = note.split(/[.;](?:\s|$)/)[0] ?? "";
  return first.startsWith("Reported") ? outletsIn(first) : [];
}

/** Rules 0 and 2 of the source rule, given each row's rule-1 outlets. */
function assignSources(drafts: readonly Draft[]): void {
  const byUrl = new Map<string, Set<string>>();
  for (const d of drafts) {
    if (d.outlets.length === 0) continue;
    const set = byUrl.get(d.obs.source_url) ?? new Set<string>();
    set.add(d.outlets.join("/"));
    byUrl.set(d.obs.source_url, set);
  }
  for (const d of drafts) {
    const url = d.obs.source_url;
    if (url === "") continue;
    const host = hostOf(url);
    const own = OWN_HOSTS[host];
    const agreed = byUrl.get(url);
    let outlets = d.outlets.join("/");
    if (outlets === "" && agreed?.size === 1) outlets = [...agreed][0] ?? "";
    if (own !== undefined) d.obs.source = `${own} (${host})`;
    else d.obs.source = outlets === "" ? host : `${outlets} via ${host}`;
  }
}

function leadingOutlets(note: string): string[] {
  const found: string[] = [];
  let at = 0;
  for (;;) {
    const name = OUTLETS.find(
      (o) => note.startsWith(o, at) && !/[A-Za-z0-9]/.test(note.charAt(at + o.length)),
    );
    if (!name) return found;
    found.push(name);
    at += name.length;
    if (note.charAt(at) !== "/") return found;
    at += 1;
  }
}

function outletsIn(text: string): string[] {
  return OUTLETS.map((o) => ({ o, at: text.search(new RegExp(`\\b${o}\\b`)) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.o);
}

// ---------------------------------------------------------------------------------------------
// Observations
// ---------------------------------------------------------------------------------------------

interface NotImported {
  readonly origin: Origin;
  readonly what: string;
  readonly reason: string;
}

/** One shared trade row on its way out: its output row, rule-1 outlets and where it goes. */
interface Draft {
  readonly obs: Obs;
  readonly outlets: readonly string[];
  readonly origin: Origin;
  /** The shared source_url (the WSJ print citation included), for table keys. */
  readonly url: string;
  readonly target: string;
}

function keyMatches(k: RowKey, d: Draft): boolean {
  const o = d.obs;
  return (
    k.file === d.origin.file &&
    k.period === o.period &&
    k.partner === o.partner &&
    k.flow === o.flow &&
    k.url === d.url
  );
}

function tradeRows(t: SharedTable, kind: "monthly" | "ytd", hasFlow: boolean, target: string): Draft[] {
  const drafts: Draft[] = [];
  for (const row of t.table.rows) {
    let period: string;
    if (kind === "monthly") {
      period = t.r.required(row, "period");
    } else {
      const start = t.r.required(row, "period_start");
      const end = t.r.required(row, "period_end");
      const y = start.slice(0, 4);
      // A Jan–Dec range of one year is that year's annual total.
      period = start === `${y}-01` && end === `${y}-12` ? y : `${start}/${end}`;
    }
    const parsed = parsePeriod(period);
    if (typeof parsed === "string") t.r.fail(row, kind === "monthly" ? "period" : "period_start", parsed);

    const series = t.r.required(row, "series");
    const mapped = SERIES_COMMODITY[series];
    if (mapped === undefined)
      t.r.fail(row, "series", `unmapped series "${series}" (add it to SERIES_COMMODITY)`);

    const flow = hasFlow ? t.r.required(row, "flow") : "export";
    if (flow !== "export" && flow !== "import") t.r.fail(row, "flow", `"${flow}" is not export or import`);
    const primary = t.r.required(row, "is_primary_row");
    if (primary !== "0" && primary !== "1") t.r.fail(row, "is_primary_row", `"${primary}" is not 0 or 1`);

    const url = t.r.required(row, "source_url");
    if (url !== WSJ_PRINT && hostOf(url) === "")
      t.r.fail(row, "source_url", `"${url}" is neither a URL nor a known citation`);
    const note = t.r.cell(row, "note");
    drafts.push({
      obs: {
        period,
        reporter: "CHN",
        partner: checkPartner(t, row),
        flow,
        commodity: mapped,
        quantity_kg: checkNumber(t, row, "quantity_kg"),
        value_usd: checkNumber(t, row, "value_usd"),
        yoy_pct: checkNumber(t, row, "yoy_pct"),
        mom_pct: kind === "monthly" ? checkNumber(t, row, "mom_pct") : "",
        source: url === WSJ_PRINT ? WSJ_PRINT : "",
        source_url: url === WSJ_PRINT ? "" : url,
        source_date: checkDate(t, row, "source_date"),
        preferred: primary,
        note,
        source_kind: "press",
        stat: "total",
        record: "",
      },
      outlets: url === WSJ_PRINT ? [] : noteOutlets(note),
      origin: { file: t.file, line: row.line },
      url,
      target,
    });
  }
  return drafts;
}

/** Applies the commodity-override and record tables; each entry must match exactly one row. */
function applyTables(drafts: readonly Draft[]): void {
  for (const entry of [...COMMODITY_OVERRIDES, ...RECORDS]) {
    const hits = drafts.filter((d) => keyMatches(entry, d));
    const where = `${entry.file} ${entry.period} ${entry.partner} ${entry.flow} ${entry.url}`;
    if (hits.length !== 1)
      throw new LodestoneError(`table entry ${where} matches ${hits.length} rows, not 1`);
    const d = hits[0] as Draft;
    if (!d.obs.note.includes(entry.noteSays)) {
      throw new ImportError(
        d.origin.file,
        d.origin.line,
        "note",
        `table entry expects the note to say "${entry.noteSays}"`,
      );
    }
    if ("commodity" in entry) d.obs.commodity = entry.commodity;
    else d.obs.record = entry.record;
  }
  for (const d of drafts) {
    if (!commodityById(d.obs.commodity)) {
      throw new ImportError(
        d.origin.file,
        d.origin.line,
        "series",
        `commodity id "${d.obs.commodity}" is not in the catalogue`,
      );
    }
  }
}

/** A row with no quantity, value or percentage carries no figure: it is listed, not imported. */
function hasFigure(o: Obs): boolean {
  return o.quantity_kg !== "" || o.value_usd !== "" || o.yoy_pct !== "" || o.mom_pct !== "";
}

function publishedAverages(t: SharedTable): Obs[] {
  const hits = t.table.rows.filter((row) => t.r.cell(row, "indicator") === "monthly_average_exports");
  if (hits.length !== 1)
    throw new ImportError(
      t.file,
      null,
      "indicator",
      `expected one monthly_average_exports row, found ${hits.length}`,
    );
  const row = hits[0] as TableRow;
  const expect = (field: string, value: string) => {
    if (t.r.cell(row, field) !== value)
      t.r.fail(row, field, `expected "${value}", found "${t.r.cell(row, field)}"`);
  };
  expect("subject", "China rare-earth magnet exports");
  expect("unit", "kg per month");
  expect("source_url", WSJ_PRINT);
  const year = t.r.required(row, "year");
  if (!/^\d{4}$/.test(year)) t.r.fail(row, "year", `"${year}" is not a year`);
  return [
    {
      period: year,
      reporter: "CHN",
      partner: "WLD",
      flow: "export",
      commodity: "re-magnets",
      quantity_kg: checkNumber(t, row, "value"),
      value_usd: "",
      yoy_pct: "",
      mom_pct: "",
      source: WSJ_PRINT,
      source_url: "",
      source_date: checkDate(t, row, "source_date"),
      // The only row for its key, so it is the preferred one.
      preferred: "1",
      note: t.r.cell(row, "note"),
      source_kind: "press",
      stat: "monthly_mean",
      record: "",
    },
  ];
}

function obsKey(o: Obs): string {
  return [o.period, o.reporter, o.partner, o.flow, o.commodity, o.stat, o.source, o.source_url].join("|");
}

/** Checks unique keys and at most one preferred row per figure; sorts. */
function finishObservations(file: string, rows: Obs[]): Obs[] {
  const seen = new Map<string, Obs>();
  for (const o of rows) {
    const k = obsKey(o);
    if (seen.has(k)) throw new LodestoneError(`${file}: two shared rows collide on key ${k}`);
    seen.set(k, o);
  }
  const preferred = new Map<string, number>();
  for (const o of rows.filter((x) => x.preferred === "1")) {
    const k = [o.period, o.partner, o.flow, o.commodity, o.stat].join("|");
    preferred.set(k, (preferred.get(k) ?? 0) + 1);
  }
  for (const [k, n] of preferred) {
    if (n > 1) throw new LodestoneError(`${file}: ${n} preferred rows for ${k}`);
  }
  return [...rows].sort(compareObs);
}

function periodBounds(p: string): [string, string] {
  if (/^\d{4}$/.test(p)) return [`${p}-01`, `${p}-12`];
  const [a, b] = p.split("/");
  return [a ?? p, b ?? a ?? p];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Months, then cumulative ranges, then calendar years; each chronological. */
function kindRank(p: string): number {
  return p.includes("/") ? 1 : p.length === 4 ? 2 : 0;
}

function compareObs(a: Obs, b: Obs): number {
  const [as, ae] = periodBounds(a.period);
  const [bs, be] = periodBounds(b.period);
  return (
    kindRank(a.period) - kindRank(b.period) ||
    cmp(as, bs) ||
    cmp(ae, be) ||
    cmp(a.period, b.period) ||
    cmp(a.partner, b.partner) ||
    cmp(a.flow, b.flow) ||
    cmp(a.commodity, b.commodity) ||
    cmp(a.stat, b.stat) ||
    cmp(b.preferred, a.preferred) ||
    cmp(a.source, b.source) ||
    cmp(a.source_url, b.source_url)
  );
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

function slugify(text: string, words: number): string {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "")
    .slice(0, words)
    .join("-");
}

function checkList(
  t: SharedTable,
  row: TableRow,
  field: string,
  list: string | undefined,
  ok: (v: string) => boolean,
) {
  for (const v of (list ?? "").split(";").filter((x) => x !== "")) {
    if (!ok(v)) t.r.fail(row, null, `EVENTS table: ${field} "${v}" is not allowed`);
  }
}

function buildEvents(t: SharedTable): { rows: EventRow[]; defs: Map<string, EventDef> } {
  const used = new Set<string>();
  const rows: EventRow[] = [];
  const defs = new Map<string, EventDef>();
  for (const row of t.table.rows) {
    const date = checkDate(t, row, "date");
    if (date === "") t.r.fail(row, "date", "is empty");
    const actor = t.r.required(row, "actor");
    const key = `${date}|${actor}`;
    const def = EVENTS[key];
    if (!def) t.r.fail(row, null, `no EVENTS entry for "${key}" (every event needs a reviewed status)`);
    if (used.has(key)) t.r.fail(row, null, `two events share the EVENTS key "${key}"`);
    used.add(key);
    if (!STATUSES.has(def.status)) t.r.fail(row, null, `status "${def.status}" is not allowed`);
    checkList(t, row, "elements", def.elements, (v) => REE.includes(v));
    checkList(t, row, "products", def.products, (v) => EVENT_PRODUCTS.has(v));
    checkList(t, row, "destinations", def.destinations, (v) => countryByIso3(v) !== undefined);
    if (def.endDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(def.endDate)) {
      t.r.fail(row, null, `end date "${def.endDate}" is not YYYY-MM-DD`);
    }
    const scope = t.r.required(row, "elements_or_products");
    const actorSlug = actor
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const id = `${actorSlug}-${date}-${def.slug ?? slugify(scope, 3)}`;
    const url = t.r.required(row, "source_url");
    rows.push({
      id,
      date,
      actor,
      type: t.r.required(row, "event_type"),
      elements: def.elements ?? "",
      products: def.products ?? "",
      destinations: def.destinations ?? "",
      end_uses: def.endUses ?? "",
      scope,
      description: t.r.required(row, "description"),
      status: def.status,
      end_date: def.endDate ?? "",
      derived: def.derived ? "1" : "0",
      suspends: def.suspends ?? "",
      source: hostOf(url) || url,
      source_url: url,
      source_date: checkDate(t, row, "source_date"),
    });
    defs.set(id, def);
  }
  const unused = Object.keys(EVENTS).filter((k) => !used.has(k));
  if (unused.length > 0)
    throw new LodestoneError(`EVENTS entries match no shared event: ${unused.join(", ")}`);
  const ids = new Set<string>();
  for (const e of rows) {
    if (ids.has(e.id)) throw new LodestoneError(`duplicate event id ${e.id}`);
    ids.add(e.id);
  }
  for (const e of rows) {
    for (const s of e.suspends.split(";").filter((x) => x !== "")) {
      if (!ids.has(s)) throw new LodestoneError(`event ${e.id} suspends unknown id ${s}`);
    }
  }
  rows.sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id));
  return { rows, defs };
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

function csvCell(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function toCsv<C extends string>(header: readonly C[], rows: readonly Record<C, string>[]): string {
  const lines = [header.join(","), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(","))];
  return lines.join("\n") + "\n";
}

function write(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const REFERENCE_FILES = [
  "usgs_rare_earths.csv",
  "magnet_supply_capacity.csv",
  "magnet_demand_intensity.csv",
  "recycling_substitution.csv",
  "end_use_volumes.csv",
  "eu_crm_2023.csv",
  "wgi.csv",
  "published_indicators.csv",
] as const;

const RAW_FILE = "raw/critmat_eureport_results.csv";

function dataRowCount(file: string, bytes: Uint8Array): number {
  return readTable(decodeText(bytes), file, ",").rows.length;
}

// ---------------------------------------------------------------------------------------------
// README
// ---------------------------------------------------------------------------------------------

function coverage(rows: readonly Obs[]): string {
  const months = [...new Set(rows.filter((o) => /^\d{4}-\d{2}$/.test(o.period)).map((o) => o.period))].sort();
  const years = [...new Set(rows.filter((o) => /^\d{4}$/.test(o.period)).map((o) => o.period))].sort();
  const ranges = [...new Set(rows.filter((o) => o.period.includes("/")).map((o) => o.period))].sort();
  const partners = [...new Set(rows.map((o) => o.partner))].sort();
  const flows = [...new Set(rows.map((o) => o.flow))].sort();
  const commodities = [...new Set(rows.map((o) => o.commodity))].sort();
  const parts = [];
  if (months.length > 0) parts.push(`months (${months.length}): ${months.join(", ")}`);
  if (years.length > 0) parts.push(`years: ${years.join(", ")}`);
  if (ranges.length > 0) parts.push(`cumulative ranges (${ranges.length}): ${ranges.join(", ")}`);
  parts.push(`partners: ${partners.join(", ")}`);
  parts.push(`flows: ${flows.join(", ")}`);
  parts.push(`commodities: ${commodities.join(", ")}`);
  return parts.join("; ");
}

function mdCell(v: string): string {
  return v.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

interface Summary {
  readonly obs: ReadonlyMap<string, readonly Obs[]>;
  readonly events: readonly EventRow[];
  readonly defs: ReadonlyMap<string, EventDef>;
  readonly notImported: readonly NotImported[];
  readonly reference: ReadonlyMap<string, number>;
}

function readme(s: Summary): string {
  const obsFile = (name: string) => s.obs.get(name) ?? [];
  const count = (name: string) => obsFile(name).length;
  const L: string[] = [];
  L.push("# Bundled dataset");
  L.push("");
  L.push(
    "Written by `scripts/build-dataset.ts` from the curated shared data (`../shared/data`); do not edit by hand. " +
      "Regenerate with `npx tsx scripts/build-dataset.ts` (or `--shared <dir>`); the output is sorted and byte-identical on re-run. " +
      "No figure here was computed: quantities, values and percentages are the shared files' text. " +
      "Every row keeps its citation (`source_url` or a print citation, and `source_date`).",
  );
  L.push("");
  L.push("## Files");
  L.push("");
  L.push("| file | rows | what |");
  L.push("|---|---|---|");
  L.push(
    `| observations/china-magnet-exports.csv | ${count("china-magnet-exports.csv")} | China exports of rare-earth permanent magnets, monthly, cumulative and annual, by partner (from china_magnet_exports_monthly.csv and china_magnet_exports_ytd.csv). |`,
  );
  L.push(
    `| observations/china-rare-earth-trade.csv | ${count("china-rare-earth-trade.csv")} | China exports and imports of the 17-element rare-earth group, plus Bloomberg's separate 'rare earth products' series (from china_rare_earth_exports_monthly.csv and china_rare_earth_exports_ytd.csv). |`,
  );
  L.push(
    `| observations/published-averages.csv | ${count("published-averages.csv")} | Reported averages: WSJ's 2024 monthly-average magnet exports (stat monthly_mean; from published_indicators.csv). |`,
  );
  L.push(
    `| events.csv | ${s.events.length} | Policy and industry timeline 2006 → 2027 (from policy_events.csv). |`,
  );
  for (const [file, n] of s.reference) {
    L.push(`| reference/${file} | ${n} | Byte-for-byte copy of the shared file; keeps its own citations. |`);
  }
  L.push("");
  L.push("### Coverage of the observation files");
  L.push("");
  for (const name of ["china-magnet-exports.csv", "china-rare-earth-trade.csv", "published-averages.csv"]) {
    const rows = obsFile(name);
    const pref = rows.filter((o) => o.preferred === "1").length;
    L.push(`- **${name}**: ${rows.length} rows, ${pref} preferred. ${coverage(rows)}.`);
  }
  L.push("");
  L.push("## Observations format");
  L.push("");
  L.push(`Header: \`${OBS_HEADER.join(",")}\`.`);
  L.push("");
  L.push(
    "- `period`: `YYYY-MM`, `YYYY` (calendar-year total) or `YYYY-MM/YYYY-MM` (cumulative). A shared Jan–Dec range of one year becomes `YYYY`.",
  );
  L.push(
    "- `reporter` is CHN. `partner` is ISO3 or an aggregate as in the shared files: WLD, EU27, EUR ('Europe' as the source defines it), OTH. Aggregates are never summed with members or with each other; EU27 and EUR are different regions.",
  );
  L.push(
    "- `quantity_kg`, `value_usd`, `yoy_pct`, `mom_pct` are copied as text from the shared file; an empty cell stays empty. `mom_pct` is empty for cumulative rows (the shared YTD files have no m/m column).",
  );
  L.push(
    "- `preferred` = the shared `is_primary_row`: filter on `preferred=1` for one row per period, partner, flow, commodity and stat; `0` rows corroborate or conflict.",
  );
  L.push("- `note` is the shared note unchanged: sums and ratios in it are marked as derived there.");
  L.push(
    "- `source_kind` is `press` for every row: these are press reports of China customs (GAC) data, not the customs release itself. `stat` is `total` except the monthly-mean row.",
  );
  L.push(
    "- The shared `hs_code` column is not carried: the tariff line 85051110 is stated only on the metalnomist and SMM rows, and their notes say so.",
  );
  L.push("");
  L.push("### Commodity mapping (shared `series` → catalogue id)");
  L.push("");
  L.push("| series | id |");
  L.push("|---|---|");
  for (const [series, id] of Object.entries(SERIES_COMMODITY)) L.push(`| ${mdCell(series)} | ${id} |`);
  L.push("");
  for (const ov of COMMODITY_OVERRIDES) {
    L.push(
      `Override: ${ov.file} ${ov.period} ${ov.partner} (${hostOf(ov.url)}) → \`${ov.commodity}\`. ${ov.why}`,
    );
  }
  L.push("");
  L.push(
    "`re-products-bloomberg` is Bloomberg's own calculation from customs ('rare earth products', dominated by magnets): not re-group and not re-magnets. It has its own id in the catalogue (`src/ref/commodities.ts`).",
  );
  L.push("");
  L.push("### Source rule");
  L.push("");
  L.push(
    "`source` names who reported the figure when a note says so at its start: the note begins with an outlet " +
      `(${OUTLETS.join(", ")}; several joined by '/'), or its first clause begins 'Reported' and names one. ` +
      "A row whose note names no outlet takes the outlet(s) that the other rows citing the same URL name, when they all agree " +
      "(one article, one reporter: a Reuters story copied on kitco.com is Reuters for every row of it). " +
      "Then `source` = '<outlet> via <host>' (e.g. 'Reuters via kitco.com'). On an outlet's own site `source` = '<outlet> (<host>)' " +
      `(${Object.entries(OWN_HOSTS)
        .map(([h, o]) => `${o} (${h})`)
        .join(", ")}). ` +
      "Otherwise `source` = the host (www. dropped), e.g. 'metalnomist.com'. An outlet named later in a note ('CONFLICTS with Reuters …') does not count. " +
      `The WSJ print rows have \`source\` = '${WSJ_PRINT}' and an empty \`source_url\`: they were transcribed from a blog post that quotes the print article, which itself was not read.`,
  );
  L.push("");
  L.push("## Records stated by the sources");
  L.push("");
  L.push("Set only from this explicit table (in the script), each entry checked against the row's note.");
  L.push("");
  L.push("| shared file | period | partner | flow | source host | record | note says |");
  L.push("|---|---|---|---|---|---|---|");
  for (const rec of RECORDS) {
    const source = rec.url === WSJ_PRINT ? "WSJ print" : hostOf(rec.url);
    L.push(
      `| ${rec.file} | ${rec.period} | ${rec.partner} | ${rec.flow} | ${source} | ${rec.record} | ${mdCell(rec.noteSays)} |`,
    );
  }
  L.push("");
  L.push("Statements deliberately not recorded:");
  L.push("");
  for (const r of RECORDS_NOT_TAKEN) L.push(`- ${r}`);
  L.push("");
  L.push("## Rows not imported");
  L.push("");
  for (const n of s.notImported) {
    L.push(`- ${n.origin.file} line ${n.origin.line}: ${n.what}: ${mdCell(n.reason)}`);
  }
  L.push(
    "- published_indicators.csv, `june_2025_exports_vs_2024_monthly_average` (Bloomberg via Catenaa, 'about two-thirds'): a qualitative ratio, not a figure; it stays in reference/published_indicators.csv only. The other published_indicators rows are reference data, not trade observations.",
  );
  L.push("");
  L.push("## Caveats (from the shared README)");
  L.push("");
  L.push(
    "- **No 2023 month of magnet exports was found at all.** 2024 months missing: Jan, Mar–Jun, Nov tonnage; Dec has y/y only (Adamas, +28%); no 2024 partner splits except US May. Feb and Mar 2025 are missing; Jan–Feb 2026 come only as a combined cumulative figure.",
  );
  L.push(
    "- Mostly media reports of customs data (Reuters, Bloomberg, WSJ, SCMP, SMM, Nikkei/Ferroalloy). The tariff line 85051110 is stated only in the metalnomist and SMM rows.",
  );
  L.push(
    "- HS6 850511 ('permanent magnets of metal') is about 2× the rare-earth tariff line 85051110 in tonnes: never use it as a proxy (catalogue id pm-metal-hs6). No HS6 data is bundled here.",
  );
  L.push(
    "- Japan rows `re-magnets-powders-alloys` (magnets incl. magnetic powders and alloys) are a different series from the Japan `re-magnets` rows of the same month.",
  );
  L.push(
    "- The Adamas 2024 total (58,152 t, `re-magnets-alloys`) is magnets plus alloys: not comparable with the `re-magnets` cumulative rows. The 2024-12 Adamas +28% y/y row is the same series.",
  );
  L.push(
    "- The metalnomist 2025-01 article labels its data '2023', but its numbers reconcile only with 2024 (see the note); it is taken as 2024.",
  );
  L.push(
    "- SMM's July 2025 m/m (+77.95%) and 'Europe' share (27%, EUR) disagree with Reuters (+75%) and SCMP (EU27, 38%).",
  );
  L.push(
    "- Rare-earth group: export months missing for most of 2023–24, Jan, Feb and May 2025, and Oct 2025. June 2025 m/m is +32% (Statista, preferred) vs +80% (pmbiz). 2024 imports: Reuters 132,931 t vs a forum figure of 177,535 t (non-preferred).",
  );
  L.push(
    "- The 2025 full-year magnet y/y % was truncated in the source and is empty. A Japan 2025 total from an undated page conflicts with Reuters (non-preferred).",
  );
  L.push(
    "- WSJ 2024 monthly mean (4.8 million kg): transcribed from the print article as quoted in a blog post. Its note's comparison with Adamas' total is marked derived there.",
  );
  L.push("");
  L.push("## Events");
  L.push("");
  L.push(
    `Header: \`${EVENT_HEADER.join(",")}\`. One row per shared policy_events.csv row; \`date\`, \`actor\`, \`type\` (= event_type), \`scope\` (= elements_or_products), \`description\`, \`source_url\` and \`source_date\` are copied; \`source\` is the URL's host.`,
  );
  L.push("");
  L.push(
    "- `id` = `<ACTOR>-<date>-<slug>`; slugs are hand-picked in the script's EVENTS table, or the first three words of the scope text when none is given.",
  );
  L.push(
    "- `elements` (element symbols), `products` (catalogue ids), `destinations` (ISO3), `end_uses`: `;`-separated, filled only from the script's table. An empty list means 'not restricted to a list' (all destinations, all products) or not filled; only the events listed below have structured scope.",
  );
  L.push(
    "- `status`: `in_force` where a source shows the measure applies; `announced` where the source reports an announcement, agreement, investment or one-off event and the data do not track its later status (truces included: their legal effect sits in other measures); `suspended`, `ended` (past quota years; the 2010 Japan halt), `scheduled` (dated after the data: 2026-11-10, 2027-01-01), `threat`.",
  );
  L.push(
    "- `end_date`: only where a source states it. `suspends`: ids this event suspends from `date` to `end_date`.",
  );
  L.push(
    "- `derived` = 1 when the end date or a scope list comes from our reading rather than the source's words.",
  );
  L.push("");
  L.push("### Structured scope, derived fields and assumptions");
  L.push("");
  L.push(
    "| id | status | elements | products | destinations | end_uses | end_date | suspends | derived | why |",
  );
  L.push("|---|---|---|---|---|---|---|---|---|---|");
  for (const e of s.events) {
    const def = s.defs.get(e.id);
    if (!def?.why) continue;
    L.push(
      `| ${e.id} | ${e.status} | ${e.elements} | ${e.products} | ${e.destinations} | ${e.end_uses} | ${e.end_date} | ${e.suspends} | ${e.derived} | ${mdCell(def.why)} |`,
    );
  }
  L.push("");
  L.push(
    "Other caveats: the Japan-ban date is uncertain (see its row); the Dec-2024 Ga/Ge/Sb pause rests on FDD's mapping; the Oct-2025 100% tariff was a threat only.",
  );
  L.push("");
  L.push("## Reference tables");
  L.push("");
  L.push(
    "Copied byte-for-byte from the shared folder; each keeps its own `source_url`/`source_date` columns and conventions (see the shared README for per-file coverage and caveats). In summary:",
  );
  L.push("");
  L.push(
    "- usgs_rare_earths.csv: USGS MCS 2025 values via a text extraction stored in github:NSSAC/dpi.RAG (the `llm-ocr` version there is hallucinated and was not used); MCS 2024 rows from a secondary page (one inconsistency: Myanmar 35,000 vs 38,000 t). MCS 2026 values not found.",
  );
  L.push(
    "- magnet_supply_capacity.csv, magnet_demand_intensity.csv, recycling_substitution.csv, end_use_volumes.csv: `reliability` high/medium/low is a judgement made when the row was recorded (low = blog, Q&A, vendor page or unverified secondary claim). Conflicts are separate rows. No primary per-EV NdFeB figure yet.",
  );
  L.push(
    "- eu_crm_2023.csv: EU CRM 2023 assessment for the rare earths, transcribed via github:meyerdata/CritMAT (MIT). LREE extraction-SR reads '281%' in the source and is blank.",
  );
  L.push(
    "- wgi.csv: World Bank Worldwide Governance Indicators, 2023 estimates for 17 countries, via github:OHI-Science/ohiprep_v2025 @a0ccb52.",
  );
  L.push(
    "- published_indicators.csv: IEA, McKinsey, quota, price and share indicators; the WSJ monthly mean is also in observations/published-averages.csv.",
  );
  L.push(
    `- raw/${RAW_FILE.slice(4)}: the full EU CRM 2023 table as transcribed by CritMAT (91 materials); licence note in reference/raw/README.md.`,
  );
  L.push("");
  L.push("## Licence and terms");
  L.push("");
  L.push(
    "- Trade observations and events: figures and facts from press reports of China customs data and from official or press pages, each cited by URL and date; the notes are the curators' wording with short quotes. Short factual figures with attribution, not copies of the articles. The WSJ rows quote a print article via a blog post.",
  );
  L.push(
    "- EU CRM 2023 (eu_crm_2023.csv, raw/critmat_eureport_results.csv): transcription by CritMAT, MIT licence as declared in its README badge and CITATION.cff; no LICENSE file was seen. The underlying figures are the European Commission's 'Study on the Critical Raw Materials for the EU 2023' (doi:10.2873/725585); the Commission's reuse terms were not checked.",
  );
  L.push(
    "- WGI (wgi.csv): World Bank data, taken from a repository with no licence file; the World Bank's own terms apply.",
  );
  L.push(
    "- USGS: US government work (public domain). Other reference rows: short factual figures with citations.",
  );
  L.push("");
  return L.join("\n");
}

const RAW_README = `# reference/raw

\`critmat_eureport_results.csv\` is a byte-for-byte copy of the shared \`raw/critmat_eureport_results.csv\`, itself a
text copy of github:meyerdata/CritMAT \`input_data/seeds/eureport_results.csv\` at commit
0bd897788ddd82bc58752e5460c53b924cbc63bc (91 data rows): CritMAT's transcription of the EU "Study on the Critical Raw
Materials for the EU 2023 – Final Report" (doi:10.2873/725585).

Licence: MIT, as declared in the CritMAT README badge and in \`CITATION.cff\` (\`license: MIT\`; authors Ole Meyer,
OFFIS e.V., and Alexandra Pehlken, DfKI, as listed in a later version of that file). No LICENSE file, and so no
copyright line, was seen. The underlying figures are the European Commission's; its reuse terms were not checked.

Known defects, left as found: LREE extraction-SR reads \`281%\`; Praseodymium processing-SR is blank; the Coking coal,
Diatomite, Magnesite, Natural cork and Strontium rows have shifted columns; Tungsten appears twice;
\`publish_year\`/\`date_year\` read 2025 although the source is the 2023 report.
`;

// ---------------------------------------------------------------------------------------------
// Shell
// ---------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): { shared: string } {
  let shared = join(REPO, "..", "shared", "data");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--shared") {
      const v = argv[++i];
      if (!v) throw new UsageError("--shared needs a directory");
      shared = resolve(v);
    } else if (a.startsWith("--shared=")) {
      shared = resolve(a.slice("--shared=".length));
    } else {
      throw new UsageError(
        `unknown argument "${a}" (usage: npx tsx scripts/build-dataset.ts [--shared <dir>])`,
      );
    }
  }
  return { shared };
}

function build(shared: string): Map<string, number> {
  const tradeCols = [
    "partner",
    "quantity_kg",
    "yoy_pct",
    "value_usd",
    "series",
    "is_primary_row",
    "source_url",
    "source_date",
    "note",
  ];
  const MAGNETS = "china-magnet-exports.csv";
  const RARE_EARTHS = "china-rare-earth-trade.csv";
  const drafts = [
    ...tradeRows(
      readShared(shared, MAGNETS_M, [...tradeCols, "period", "mom_pct"]),
      "monthly",
      false,
      MAGNETS,
    ),
    ...tradeRows(
      readShared(shared, MAGNETS_Y, [...tradeCols, "period_start", "period_end"]),
      "ytd",
      false,
      MAGNETS,
    ),
    ...tradeRows(
      readShared(shared, RE_M, [...tradeCols, "period", "flow", "mom_pct"]),
      "monthly",
      true,
      RARE_EARTHS,
    ),
    ...tradeRows(
      readShared(shared, RE_Y, [...tradeCols, "period_start", "period_end", "flow"]),
      "ytd",
      true,
      RARE_EARTHS,
    ),
  ];
  applyTables(drafts);
  assignSources(drafts);
  const kept = drafts.filter((d) => hasFigure(d.obs));
  const notImported: NotImported[] = drafts
    .filter((d) => !hasFigure(d.obs))
    .map((d) => ({
      origin: d.origin,
      what: `${d.obs.period} ${d.obs.partner} ${d.obs.flow} ${d.obs.commodity} (${d.obs.source})`,
      reason: `no figure (no quantity, value or percentage). Note: ${d.obs.note}`,
    }));
  const indicators = readShared(shared, "published_indicators.csv", [
    "indicator",
    "subject",
    "year",
    "value",
    "unit",
    "source_url",
    "source_date",
    "note",
  ]);
  const rowsFor = (target: string) => kept.filter((d) => d.target === target).map((d) => d.obs);
  const obs = new Map<string, Obs[]>([
    [MAGNETS, finishObservations(MAGNETS, rowsFor(MAGNETS))],
    [RARE_EARTHS, finishObservations(RARE_EARTHS, rowsFor(RARE_EARTHS))],
    ["published-averages.csv", finishObservations("published-averages.csv", publishedAverages(indicators))],
  ]);
  const events = buildEvents(
    readShared(shared, "policy_events.csv", [
      "date",
      "actor",
      "event_type",
      "elements_or_products",
      "description",
      "source_url",
      "source_date",
    ]),
  );

  const written = new Map<string, number>();
  for (const [name, rows] of obs) {
    write(join(OUT, "observations", name), toCsv(OBS_HEADER, rows));
    written.set(`observations/${name}`, rows.length);
  }
  write(join(OUT, "events.csv"), toCsv(EVENT_HEADER, events.rows));
  written.set("events.csv", events.rows.length);

  const reference = new Map<string, number>();
  for (const file of [...REFERENCE_FILES, RAW_FILE]) {
    // Read and write rather than copyFile: the shared files are read-only and copyFile keeps the mode.
    const bytes = readFileSync(join(shared, file));
    write(join(OUT, "reference", file), bytes);
    reference.set(file, dataRowCount(file, bytes));
    written.set(`reference/${file}`, reference.get(file) ?? 0);
  }
  write(join(OUT, "reference", "raw", "README.md"), RAW_README);
  write(
    join(OUT, "README.md"),
    readme({ obs, events: events.rows, defs: events.defs, notImported, reference }),
  );
  return written;
}

function main(): void {
  try {
    const { shared } = parseArgs(process.argv.slice(2));
    const written = build(shared);
    console.log(
      `read ${relative(process.cwd(), shared) || "."}, wrote ${relative(process.cwd(), OUT) || "."}/:`,
    );
    for (const [file, n] of written) console.log(`  ${String(n).padStart(4)}  ${file}`);
  } catch (e) {
    if (e instanceof LodestoneError) {
      console.error(`build-dataset: ${e.message}`);
      process.exitCode = e.exitCode;
    } else {
      console.error(e);
      process.exitCode = 1;
    }
  }
}

main();
