/**
 * Monitor: the monthly series of one partner with policy events on the time axis and derived
 * months drawn apart from observed ones; destinations as a stacked area with the month's table;
 * the coverage grid; the briefing card with footnotes linked to its sources; period, range,
 * partner and commodity pickers; CSV and PNG downloads.
 * @module
 */
import { Fragment } from "preact";
import { useMemo } from "preact/hooks";
import { api, type Brief, type Coverage, type MonitorSeries, type Top } from "../api.js";
import { destinationsChart, seriesChart, type SourceLabel } from "../charts.js";
import { Chart, chartOf } from "../components/chart.js";
import { Downloads, NoData, Section, Select, Status, TableBox, type Option } from "../components/ui.js";
import { saveCsv, savePng } from "../download.js";
import { monthLabel, monthText, signedPct, tonnes } from "../format.js";
import { COMMODITIES, countryName } from "../ref.js";
import type { Route } from "../route.js";
import { useApi } from "../use-api.js";

const DEFAULTS = { commodity: "re-magnets", partner: "WLD" } as const;

export function MonitorPage({
  route,
  setParams,
}: {
  route: Route;
  setParams: (p: Record<string, string>) => void;
}) {
  const commodity = route.params.get("commodity") ?? DEFAULTS.commodity;
  const from = route.params.get("from") ?? undefined;
  const to = route.params.get("to") ?? undefined;

  // The whole series' coverage gives the pickers their choices.
  const full = useApi((s) => api.coverage({ commodity }, s), [commodity]);
  const months = full.data?.months ?? [];
  // Nothing to ask for when the commodity has no monthly figure at all.
  const empty = full.state === "ok" && months.length === 0;
  const partners = full.data?.rows.map((r) => r.partner) ?? [];
  // The world total when the commodity has one, else its first partner.
  const partner =
    route.params.get("partner") ??
    (partners.length && !partners.includes(DEFAULTS.partner) ? (partners[0] as string) : DEFAULTS.partner);
  const worldRow = full.data?.rows.find((r) => r.partner === "WLD");
  const briefMonths = worldRow ? months.filter((_, i) => worldRow.cells[i] === "observed") : [];
  const period = route.params.get("period") ?? briefMonths.at(-1);

  // Citations for the charts' tooltips (an event's or a month's source).
  const sources = useApi((s) => api.sources(s), []);
  const labels = useMemo(
    () =>
      (sources.data ?? []).map((x) => ({
        id: x.source_id,
        citation: x.citation,
        url: x.url,
        date: x.source_date,
      })),
    [sources.data],
  );

  const q = { commodity, from, to };
  const series = useApi(
    (s) => (empty ? pending<MonitorSeries>() : api.series({ ...q, partner }, s)),
    [commodity, partner, from, to, empty],
  );
  const all = useApi(
    (s) => (partners.length ? api.seriesOf(q, partners, s) : pending<MonitorSeries>()),
    [commodity, from, to, partners.join(",")],
  );
  const ranged = useApi(
    (s) => (from || to ? api.coverage(q, s) : pending<Coverage>()),
    [commodity, from, to],
  );
  const cov = from || to ? ranged : full;
  // The briefing and the table wait for the month the coverage picks by default.
  const ready = full.state === "ok" && !empty;
  const brief = useApi(
    (s) => (ready && period ? api.brief({ commodity, period }, s) : pending<Brief>()),
    [commodity, period, ready],
  );
  const top = useApi(
    (s) => (ready ? api.top({ commodity, period, n: 10 }, s) : pending<Top>()),
    [commodity, period, ready],
  );

  const commodityOptions: Option[] = COMMODITIES.map((c) => ({ value: c.id, label: c.name }));
  const partnerOptions: Option[] = (partners.length ? partners : [partner]).map((p) => ({
    value: p,
    label: p === "WLD" ? "World (total)" : `${countryName(p)} (${p})`,
  }));
  const monthOptions = (empty: string): Option[] => [
    { value: "", label: empty },
    ...months.map((m) => ({ value: m, label: monthLabel(m) })),
  ];
  const periodOptions: Option[] = (briefMonths.length ? briefMonths : period ? [period] : []).map((m) => ({
    value: m,
    label: monthLabel(m),
  }));

  return (
    <>
      <form class="pickers" aria-label="What to show" onSubmit={(e) => e.preventDefault()}>
        <Select
          name="commodity"
          label="Commodity"
          value={commodity}
          options={commodityOptions}
          onChange={(v) => setParams({ commodity: v, partner: "", period: "", from: "", to: "" })}
        />
        <Select
          name="partner"
          label="Partner"
          value={partner}
          options={partnerOptions}
          onChange={(v) => setParams({ partner: v })}
        />
        <Select
          name="period"
          label="Briefing month"
          value={period ?? ""}
          options={periodOptions}
          disabled={periodOptions.length === 0}
          onChange={(v) => setParams({ period: v })}
        />
        <Select
          name="from"
          label="From"
          value={from ?? ""}
          options={monthOptions("first month")}
          onChange={(v) => setParams({ from: v })}
        />
        <Select
          name="to"
          label="To"
          value={to ?? ""}
          options={monthOptions("last month")}
          onChange={(v) => setParams({ to: v })}
        />
      </form>

      {empty ? (
        <NoData
          message={`No monthly figures for China's exports of ${commodityName(commodity).toLowerCase()}.`}
          howTo={[
            "Import customs data with `lodestone data import <file>` (UN Comtrade, China customs, USITC or an observations CSV), then reload this page.",
          ]}
        />
      ) : (
        <div class="grid">
          <Section
            id="brief"
            title={period ? `Briefing, ${monthLabel(period)}` : "Briefing"}
            busy={brief.state === "loading" && period !== undefined}
          >
            {ready && !period ? (
              <p>No briefing: no month has an observed world total for this commodity.</p>
            ) : (
              <Status res={brief} what="the briefing">
                {(b) => <BriefCard brief={b} />}
              </Status>
            )}
          </Section>

          <Section
            id="series"
            title={`Monthly ${partner === "WLD" ? "total" : `exports to ${countryName(partner)}`}`}
            intro="Solid points are observed; hollow points are derived from cumulative or reported figures, with the interval their rounding allows. Dashed lines mark policy events: hover a marker for the event and its source, or open the list below the chart."
            busy={series.state === "loading" || sources.state === "loading"}
            wide
          >
            <Status res={series} what="the series">
              {(s) =>
                // Drawn once the citations are in: drawing before and again after would animate twice.
                sources.state === "loading" ? null : (
                  <SeriesView series={s} partner={partner} commodity={commodity} sources={labels} />
                )
              }
            </Status>
          </Section>

          <Section
            id="destinations"
            title="Destinations"
            busy={all.state === "loading" || top.state === "loading"}
            wide
          >
            <Status res={all} what="the destinations">
              {(s) => <DestinationsChart series={s} commodity={commodity} sources={labels} />}
            </Status>
            <Status res={top} what="the destinations table">
              {(t) => <TopTable top={t} />}
            </Status>
          </Section>

          <Section
            id="coverage"
            title="Coverage"
            intro="Which months are known for each partner: observed, derived or missing. A missing month is never a zero."
            busy={cov.state === "loading"}
            wide
          >
            <Status res={cov} what="coverage">
              {(c) => <CoverageGrid coverage={c} />}
            </Status>
          </Section>
        </div>
      )}
    </>
  );
}

/** A request not made yet: stays loading until its inputs are known. */
function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

function commodityName(id: string): string {
  return COMMODITIES.find((c) => c.id === id)?.name ?? id;
}

function SeriesView(props: {
  series: MonitorSeries;
  partner: string;
  commodity: string;
  sources: readonly SourceLabel[];
}) {
  const { series, partner, commodity } = props;
  const option = useMemo(
    () => seriesChart(series, partner, { sources: props.sources }),
    [series, partner, props.sources],
  );
  const known = series.rows.filter((r) => r.qty !== null);
  const base = `lodestone-${commodity}-${partner}`;
  if (series.rows.length === 0) {
    return (
      <NoData
        message={`No monthly figures for ${partner === "WLD" ? "the world total" : countryName(partner)} in this range.`}
        howTo={["Pick another partner or range, or import data with `lodestone data import <file>`."]}
      />
    );
  }
  return (
    <>
      <Chart
        name="series"
        latestFirst
        option={option}
        label={`Monthly quantity, ${known.length} known months from ${monthText(series.rows[0]?.month ?? 0)} to ${monthText(series.rows.at(-1)?.month ?? 0)}`}
      />
      <Downloads
        items={[
          {
            name: "series-csv",
            label: "Download CSV",
            onClick: () =>
              saveCsv(
                `${base}.csv`,
                [
                  "month",
                  "partner",
                  "status",
                  "qty_kg",
                  "qty_low_kg",
                  "qty_high_kg",
                  "basis",
                  "mom_pct",
                  "yoy_pct",
                  "ytd_kg",
                  "sources",
                ],
                series.rows.map((r) => [
                  monthText(r.month),
                  r.partner,
                  r.status,
                  r.qty?.value,
                  r.qty?.low,
                  r.qty?.high,
                  r.qty?.basis,
                  r.momPct?.value,
                  r.yoyPct?.value,
                  r.ytd?.value,
                  r.qty?.sources.join(" "),
                ]),
              ),
          },
          {
            name: "series-png",
            label: "Download PNG",
            onClick: () => {
              const c = chartOf("series");
              savePng(`${base}.png`, option, Math.max(c?.getWidth() ?? 960, 640), c?.getHeight() ?? 360);
            },
          },
        ]}
      />
      <EventList series={series} sources={props.sources} />
    </>
  );
}

/** The events the chart marks, as a list a keyboard or screen-reader user can read. */
function EventList({ series, sources }: { series: MonitorSeries; sources: readonly SourceLabel[] }) {
  const seen = new Map<string, MonitorSeries["rows"][number]["events"][number]["event"]>();
  for (const r of series.rows)
    for (const e of r.events) if (e.relation === "starts") seen.set(e.event.id, e.event);
  if (seen.size === 0) return null;
  const byId = new Map(sources.map((x) => [x.id, x]));
  return (
    <details class="caveats events">
      <summary>Policy events marked on the chart ({seen.size})</summary>
      <ul>
        {[...seen.values()].map((e) => {
          const src = byId.get(e.sourceId);
          return (
            <li key={e.id}>
              <strong>
                {e.date} {e.actor} {e.type.replace(/_/g, " ")}
              </strong>
              : {e.description} <span class="muted">({e.status.replace(/_/g, " ")})</span> — source:{" "}
              {src?.url && /^https?:/.test(src.url) ? (
                <a href={src.url} rel="noreferrer noopener" target="_blank">
                  {src.citation}
                </a>
              ) : (
                (src?.citation ?? `#${e.sourceId}`)
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function DestinationsChart(props: {
  series: MonitorSeries;
  commodity: string;
  sources: readonly SourceLabel[];
}) {
  const { series, commodity } = props;
  const option = useMemo(
    () => destinationsChart(series, 6, { sources: props.sources }),
    [series, props.sources],
  );
  return (
    <>
      <Chart
        name="destinations"
        latestFirst
        option={option}
        label="Exports by destination, stacked by month"
        height="320px"
      />
      <Downloads
        items={[
          {
            name: "destinations-csv",
            label: "Download CSV",
            onClick: () =>
              saveCsv(
                `lodestone-${commodity}-destinations.csv`,
                ["month", "partner", "status", "qty_kg", "basis", "share_pct", "sources"],
                series.rows
                  .filter((r) => r.qty !== null)
                  .map((r) => [
                    monthText(r.month),
                    r.partner,
                    r.status,
                    r.qty?.value,
                    r.qty?.basis,
                    r.sharePct?.value,
                    r.qty?.sources.join(" "),
                  ]),
              ),
          },
        ]}
      />
    </>
  );
}

/** A figure's basis beside it when it is not simply observed or computed. */
function Basis({ basis }: { basis: string | undefined }) {
  if (basis === "reported") return <abbr title="as a source reports it; not computable here">r</abbr>;
  if (basis === "derived") return <abbr title="derived from cumulative or reported figures">d</abbr>;
  return null;
}

function TopTable({ top }: { top: Top }) {
  if (top.rows.length === 0) return <p>No destination has a known figure for {top.period}.</p>;
  return (
    <TableBox label={`Destinations in ${top.period}`}>
      <table class="data" data-table="top">
        <caption>
          Largest destinations, {monthLabel(top.period)}
          {top.world ? ` (world total ${tonnes(top.world.value)})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Destination</th>
            <th scope="col" class="num">
              Quantity
            </th>
            <th scope="col" class="num">
              Share
            </th>
            <th scope="col" class="num">
              m/m
            </th>
            <th scope="col" class="num">
              y/y
            </th>
          </tr>
        </thead>
        <tbody>
          {top.rows.map((r) => (
            <tr key={r.partner}>
              <td>{r.rank}</td>
              <th scope="row">{r.name}</th>
              <td class="num">{tonnes(r.qty.value)}</td>
              <td class="num">{r.sharePct ? `${r.sharePct.value.toFixed(1)}%` : "–"}</td>
              <td class="num">
                {signedPct(r.momPct?.value)} <Basis basis={r.momPct?.basis} />
              </td>
              <td class="num">
                {signedPct(r.yoyPct?.value)} <Basis basis={r.yoyPct?.basis} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}

const MARK = { observed: "■", derived: "◩", missing: "·" } as const;

function CoverageGrid({ coverage }: { coverage: Coverage }) {
  if (coverage.months.length === 0) return <p>No months in this range.</p>;
  return (
    <>
      <TableBox label="Coverage by partner and month">
        <table class="coverage" data-table="coverage">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              {coverage.months.map((m) => (
                <th scope="col" key={m} class={m.endsWith("-01") ? "jan" : undefined}>
                  <abbr title={monthLabel(m)}>{m.endsWith("-01") ? m.slice(0, 4) : m.slice(5)}</abbr>
                </th>
              ))}
              <th scope="col" class="num">
                <abbr title="observed months">Obs.</abbr>
              </th>
              <th scope="col" class="num">
                <abbr title="derived months">Der.</abbr>
              </th>
              <th scope="col" class="num">
                <abbr title="missing months">Miss.</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.rows.map((r) => (
              <tr key={r.partner}>
                <th scope="row">
                  <abbr title={r.partner === "WLD" ? "World" : countryName(r.partner)}>{r.partner}</abbr>
                </th>
                {r.cells.map((c, i) => (
                  <td key={i} class={`cell ${c}`} title={`${r.partner} ${coverage.months[i]}: ${c}`}>
                    <span aria-label={c}>{MARK[c]}</span>
                  </td>
                ))}
                <td class="num">{r.observed}</td>
                <td class="num">{r.derived}</td>
                <td class="num">{r.missing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <p class="legend">
        <span class="cell observed">{MARK.observed}</span> observed{" "}
        <span class="cell derived">{MARK.derived}</span> derived{" "}
        <span class="cell missing">{MARK.missing}</span> missing
      </p>
    </>
  );
}

/** The paragraph with its footnote marks as links to the numbered sources below it. */
function BriefCard({ brief }: { brief: Brief }) {
  const parts = brief.text.split(/\[(\d+(?:,\d+)*)\]/);
  return (
    <div class="brief">
      <p>
        {parts.map((p, i) =>
          i % 2 === 0 ? (
            p
          ) : (
            <sup key={i} class="notes">
              [
              {p.split(",").map((n, j) => (
                <Fragment key={n}>
                  {j > 0 ? "," : ""}
                  <a href={`#note-${n}`} aria-label={`source ${n}`}>
                    {n}
                  </a>
                </Fragment>
              ))}
              ]
            </sup>
          ),
        )}
      </p>
      <h3>Sources</h3>
      <ol class="sources">
        {brief.sources.map((s) => (
          <li key={s.id} id={`note-${s.note}`} value={s.note}>
            {s.url && /^https?:/.test(s.url) ? (
              <a href={s.url} rel="noreferrer noopener" target="_blank">
                {s.citation}
              </a>
            ) : (
              s.citation
            )}
            {s.source_date ? `, ${s.source_date}` : ""} <span class="kind">({s.kind})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
