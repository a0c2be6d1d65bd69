/**
 * Plan: the mitigation levers with every parameter's source or assumption, the recycling flows of
 * the stock model, and three jobs — compare portfolios in the engine, trace the efficient frontier
 * (cost against lost magnet, the optimiser's promise beside the engine's delivery) and optimise
 * within a budget — each with a live progress bar and a Cancel button.
 * @module
 */
import { useMemo, useState } from "preact/hooks";
import { frontierChart } from "../../../src/charts/frontier-chart.js";
import { portfolioChart } from "../../../src/charts/portfolio-chart.js";
import { recyclingChart } from "../../../src/charts/recycling-chart.js";
import {
  plan,
  specs,
  type EvaluateResult,
  type FrontierResult,
  type JobStatus,
  type Lever,
  type OptimizeResult,
  type RecyclingFlows,
  type SpecListing,
} from "../api.js";
import { Chart } from "../components/chart.js";
import { JobList, JobResultView, ResultHead, ServerJobs, TokenField } from "../components/jobs.js";
import { Checkboxes, NumberInput, Section, Status, TableBox } from "../components/ui.js";
import { share, thousands } from "../format.js";
import { useSubmissions } from "../jobs.js";
import type { Route } from "../route.js";
import { useApi } from "../use-api.js";

/** The planner's default scenario (as the CLI's). */
const DEFAULT_SCENARIOS = ["full-embargo-us"];
const SHOWN = { evaluate: "evaluate", frontier: "frontier", optimize: "optimize" } as const;
const usd = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const t1 = (x: number) => (Math.abs(x) >= 100 ? thousands(x) : x.toFixed(1));

export function PlanPage({
  route,
  setParams,
}: {
  route: Route;
  setParams: (p: Record<string, string>) => void;
}) {
  const shown = {
    evaluate: route.params.get("evaluate"),
    frontier: route.params.get("frontier"),
    optimize: route.params.get("optimize"),
  };
  const [jobsVersion, setJobsVersion] = useState(0);
  const bump = () => setJobsVersion((v) => v + 1);
  const ended = (s: JobStatus) => {
    bump();
    if (s.state === "succeeded" && s.kind in SHOWN)
      setParams({ [SHOWN[s.kind as keyof typeof SHOWN]]: s.id });
  };
  const levers = useApi((s) => plan.levers(s), []);
  const recycling = useApi((s) => plan.recycling(s), []);
  const scenarioList = useApi((s) => specs.list("scenarios", s), []);
  const [scenarios, setScenarios] = useState<string[]>(DEFAULT_SCENARIOS);
  const [seed, setSeed] = useState(1);

  return (
    <>
      <TokenField />
      <div class="grid">
        <Section
          id="levers"
          title="Levers"
          intro="What can be done: new suppliers and plants, recycling, substitution and stockpiles. Every number is sourced or an assumption with its range."
          busy={levers.state === "loading"}
          wide
        >
          <Status res={levers} what="the levers">
            {(l) => <LeversView file={l.file} levers={l.levers} />}
          </Status>
        </Section>

        <Section
          id="recycling"
          title="Recycling flows"
          intro="The stock model of each recycling lever: magnets entering use, reaching end of life, and what collection and recovery make recoverable, by year."
          busy={recycling.state === "loading"}
          wide
        >
          <Status res={recycling} what="the recycling flows">
            {(r) => <RecyclingView flows={r} />}
          </Status>
        </Section>

        <Section
          id="plan-inputs"
          title="Plan against"
          intro="The scenarios every comparison, frontier and optimisation below is run on, and the seed of their draws."
          busy={scenarioList.state === "loading"}
          wide
        >
          <Status res={scenarioList} what="the scenarios">
            {(list) => (
              <form class="pickers" aria-label="Plan against" onSubmit={(e) => e.preventDefault()}>
                <Checkboxes
                  legend="Scenarios"
                  name="scenarios"
                  options={list.map((x) => ({
                    value: x.name,
                    label: `${x.name}${x.origin === "saved" ? " (saved)" : ""}`,
                  }))}
                  value={scenarios}
                  onChange={setScenarios}
                />
                <NumberInput name="seed" label="Seed" value={seed} onChange={setSeed} min={0} integer />
              </form>
            )}
          </Status>
          {scenarios.length === 0 ? <p class="error">Pick at least one scenario.</p> : null}
        </Section>

        <Section
          id="portfolios"
          title="Portfolio comparison"
          intro="Each portfolio applied to the network and run in the engine on the same scenarios, runs and seed; the first row has no levers."
          wide
        >
          <EvaluateForm scenarios={scenarios} seed={seed} onEnd={ended} onSubmit={bump} />
          {shown.evaluate ? (
            <JobResultView id={shown.evaluate} kind="evaluate" what="the comparison">
              {(r, id) => <Evaluation id={id} result={r} />}
            </JobResultView>
          ) : null}
        </Section>

        <Section
          id="frontier"
          title="Efficient frontier"
          intro="The least expected lost magnet the optimiser finds for each budget, and the named single-lever strategies, each re-run in the engine on fresh draws."
          wide
        >
          <FrontierForm scenarios={scenarios} seed={seed} onEnd={ended} onSubmit={bump} />
          {shown.frontier ? (
            <JobResultView id={shown.frontier} kind="frontier" what="the frontier">
              {(r, id) => <Frontier id={id} result={r} />}
            </JobResultView>
          ) : null}
        </Section>

        <Section
          id="optimise"
          title="Optimise within a budget"
          intro="The levers that cut the expected lost magnet most for a budget, chosen in the linear twin and checked in the engine."
          wide
        >
          <OptimiseForm scenarios={scenarios} seed={seed} onEnd={ended} onSubmit={bump} />
          {shown.optimize ? (
            <JobResultView id={shown.optimize} kind="optimize" what="the optimisation">
              {(r, id) => <Optimised id={id} result={r} />}
            </JobResultView>
          ) : null}
        </Section>

        <Section
          id="plan-jobs"
          title="Jobs"
          intro="Comparisons, frontiers and optimisations on the server, newest first."
          wide
        >
          <ServerJobs
            kinds={["evaluate", "frontier", "optimize"]}
            version={jobsVersion}
            shown={Object.values(shown).filter((x): x is string => x !== null)}
            open={(j) => {
              if (j.kind in SHOWN) setParams({ [SHOWN[j.kind as keyof typeof SHOWN]]: j.id });
              document
                .getElementById(
                  j.kind === "evaluate" ? "portfolios" : j.kind === "frontier" ? "frontier" : "optimise",
                )
                ?.scrollIntoView();
            }}
          />
        </Section>
      </div>
    </>
  );
}

/** A parameter as the lever file gives it: sourced, or an assumption with its range. */
interface ParamLike {
  readonly value: number;
  readonly source?: string;
  readonly assumption?: string;
  readonly range?: readonly [number, number];
}

function isParam(v: unknown): v is ParamLike {
  return (
    v !== null &&
    typeof v === "object" &&
    typeof (v as { value?: unknown }).value === "number" &&
    ("source" in v || "assumption" in v)
  );
}

/** Units of the levers' parameters (data/plan/levers.yaml's header). */
const UNITS: Record<string, string> = {
  capex: "USD at full size",
  capacity: "kg/month",
  qualification: "months",
  premium: "USD/kg",
  cover: "months",
  collection: "share",
  recovery: "share",
  opex: "USD/kg",
  share: "share",
  lag: "months",
  penalty: "share",
  cost: "USD/kg avoided",
  size: "kg",
  rate: "kg/month",
  holdingCost: "USD/kg/month",
};

function num(x: number, key: string): string {
  if (UNITS[key] === "share") return share(x, 0);
  return Math.abs(x) >= 1000 ? usd.format(x) : String(Number(x.toPrecision(4)));
}

function LeversView({ file, levers }: { file: string; levers: readonly Lever[] }) {
  const params = (l: Lever) => Object.entries(l).filter((e): e is [string, ParamLike] => isParam(e[1]));
  const all = levers.flatMap(params);
  const assumed = all.filter(([, p]) => p.assumption !== undefined).length;
  const [full, setFull] = useState(false);
  return (
    <>
      <p class="note">
        {levers.length} levers from <code>{file}</code>: {all.length - assumed} key parameters sourced,{" "}
        {assumed} assumed.
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={full}
          onChange={(e) => setFull((e.currentTarget as HTMLInputElement).checked)}
        />{" "}
        Show the sources and assumptions in full
      </label>
      <TableBox label="Levers">
        <table class={`data levers-table${full ? " full" : ""}`} data-table="levers">
          <thead>
            <tr>
              <th scope="col">Lever</th>
              <th scope="col">Kind</th>
              <th scope="col">Earliest start</th>
              <th scope="col">Key parameters</th>
            </tr>
          </thead>
          <tbody>
            {levers.map((l) => (
              <tr key={l.id} data-lever={l.id}>
                <th scope="row">
                  {l.name}
                  <br />
                  <code>{l.id}</code>
                </th>
                <td>{l.kind}</td>
                <td>{l.earliestStart}</td>
                <td>
                  <ul class="params">
                    {params(l).map(([k, p]) => (
                      <li key={k} class={p.assumption !== undefined ? "assumed" : "sourced"}>
                        <strong>{k}</strong> {num(p.value, k)}{" "}
                        {UNITS[k] && UNITS[k] !== "share" ? UNITS[k] : ""}
                        {p.assumption !== undefined ? (
                          <span class="provenance">
                            <span class="tag">assumption:</span> {p.assumption}
                            {p.range ? ` (range ${num(p.range[0], k)}–${num(p.range[1], k)})` : ""}
                          </span>
                        ) : (
                          <span class="provenance">
                            <span class="tag">source:</span> {p.source}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

function RecyclingView({ flows }: { flows: readonly RecyclingFlows[] }) {
  if (flows.length === 0) return <p class="note">No recycling lever in the lever file.</p>;
  return (
    <div class="small-multiples wide-multiples">
      {flows.map((f) => (
        <RecyclingOne key={f.lever} flows={f} />
      ))}
    </div>
  );
}

function RecyclingOne({ flows }: { flows: RecyclingFlows }) {
  const option = useMemo(() => recyclingChart(flows), [flows]);
  return (
    <figure class="multiple">
      <Chart
        name={`recycling-${flows.lever}`}
        option={option}
        label={`${flows.name}: magnets entering use, at end of life and recoverable, by year`}
        height="340px"
        minWidth="540px"
      />
      <figcaption class="note">
        {flows.name}: lifetime {flows.lifetime}; collection {share(flows.collection, 0)}, recovery{" "}
        {share(flows.recovery, 0)}.
      </figcaption>
    </figure>
  );
}

interface FormProps {
  scenarios: readonly string[];
  seed: number;
  onEnd: (s: JobStatus) => void;
  onSubmit: () => void;
}

function EvaluateForm(props: FormProps) {
  const portfolios = useApi((s) => specs.list("portfolios", s), []);
  const [picked, setPicked] = useState<string[] | null>(null);
  const [runs, setRuns] = useState(200);
  const sub = useSubmissions();
  const names = (portfolios.data ?? []).filter((p) => p.name !== "none").map((p) => p.name);
  const chosen =
    picked ?? names.filter((n) => (portfolios.data ?? []).find((p) => p.name === n)?.origin === "shipped");
  return (
    <>
      <Status res={portfolios} what="the portfolios">
        {(list: readonly SpecListing[]) => (
          <form
            class="pickers"
            aria-label="Compare portfolios"
            onSubmit={(e) => {
              e.preventDefault();
              void sub
                .submit({
                  kind: "evaluate",
                  portfolios: chosen,
                  scenarios: [...props.scenarios],
                  runs,
                  seed: props.seed,
                })
                .then((s) => {
                  if (s) props.onSubmit();
                });
            }}
          >
            <Checkboxes
              legend="Portfolios"
              name="portfolios"
              options={list
                .filter((p) => p.name !== "none")
                .map((p) => ({
                  value: p.name,
                  label: `${p.name}${p.origin === "saved" ? " (saved)" : ""}`,
                }))}
              value={chosen}
              onChange={setPicked}
            />
            <NumberInput
              name="evaluate-runs"
              label="Runs per scenario"
              value={runs}
              onChange={setRuns}
              min={1}
              max={20_000}
              integer
            />
            <button
              type="submit"
              disabled={sub.submitting || chosen.length === 0 || props.scenarios.length === 0}
            >
              Compare
            </button>
          </form>
        )}
      </Status>
      {sub.error ? (
        <p class="error" role="alert">
          Not started: {sub.error}
        </p>
      ) : null}
      <JobList ids={sub.ids} onEnd={props.onEnd} />
    </>
  );
}

function FrontierForm(props: FormProps) {
  const [months, setMonths] = useState(12);
  const [samples, setSamples] = useState(2);
  const [checkRuns, setCheckRuns] = useState(50);
  const [strategies, setStrategies] = useState(true);
  const sub = useSubmissions();
  return (
    <>
      <form
        class="pickers"
        aria-label="Trace the frontier"
        onSubmit={(e) => {
          e.preventDefault();
          void sub
            .submit({
              kind: "frontier",
              scenarios: [...props.scenarios],
              seed: props.seed,
              months,
              samples,
              checkRuns,
              strategies,
            })
            .then((s) => {
              if (s) props.onSubmit();
            });
        }}
      >
        <NumberInput
          name="frontier-months"
          label="Months"
          value={months}
          onChange={setMonths}
          min={1}
          max={240}
          integer
        />
        <NumberInput
          name="frontier-samples"
          label="Samples per scenario"
          value={samples}
          onChange={setSamples}
          min={0}
          max={200}
          integer
          hint="0: the scenarios' own values"
        />
        <NumberInput
          name="frontier-check-runs"
          label="Engine runs per point"
          value={checkRuns}
          onChange={setCheckRuns}
          min={0}
          max={20_000}
          integer
          hint="0: no out-of-sample check"
        />
        <label class="check">
          <input
            type="checkbox"
            name="frontier-strategies"
            checked={strategies}
            onChange={(e) => setStrategies((e.currentTarget as HTMLInputElement).checked)}
          />{" "}
          Named strategies
        </label>
        <button type="submit" disabled={sub.submitting || props.scenarios.length === 0}>
          Trace the frontier
        </button>
      </form>
      {sub.error ? (
        <p class="error" role="alert">
          Not started: {sub.error}
        </p>
      ) : null}
      <JobList ids={sub.ids} onEnd={props.onEnd} />
    </>
  );
}

function OptimiseForm(props: FormProps) {
  const [budget, setBudget] = useState(500);
  const [months, setMonths] = useState(12);
  const [samples, setSamples] = useState(2);
  const [checkRuns, setCheckRuns] = useState(50);
  const sub = useSubmissions();
  return (
    <>
      <form
        class="pickers"
        aria-label="Optimise"
        onSubmit={(e) => {
          e.preventDefault();
          void sub
            .submit({
              kind: "optimize",
              scenarios: [...props.scenarios],
              seed: props.seed,
              months,
              samples,
              checkRuns,
              objective: { kind: "min-loss", budget: budget * 1e6 },
            })
            .then((s) => {
              if (s) props.onSubmit();
            });
        }}
      >
        <NumberInput name="budget" label="Budget, million USD" value={budget} onChange={setBudget} min={0} />
        <NumberInput
          name="optimise-months"
          label="Months"
          value={months}
          onChange={setMonths}
          min={1}
          max={240}
          integer
        />
        <NumberInput
          name="optimise-samples"
          label="Samples per scenario"
          value={samples}
          onChange={setSamples}
          min={0}
          max={200}
          integer
        />
        <NumberInput
          name="optimise-check-runs"
          label="Engine runs to check"
          value={checkRuns}
          onChange={setCheckRuns}
          min={0}
          max={20_000}
          integer
        />
        <button type="submit" disabled={sub.submitting || props.scenarios.length === 0}>
          Optimise
        </button>
      </form>
      {sub.error ? (
        <p class="error" role="alert">
          Not started: {sub.error}
        </p>
      ) : null}
      <JobList ids={sub.ids} onEnd={props.onEnd} />
    </>
  );
}

function scenarioNames(r: { manifest: { scenarios: readonly { name: string }[] } }): string {
  return r.manifest.scenarios.map((s) => s.name).join(", ");
}

function Evaluation({ id, result }: { id: string; result: EvaluateResult }) {
  const evals = result.evaluations;
  const option = useMemo(() => portfolioChart(evals), [evals]);
  const scenarios = [...new Set(evals.flatMap((e) => e.scenarios.map((s) => s.scenario)))];
  return (
    <>
      <ResultHead
        id={id}
        what={`${evals.length} portfolios on ${scenarioNames(result)} · ${result.request.runs} runs each · seed ${result.request.seed}`}
        csv="the comparison"
      />
      <Chart
        name="portfolios"
        option={option}
        label="Lost magnet and cost of each portfolio"
        height="380px"
      />
      <TableBox label="Portfolio comparison">
        <table class="data" data-table="portfolios">
          <caption>Lost magnet in tonnes over the horizon (mean and P95 over the runs); cost in USD</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Portfolio
              </th>
              <th scope="col" class="num" rowSpan={2}>
                Cost
              </th>
              {scenarios.map((s) => (
                <th scope="colgroup" colSpan={2} key={s} class="num">
                  {s}
                </th>
              ))}
              <th scope="colgroup" colSpan={2} class="num">
                All runs
              </th>
            </tr>
            <tr>
              {[...scenarios, "all"].flatMap((s) => [
                <th scope="col" class="num" key={`${s}-m`}>
                  mean t
                </th>,
                <th scope="col" class="num" key={`${s}-p`}>
                  P95 t
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {evals.map((e) => (
              <tr key={e.portfolio}>
                <th scope="row">{e.portfolio === "none" ? "none (baseline)" : e.portfolio}</th>
                <td class="num">{usd.format(e.cost.total)}</td>
                {scenarios.flatMap((s) => {
                  const x = e.scenarios.find((y) => y.scenario === s);
                  return [
                    <td class="num" key={`${s}-m`}>
                      {x ? t1(x.meanLostTonnes) : "–"}
                    </td>,
                    <td class="num" key={`${s}-p`}>
                      {x ? t1(x.p95LostTonnes) : "–"}
                    </td>,
                  ];
                })}
                <td class="num">{t1(e.overall.meanLostTonnes)}</td>
                <td class="num">{t1(e.overall.p95LostTonnes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

function Frontier({ id, result }: { id: string; result: FrontierResult }) {
  const { points } = result;
  const option = useMemo(() => frontierChart(points), [points]);
  const checked = points.filter((p) => p.outOfSample !== null);
  const meanGap = checked.length
    ? checked.reduce((s, p) => s + (p.outOfSample!.meanTonnes - p.inSampleMeanTonnes), 0) / checked.length
    : null;
  const r = result.request;
  return (
    <>
      <ResultHead
        id={id}
        what={`${points.length} points on ${scenarioNames(result)} · ${r.months ?? "the scenarios'"} months · ${r.samples} samples · ${r.checkRuns} engine runs per point`}
        csv="the points"
      />
      <Chart
        name="frontier"
        option={option}
        label="Cost against expected lost magnet: optimised mixes and named strategies"
        height="420px"
      />
      <p class="twin-note">
        The in-sample figure comes from the linear twin the optimiser solves: it sees each sampled scenario in
        full in advance (perfect foresight) and moves material without the engine's allocation rules and
        delays, so it is optimistic. The out-of-sample figure re-runs the same plan in the engine on fresh
        draws: <strong>trust the engine figure</strong>.
        {meanGap !== null
          ? ` Over the ${checked.length} points checked, the engine loses ${t1(Math.abs(meanGap))} t ${meanGap >= 0 ? "more" : "less"} on average than the twin promised.`
          : " No point was re-run in the engine (engine runs per point: 0)."}
      </p>
      <TableBox label="In sample against out of sample">
        <table class="data" data-table="frontier">
          <caption>
            Lost magnet in tonnes over the horizon; cost in USD (capex and expected running costs)
          </caption>
          <thead>
            <tr>
              <th scope="col">Point</th>
              <th scope="col">Kind</th>
              <th scope="col" class="num">
                Cost
              </th>
              <th scope="col" class="num">
                Twin (in sample), mean t
              </th>
              <th scope="col" class="num">
                Engine (out of sample), mean t
              </th>
              <th scope="col" class="num">
                Engine P95 t
              </th>
              <th scope="col" class="num">
                Gap, engine − twin
              </th>
              <th scope="col">Levers</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => {
              const o = p.outOfSample;
              const gap = o ? o.meanTonnes - p.inSampleMeanTonnes : null;
              return (
                <tr key={p.name} data-point={p.name}>
                  <th scope="row">{p.name}</th>
                  <td>{p.kind === "optimised" ? "optimised" : "strategy"}</td>
                  <td class="num">{usd.format(p.cost)}</td>
                  <td class="num">{t1(p.inSampleMeanTonnes)}</td>
                  <td class="num">{o ? t1(o.meanTonnes) : "not run"}</td>
                  <td class="num">{o ? t1(o.p95Tonnes) : "–"}</td>
                  <td class="num">{gap === null ? "–" : `${gap >= 0 ? "+" : "−"}${t1(Math.abs(gap))} t`}</td>
                  <td>
                    {p.portfolio.choices.map((c) => `${c.lever} ${Math.round(c.size * 100)}%`).join(", ") ||
                      "no levers"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

function Optimised({ id, result }: { id: string; result: OptimizeResult }) {
  const { solution, outOfSample } = result;
  const o = outOfSample?.overall ?? null;
  const objective = result.request.objective;
  return (
    <>
      <ResultHead
        id={id}
        what={`${objective.kind === "min-loss" ? `least loss within ${usd.format(objective.budget)} USD` : `least cost for ${objective.targetTonnes} t`} on ${scenarioNames(result)} · ${solution.status}${solution.gap > 0 ? `, MIP gap ${share(solution.gap, 2)}` : ""}`}
        csv="the chosen levers"
      />
      {solution.portfolio.choices.length === 0 ? (
        <p>No lever is worth its cost within this budget.</p>
      ) : (
        <TableBox label="Chosen levers">
          <table class="data" data-table="optimised">
            <caption>
              Cost {usd.format(solution.cost.total)} USD (capex {usd.format(solution.cost.capex)}, running{" "}
              {usd.format(solution.cost.running)})
            </caption>
            <thead>
              <tr>
                <th scope="col">Lever</th>
                <th scope="col" class="num">
                  Size
                </th>
                <th scope="col">Start</th>
              </tr>
            </thead>
            <tbody>
              {solution.portfolio.choices.map((c) => (
                <tr key={c.lever}>
                  <th scope="row">{c.lever}</th>
                  <td class="num">{share(c.size, 0)}</td>
                  <td>{c.start ?? "earliest"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <TableBox label="Lost magnet in and out of sample">
        <table class="data" data-table="optimised-loss">
          <thead>
            <tr>
              <th scope="col">Lost magnet</th>
              <th scope="col" class="num">
                Mean t
              </th>
              <th scope="col" class="num">
                P95 t
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Twin, in sample (optimistic: perfect foresight)</th>
              <td class="num">{t1(solution.inSample.mean)}</td>
              <td class="num">{t1(solution.inSample.p95)}</td>
            </tr>
            <tr>
              <th scope="row">Engine, out of sample (the figure to trust)</th>
              <td class="num">{o ? t1(o.meanLostTonnes) : "not run"}</td>
              <td class="num">{o ? t1(o.p95LostTonnes) : "–"}</td>
            </tr>
          </tbody>
        </table>
      </TableBox>
    </>
  );
}
