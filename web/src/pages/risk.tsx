/**
 * Risk: concentration by stage as bars with their ranges, the chain as a Sankey by country, import
 * dependence and mirror gaps (each with a "no data" state that says how to get data), the EU CRM
 * supply risk published beside recomputed with what-if sliders, end-use exposure, and prices.
 * @module
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  api,
  type ChainConcentration,
  type CrmBody,
  type ExposureBody,
  type ImportsBody,
  type MirrorResult,
  type PricesBody,
  type Recomputation,
} from "../api.js";
import { chainSankey, exposureChart, pricesChart, stagesChart } from "../charts.js";
import { Chart } from "../components/chart.js";
import {
  Commands,
  Downloads,
  NoData,
  Section,
  Select,
  Status,
  TableBox,
  type Option,
} from "../components/ui.js";
import { saveCsv } from "../download.js";
import { fixed, range, share, signedPct, thousands, tonnes } from "../format.js";
import { countryName } from "../ref.js";
import type { Route } from "../route.js";
import { useApi } from "../use-api.js";

/** Importers a user most often asks about; any ISO3 works through the URL (`?reporter=`). */
const REPORTERS = ["USA", "EU27", "JPN", "KOR", "DEU", "IND", "VNM", "GBR"];

export function RiskPage({
  route,
  setParams,
}: {
  route: Route;
  setParams: (p: Record<string, string>) => void;
}) {
  const reporter = route.params.get("reporter") ?? "USA";
  const stages = useApi((s) => api.stages({}, s), []);
  const imports = useApi((s) => api.imports({ reporter, commodity: "re-magnets" }, s), [reporter]);
  const mirror = useApi((s) => api.mirror({ commodity: "re-magnets" }, s), []);
  const [exposureLevers, setExposureLevers] = useState<{ chinaShare?: number; inventoryMonths?: number }>({});
  const exposure = useApi(
    (s) => api.exposure(exposureLevers, s),
    [exposureLevers.chinaShare, exposureLevers.inventoryMonths],
  );
  const prices = useApi((s) => api.prices({}, s), []);
  const reporterOptions: Option[] = [...new Set([reporter, ...REPORTERS])].map((r) => ({
    value: r,
    label: `${countryName(r)} (${r})`,
  }));

  return (
    <div class="grid">
      <Section
        id="stages"
        title="Concentration by stage"
        intro="Herfindahl–Hirschman index (HHI, 0–10,000) of each supply-chain stage; where a source gives only bounds the bar shows the range."
        busy={stages.state === "loading"}
        wide
      >
        <Status res={stages} what="stage concentration">
          {(c) => <StagesView chain={c} />}
        </Status>
      </Section>

      <Section
        id="sankey"
        title="The chain by country"
        intro="Shares of each stage by country, linked stage to stage; link widths are shares of world output, not traced flows."
        busy={stages.state === "loading"}
        wide
      >
        <Status res={stages} what="the chain">
          {(c) => <SankeyView chain={c} />}
        </Status>
      </Section>

      <Section id="imports" title="Import dependence" busy={imports.state === "loading"}>
        <form class="pickers" aria-label="Importer" onSubmit={(e) => e.preventDefault()}>
          <Select
            name="reporter"
            label="Importer"
            value={reporter}
            options={reporterOptions}
            onChange={(v) => setParams({ reporter: v })}
          />
        </form>
        <Status res={imports} what="import dependence">
          {(d) => <ImportsView body={d} />}
        </Status>
      </Section>

      <Section id="mirror" title="Mirror gaps" busy={mirror.state === "loading"}>
        <Status res={mirror} what="mirror statistics">
          {(m) => <MirrorView mirror={m} />}
        </Status>
      </Section>

      <Section
        id="crm"
        title="EU critical raw materials: supply risk"
        intro="Supply risk (SR) as the EU published it in 2023 beside SR recomputed here from the bundled shares; move the sliders to see what a change would do."
        wide
      >
        <CrmView />
      </Section>

      <Section id="exposure" title="End-use exposure" busy={exposure.state === "loading"} wide>
        <fieldset class="levers">
          <legend>What if…</legend>
          <Slider
            id="lever-china-share"
            label="China's share of magnet making"
            unit="%"
            min={0}
            max={100}
            value={exposureLevers.chinaShare ?? midPct(exposure.data?.dependence?.share)}
            changed={exposureLevers.chinaShare !== undefined}
            onCommit={(v) => setExposureLevers((l) => ({ ...l, chinaShare: v }))}
          />
          <Slider
            id="lever-inventory"
            label="Inventory held, months of demand"
            unit=" mo"
            min={0}
            max={24}
            value={exposureLevers.inventoryMonths ?? 0}
            changed={exposureLevers.inventoryMonths !== undefined}
            onCommit={(v) => setExposureLevers((l) => ({ ...l, inventoryMonths: v > 0 ? v : undefined }))}
          />
          <span />
          <button
            type="button"
            onClick={() => setExposureLevers({})}
            disabled={exposureLevers.chinaShare === undefined && exposureLevers.inventoryMonths === undefined}
          >
            Reset
          </button>
        </fieldset>
        <Status res={exposure} what="end-use exposure">
          {(e) => <ExposureView exposure={e} />}
        </Status>
      </Section>

      <Section id="prices" title="Prices" busy={prices.state === "loading"} wide>
        <Status res={prices} what="prices">
          {(p) => <PricesView prices={p} />}
        </Status>
      </Section>
    </div>
  );
}

/** The middle of a share range, in whole percent (a slider's starting point). */
function midPct(i: { lo: number; hi: number } | null | undefined): number {
  return i ? Math.round(((i.lo + i.hi) / 2) * 100) : 0;
}

const hhiText = (i: { lo: number; hi: number } | null) => range(i, (x) => thousands(x));

function StagesView({ chain }: { chain: ChainConcentration }) {
  const option = useMemo(() => stagesChart(chain), [chain]);
  return (
    <>
      <Chart name="stages" option={option} label="HHI by supply-chain stage, with ranges" height="300px" />
      <TableBox label="Concentration by stage">
        <table class="data" data-table="stages">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Year</th>
              <th scope="col">Leader</th>
              <th scope="col" class="num">
                Top-1
              </th>
              <th scope="col" class="num">
                Top-3
              </th>
              <th scope="col" class="num">
                HHI
              </th>
              <th scope="col" class="num">
                N−1
              </th>
            </tr>
          </thead>
          <tbody>
            {chain.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{s.stage}</th>
                {s.noData ? (
                  <td colSpan={6}>no data</td>
                ) : (
                  <>
                    <td>{s.year ?? "–"}</td>
                    <td>{s.leader ? countryName(s.leader) : "–"}</td>
                    <td class="num">{range(s.top1, (x) => share(x, 0))}</td>
                    <td class="num">{range(s.top3, (x) => share(x, 0))}</td>
                    <td class="num">{hhiText(s.hhiPoints)}</td>
                    <td class="num">{range(s.nMinus1, (x) => share(x, 0))}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      {chain.bottleneck ? (
        <p>
          Bottleneck: <strong>{chain.bottleneck.stage}</strong> (HHI {hhiText(scaled(chain.bottleneck.hhi))})
          {chain.bottleneck.ambiguousWith.length
            ? `, or ${chain.bottleneck.ambiguousWith.join(", ")} within the ranges`
            : ""}
          .
        </p>
      ) : null}
    </>
  );
}

/** HHI on 0–1 → 0–10,000. */
function scaled(i: { lo: number; hi: number }) {
  return { lo: i.lo * 10_000, hi: i.hi * 10_000 };
}

function SankeyView({ chain }: { chain: ChainConcentration }) {
  const option = useMemo(() => chainSankey(chain.stages.map((s) => s.shares)), [chain]);
  return (
    <Chart name="sankey" option={option} label="Supply chain by country, mining to magnets" height="420px" />
  );
}

function ImportsView({ body }: { body: ImportsBody }) {
  const d = body.imports;
  const nir = body.netImportReliance;
  return (
    <>
      {d.status === "no-data" ? (
        <>
          <NoData message={d.message} howTo={d.howTo} />
          {d.context ? (
            <TableBox label="Import sources from USGS">
              <table class="data" data-table="usgs-imports">
                <caption>
                  For context: {d.context.scope}, {d.context.period} ({d.context.source.citation})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col" class="num">
                      Share
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.context.shares.map((s) => (
                    <tr key={s.country}>
                      <th scope="row">{s.name}</th>
                      <td class="num">{range(s.share, (x) => share(x, 0))}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">other</th>
                    <td class="num">{range(d.context.other, (x) => share(x, 1))}</td>
                  </tr>
                </tbody>
              </table>
            </TableBox>
          ) : null}
        </>
      ) : (
        <TableBox label="Import sources by period">
          <table class="data" data-table="imports">
            <caption>
              {d.commodityName}: imports of {countryName(d.reporter)} by {d.by}
            </caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" class="num">
                  Quantity
                </th>
                <th scope="col" class="num">
                  China, qty
                </th>
                <th scope="col" class="num">
                  China, value
                </th>
                <th scope="col" class="num">
                  HHI qty
                </th>
              </tr>
            </thead>
            <tbody>
              {d.periods.map((p) => (
                <tr key={p.period}>
                  <th scope="row">
                    {p.period}
                    {p.partial ? ` (${p.months} mo)` : ""}
                  </th>
                  <td class="num">{p.qty ? tonnes(p.qty.total) : "–"}</td>
                  <td class="num">{range(p.qty?.chinaShare ?? null, (x) => share(x))}</td>
                  <td class="num">{range(p.value?.chinaShare ?? null, (x) => share(x))}</td>
                  <td class="num">{range(p.qty?.hhi ?? null, fixed(2))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      {nir ? (
        <TableBox label="Net import reliance">
          <table class="data" data-table="nir">
            <caption>Net import reliance: {nir.basisSummary}</caption>
            <thead>
              <tr>
                <th scope="col">Year</th>
                <th scope="col" class="num">
                  Reliance
                </th>
                <th scope="col">Status</th>
                <th scope="col">Scope</th>
              </tr>
            </thead>
            <tbody>
              {nir.years.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td class="num">{y.display}</td>
                  <td>{y.status}</td>
                  <td>{y.scope}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : null}
    </>
  );
}

function MirrorView({ mirror }: { mirror: MirrorResult }) {
  if (mirror.pairs.length === 0) {
    const without = mirror.withoutImporterData.length
      ? ` China reports exports to ${mirror.withoutImporterData.join(", ")}, whose own import figures are not in the store.`
      : "";
    return (
      <>
        <NoData
          message={`No pair of China's exports and a partner's imports from China for the same line and period.${without}`}
          howTo={mirror.howTo}
        />
        <Caveats items={mirror.caveats} />
      </>
    );
  }
  return (
    <>
      <TableBox label="Mirror gaps">
        <table class="data" data-table="mirror">
          <caption>{mirror.definition}</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Period</th>
              <th scope="col" class="num">
                China says
              </th>
              <th scope="col" class="num">
                Partner says
              </th>
              <th scope="col" class="num">
                Gap
              </th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            {mirror.pairs.map((p) => (
              <tr key={`${p.partner}-${p.period}`}>
                <th scope="row">{p.name}</th>
                <td>{p.period}</td>
                <td class="num">{tonnes(p.exports.qtyKg)}</td>
                <td class="num">{tonnes(p.imports.qtyKg)}</td>
                <td class="num">{p.qtyGap ? signedPct(p.qtyGap.pct) : "–"}</td>
                <td>{p.flag === null ? "n/a: lines differ" : p.flag ? "discrepancy" : "ok"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <Caveats items={mirror.caveats} />
    </>
  );
}

function Caveats({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <details class="caveats">
      <summary>Caveats</summary>
      <ul>
        {items.map((c) => (
          <li key={c}>
            <Commands text={c} />
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The what-if levers: the API recomputes; the sliders only say what to change. */
interface Levers {
  readonly processingChn: number | null;
  readonly extractionChn: number | null;
  readonly eolRir: number | null;
}

const NO_LEVERS: Levers = { processingChn: null, extractionChn: null, eolRir: null };

/** The what-if CSV (material,stage,field,country,value) the API reads, or undefined when none moved. */
function whatIfCsv(l: Levers): string | undefined {
  const rows: string[] = [];
  if (l.extractionChn !== null) rows.push(`,extraction,share,CHN,${l.extractionChn}`);
  if (l.processingChn !== null) rows.push(`,processing,share,CHN,${l.processingChn}`);
  if (l.eolRir !== null) rows.push(`,,eol_rir,,${l.eolRir}`);
  return rows.length ? ["material,stage,field,country,value", ...rows].join("\n") : undefined;
}

function CrmView() {
  const [levers, setLevers] = useState<Levers>(NO_LEVERS);
  const whatIf = whatIfCsv(levers);
  const base = useApi((s) => api.crm({}, s), []);
  const res = useApi((s) => (whatIf ? api.crm({ whatIf }, s) : new Promise<CrmBody>(() => {})), [whatIf]);
  // A what-if the server cannot apply leaves the baseline on show, with the server's reason.
  const shown = whatIf && res.state !== "error" ? res : base;
  const first = base.data?.recomputations[0];
  const chn = (stage: string) => {
    const st = first?.input.stages.find((x) => x.stage === stage);
    const e = st?.global?.entries.find((x) => x.country === "CHN");
    return e ? Math.round(((e.share.lo + e.share.hi) / 2) * 100) : 0;
  };
  const eol = first ? Math.round(first.input.eolRir.lo * 100) : 0;

  return (
    <>
      <fieldset class="levers">
        <legend>What if…</legend>
        <Slider
          id="lever-extraction"
          label="China's share of mining (extraction)"
          unit="%"
          min={0}
          max={100}
          value={levers.extractionChn ?? chn("extraction")}
          changed={levers.extractionChn !== null}
          onCommit={(v) => setLevers((l) => ({ ...l, extractionChn: v }))}
        />
        <Slider
          id="lever-processing"
          label="China's share of separation and refining (processing)"
          unit="%"
          min={0}
          max={100}
          value={levers.processingChn ?? chn("processing")}
          changed={levers.processingChn !== null}
          onCommit={(v) => setLevers((l) => ({ ...l, processingChn: v }))}
        />
        <Slider
          id="lever-eol"
          label="End-of-life recycling input rate, every material"
          unit="%"
          min={0}
          max={50}
          value={levers.eolRir ?? eol}
          changed={levers.eolRir !== null}
          onCommit={(v) => setLevers((l) => ({ ...l, eolRir: v }))}
        />
        <button type="button" onClick={() => setLevers(NO_LEVERS)} disabled={!whatIf}>
          Reset
        </button>
        <p class="hint">Other countries' shares stay as they are; the unexplained rest keeps its range.</p>
      </fieldset>
      {whatIf && res.state === "error" ? (
        <p class="error" role="alert">
          The what-if was not applied: {res.error}
        </p>
      ) : null}
      <Status res={shown} what="EU CRM scores">
        {(b) => <CrmTable body={b} whatIf={whatIf !== undefined && shown === res} />}
      </Status>
    </>
  );
}

function Slider(props: {
  id: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  value: number;
  changed: boolean;
  onCommit: (v: number) => void;
}) {
  const [live, setLive] = useState(props.value);
  useEffect(() => setLive(props.value), [props.value]);
  // Arrow keys commit at every step: ask the API once the user pauses.
  const timer = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (v: number) => {
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => props.onCommit(v), 250);
  };
  return (
    <div class={props.changed ? "slider changed" : "slider"}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="range"
        min={props.min}
        max={props.max}
        step={1}
        value={live}
        aria-valuetext={`${live}${props.unit}`}
        onInput={(e) => setLive(Number((e.currentTarget as HTMLInputElement).value))}
        onChange={(e) => commit(Number((e.currentTarget as HTMLInputElement).value))}
      />
      <output for={props.id}>
        {live}
        {props.unit}
      </output>
    </div>
  );
}

const SR_MAX = 6;

/** +0.09 / −0.22, with a true minus sign. */
function signed(x: number): string {
  const t = Math.abs(x).toFixed(2);
  return t === "0.00" ? "±0.00" : x > 0 ? `+${t}` : `−${t}`;
}

function CrmTable({ body, whatIf }: { body: CrmBody; whatIf: boolean }) {
  const srOf = (r: Recomputation) => (whatIf && r.whatIf ? r.whatIf.result : r.result);
  return (
    <>
      <TableBox label="EU CRM supply risk, published and recomputed">
        <table class="data crm" data-table="crm">
          <thead>
            <tr>
              <th scope="col">Material</th>
              <th scope="col" class="num">
                SR published
              </th>
              <th scope="col" class="num">
                SR recomputed{whatIf ? " (what-if)" : ""}
              </th>
              <th scope="col" class="bar-col">
                <span class="scale" aria-hidden="true">
                  <span>0</span>
                  <span>SR</span>
                  <span>{SR_MAX}</span>
                </span>
                <span class="sr-only">Published and recomputed on a scale of 0 to {SR_MAX}</span>
              </th>
              <th scope="col" class="num">
                EI
              </th>
              <th scope="col">Verdict published / recomputed</th>
            </tr>
          </thead>
          <tbody>
            {body.recomputations.map((r) => {
              const res = srOf(r);
              return (
                <tr key={r.material}>
                  <th scope="row">{r.symbol ? `${r.material} (${r.symbol})` : r.material}</th>
                  <td class="num">{r.published.sr.toFixed(2)}</td>
                  <td class="num">
                    {range(res.sr, fixed(2))}
                    {whatIf && r.whatIf ? (
                      <abbr class="delta" title="change of the low and the high end against the baseline">
                        {" "}
                        (Δ {signed(r.whatIf.srChange.lo)} / {signed(r.whatIf.srChange.hi)})
                      </abbr>
                    ) : null}
                  </td>
                  <td class="bar-col" aria-hidden="true">
                    <RangeBar
                      published={r.published.sr}
                      lo={res.sr.lo}
                      hi={res.sr.hi}
                      threshold={body.thresholds.sr}
                    />
                  </td>
                  <td class="num">{r.ei.value.toFixed(1)}</td>
                  <td>
                    {r.publishedCheck.verdict} / {res.verdict}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableBox>
      <p class="legend">
        <span class="key published" /> published <span class="key recomputed" /> recomputed range · the line
        marks the threshold SR {body.thresholds.sr.toFixed(1)}; critical when SR ≥{" "}
        {body.thresholds.sr.toFixed(1)} and EI ≥ {body.thresholds.ei}.
      </p>
      <details class="caveats">
        <summary>Method and why the figures differ</summary>
        <p>{body.method}</p>
        <ul>
          {[...new Set(body.recomputations.flatMap((r) => r.reasons))].map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

function RangeBar(props: { published: number; lo: number; hi: number; threshold: number }) {
  const pos = (x: number) => `${(Math.min(Math.max(x, 0), SR_MAX) / SR_MAX) * 100}%`;
  return (
    <div class="rangebar">
      <span class="threshold" style={{ left: pos(props.threshold) }} />
      <span
        class="recomputed"
        style={{ left: pos(props.lo), width: `max(3px, calc(${pos(props.hi)} - ${pos(props.lo)}))` }}
      />
      <span class="published" style={{ left: pos(props.published) }} />
    </div>
  );
}

function ExposureView({ exposure }: { exposure: ExposureBody }) {
  const option = useMemo(() => exposureChart(exposure), [exposure]);
  const kgRange = (m: { kg: { lo: number; hi: number } } | null) => (m ? range(m.kg, (x) => tonnes(x)) : "–");
  return (
    <>
      <Chart
        name="exposure"
        option={option}
        label="Magnet demand and tonnes at risk by end use"
        height="380px"
      />
      <TableBox label="End-use exposure">
        <table class="data" data-table="exposure">
          <caption>
            {exposure.region === "WLD" ? "World" : countryName(exposure.region)}: magnet demand by end use (
            {exposure.dependence
              ? `${exposure.dependence.label}: ${range(exposure.dependence.share, (x) => share(x, 0))}`
              : "no China share"}
            )
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">End use</th>
              <th scope="col">Year</th>
              <th scope="col" class="num">
                Demand
              </th>
              <th scope="col" class="num">
                At risk
              </th>
              {exposure.inventory ? (
                <th scope="col" class="num">
                  Cover <abbr title="months the inventory fills the gap if China's supply stops">(mo)</abbr>
                </th>
              ) : null}
              <th scope="col">Reliability</th>
            </tr>
          </thead>
          <tbody>
            {exposure.endUses.map((e) => (
              <tr key={e.key}>
                <td>{e.rank ?? ""}</td>
                <th scope="row">{e.name}</th>
                {e.noData ? (
                  <td colSpan={exposure.inventory ? 5 : 4} class="muted">
                    no data: {e.noData}
                  </td>
                ) : (
                  <>
                    <td>{e.year ?? "–"}</td>
                    <td class="num">
                      {kgRange(e.demand)} {e.demand ? <small>{e.demand.basis}</small> : null}
                    </td>
                    <td class="num">{kgRange(e.atRisk)}</td>
                    {exposure.inventory ? (
                      <td class="num">
                        {e.cover
                          ? e.cover.ofShortfall.hi === null
                            ? `≥ ${e.cover.ofShortfall.lo.toFixed(1)}`
                            : range({ lo: e.cover.ofShortfall.lo, hi: e.cover.ofShortfall.hi }, fixed(1))
                          : "–"}
                      </td>
                    ) : null}
                    <td>{e.reliability ?? "–"}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <p class="note">{exposure.totalNote}</p>
      <Downloads
        items={[
          {
            name: "exposure-csv",
            label: "Download CSV",
            onClick: () =>
              saveCsv(
                "lodestone-exposure.csv",
                [
                  "end_use",
                  "year",
                  "basis",
                  "demand_lo_kg",
                  "demand_hi_kg",
                  "at_risk_lo_kg",
                  "at_risk_hi_kg",
                  "no_data",
                ],
                exposure.endUses.map((e) => [
                  e.key,
                  e.year,
                  e.demand?.basis,
                  e.demand?.kg.lo,
                  e.demand?.kg.hi,
                  e.atRisk?.kg.lo,
                  e.atRisk?.kg.hi,
                  e.noData,
                ]),
              ),
          },
        ]}
      />
    </>
  );
}

function PricesView({ prices }: { prices: PricesBody }) {
  const option = useMemo(() => pricesChart(prices.oxides.series), [prices]);
  const years = [...new Set(prices.oxides.series.flatMap((s) => s.points.map((p) => p.year)))].sort(
    (a, b) => a - b,
  );
  return (
    <>
      <Chart
        name="prices"
        option={option}
        label="Rare-earth oxide prices by year and China's magnet export unit values"
        height="360px"
      />
      <TableBox label="Oxide prices">
        <table class="data" data-table="prices">
          <caption>Oxide prices, annual averages (e = the source's estimate)</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              {years.map((y) => (
                <th scope="col" class="num" key={y}>
                  {y}
                </th>
              ))}
              <th scope="col">Unit</th>
            </tr>
          </thead>
          <tbody>
            {prices.oxides.series.map((s) => (
              <tr key={s.metric}>
                <th scope="row">{s.name}</th>
                {years.map((y) => {
                  const p = s.points.find((x) => x.year === y);
                  return (
                    <td class="num" key={y}>
                      {p ? `${thousands(p.value)}${p.estimate ? "e" : ""}` : "–"}
                    </td>
                  );
                })}
                <td>{s.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}
