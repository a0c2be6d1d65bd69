/**
 * Scenarios: pick a shipped or saved scenario, edit it (a form for each export control's common
 * knobs and the raw YAML, checked by the server as you type), save it under a new name, and run it
 * as a job with a live progress bar and a Cancel button; then the shortfall fan charts per product,
 * the loss table, inventory paths per node and the manifest. The TTS ranking and the calibration
 * run as jobs of their own. Earlier jobs can be reopened from the list.
 * @module
 */
import { Fragment, type RefObject } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { isMap, isPair, isScalar, parseDocument } from "yaml";
import { calibrationChart } from "../../../src/charts/calibration-chart.js";
import { fanChart } from "../../../src/charts/fan-chart.js";
import { inventoryChart } from "../../../src/charts/inventory-chart.js";
import { ttsChart } from "../../../src/charts/tts-chart.js";
import {
  specs,
  type CalibrateResult,
  type JobStatus,
  type SimRunResult,
  type SpecListing,
  type SpecProblem,
  type SpecText,
  type TtsResult,
  type Validation,
} from "../api.js";
import { Chart } from "../components/chart.js";
import { JobList, JobResultView, ResultHead, ServerJobs, TokenField } from "../components/jobs.js";
import { NumberInput, Section, Select, Status, TableBox, TextInput, type Option } from "../components/ui.js";
import { share, thousands, tonnes } from "../format.js";
import { errorText, useSubmissions } from "../jobs.js";
import type { Route } from "../route.js";
import { useApi, type Loaded } from "../use-api.js";

const DEFAULT_SCENARIO = "april-2025";
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Which URL parameter holds the result on show for each kind of job this page runs. */
const SHOWN = { "sim-run": "run", tts: "tts", calibrate: "cal" } as const;

export function ScenariosPage({
  route,
  setParams,
}: {
  route: Route;
  setParams: (p: Record<string, string>) => void;
}) {
  const name = route.params.get("scenario") ?? DEFAULT_SCENARIO;
  const runId = route.params.get("run");
  const ttsId = route.params.get("tts");
  const calId = route.params.get("cal");
  const [listVersion, setListVersion] = useState(0);
  const [jobsVersion, setJobsVersion] = useState(0);
  const list = useApi((s) => specs.list("scenarios", s), [listVersion]);
  const editor = useEditor(name);
  const listing = list.data?.find((x) => x.name === name) ?? null;
  // An edited scenario runs as the text on show; an unedited one by its name.
  const ref: string | { yaml: string } = editor.edited && editor.text !== null ? { yaml: editor.text } : name;
  const network = editor.network ?? listing?.network ?? "reference";
  const bump = () => setJobsVersion((v) => v + 1);
  const ended = (s: JobStatus) => {
    bump();
    if (s.state === "succeeded" && s.kind in SHOWN)
      setParams({ [SHOWN[s.kind as keyof typeof SHOWN]]: s.id });
  };

  const options: Option[] = [...(list.data ?? [])]
    .sort((a, b) => (a.origin === b.origin ? a.name.localeCompare(b.name) : a.origin === "shipped" ? -1 : 1))
    .map((x) => ({ value: x.name, label: `${x.name}${x.origin === "saved" ? " (saved)" : ""}` }));
  if (!options.some((o) => o.value === name)) options.unshift({ value: name, label: name });

  return (
    <>
      <TokenField />
      <div class="grid">
        <Section
          id="scenario"
          title="Scenario"
          intro="A scenario is a horizon and its shocks (export controls, outages, demand surges) on a network. Pick one, or edit it: the form changes the common knobs of each export control, the YAML everything else."
          busy={list.state === "loading" || editor.loaded.state === "loading"}
          wide
        >
          <form class="pickers" aria-label="Pick a scenario" onSubmit={(e) => e.preventDefault()}>
            <Select
              name="scenario"
              label="Scenario"
              value={name}
              options={options}
              onChange={(v) => setParams({ scenario: v })}
            />
          </form>
          <Status res={list} what="the scenarios">
            {() => (listing ? <ListingView listing={listing} /> : null)}
          </Status>
          <Status res={editor.loaded} what={`scenario ${name}`}>
            {() => (
              <Editor
                editor={editor}
                origin={listing?.origin ?? "shipped"}
                name={name}
                onSaved={(saved) => {
                  setListVersion((v) => v + 1);
                  setParams({ scenario: saved });
                }}
              />
            )}
          </Status>
        </Section>

        <Section
          id="run"
          title="Run"
          intro="Monte-Carlo runs of the scenario: every assumption is drawn from its range in each run. The server queues runs beyond its limit."
          wide
        >
          <RunForm scenario={ref} edited={editor.edited} onEnd={ended} onSubmit={bump} />
        </Section>

        <Section
          id="shortfall"
          title="Shortfall by product"
          intro="Units of each product not made, per month: the band holds 90% of runs (P5–P95), the line is the median (P50)."
          wide
        >
          {runId ? (
            <JobResultView id={runId} kind="sim-run" what="the run's result">
              {(r, id) => <RunResult id={id} result={r} />}
            </JobResultView>
          ) : (
            <p class="note">Run the scenario to see its shortfall, lost magnet and inventory paths here.</p>
          )}
        </Section>

        <Section
          id="tts"
          title="Time to survive"
          intro="Each node of the scenario's network taken down in turn: how many months the rest still meets all demand (TTS), against the months it takes to recover (TTR). TTS < TTR means demand is lost."
          wide
        >
          <TtsForm network={network} onEnd={ended} onSubmit={bump} />
          {ttsId ? (
            <JobResultView id={ttsId} kind="tts" what="the TTS ranking">
              {(r, id) => <TtsTable id={id} result={r} />}
            </JobResultView>
          ) : null}
        </Section>

        <Section
          id="calibration"
          title="Calibration"
          intro="The scenario's first export control fitted to China's observed magnet exports: the approval share, the licensing delay and the recovery, with the fit error in and out of sample."
          wide
        >
          <CalibrateForm scenario={ref} onEnd={ended} onSubmit={bump} />
          {calId ? (
            <JobResultView id={calId} kind="calibrate" what="the calibration">
              {(r, id) => <Calibration id={id} result={r} />}
            </JobResultView>
          ) : null}
        </Section>

        <Section
          id="jobs"
          title="Jobs"
          intro="Runs, TTS sweeps and calibrations on the server, newest first."
          wide
        >
          <ServerJobs
            kinds={["sim-run", "tts", "calibrate"]}
            version={jobsVersion}
            shown={[runId, ttsId, calId].filter((x): x is string => x !== null)}
            open={(j) => {
              if (j.kind in SHOWN) setParams({ [SHOWN[j.kind as keyof typeof SHOWN]]: j.id });
              document
                .getElementById(j.kind === "sim-run" ? "shortfall" : j.kind === "tts" ? "tts" : "calibration")
                ?.scrollIntoView();
            }}
          />
        </Section>
      </div>
    </>
  );
}

function ListingView({ listing }: { listing: SpecListing }) {
  const counts = (c: SpecListing["scenarioParams"]) =>
    c ? `${c.sourced} sourced, ${c.assumed} assumed` : "–";
  return (
    <div class="listing">
      {listing.description ? <p class="description">{listing.description}</p> : null}
      <dl class="facts">
        <dt>Origin</dt>
        <dd>
          {listing.origin === "shipped" ? "shipped" : `saved${listing.savedAt ? ` ${listing.savedAt}` : ""}`}
        </dd>
        <dt>Network</dt>
        <dd>{listing.network ?? "reference"}</dd>
        <dt>Shocks</dt>
        <dd>{listing.shocks ?? "–"}</dd>
        <dt>Scenario parameters</dt>
        <dd>{counts(listing.scenarioParams)}</dd>
        <dt>Network parameters</dt>
        <dd>{counts(listing.networkParams)}</dd>
      </dl>
    </div>
  );
}

/** The YAML being edited, as loaded from the server and as it stands, with its validation. */
interface EditorState {
  readonly loaded: Loaded<SpecText>;
  readonly text: string | null;
  readonly setText: (t: string) => void;
  readonly edited: boolean;
  readonly validation: Validation | null;
  readonly validating: boolean;
  readonly validationError: string | null;
  /** The network the edited YAML names (null while it does not parse). */
  readonly network: string | null;
  readonly reset: () => void;
}

function useEditor(name: string): EditorState {
  const loaded = useApi((s) => specs.get("scenarios", name, s), [name]);
  const [text, setText] = useState<string | null>(null);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [validating, setValidating] = useState(false);
  const [validationError, setValidationError] = useState<string | null>(null);
  const original = loaded.state === "ok" ? loaded.data.yaml : null;
  useEffect(() => {
    setText(original);
    setValidation(null);
  }, [original]);

  // Ask the server once typing pauses; a newer text aborts the older question.
  useEffect(() => {
    if (text === null) return;
    const ctl = new AbortController();
    setValidating(true);
    const timer = setTimeout(() => {
      specs.validate("scenarios", text, ctl.signal).then(
        (v) => {
          if (ctl.signal.aborted) return;
          setValidation(v);
          setValidationError(null);
          setValidating(false);
        },
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          setValidationError(errorText(e));
          setValidating(false);
        },
      );
    }, 400);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);

  const network = useMemo(() => {
    if (text === null) return null;
    const doc = parseDocument(text);
    if (doc.errors.length) return null;
    const n = doc.get("network");
    return typeof n === "string" ? n : "reference";
  }, [text]);

  return {
    loaded,
    text,
    setText,
    edited: text !== null && original !== null && text !== original,
    validation,
    validating,
    validationError,
    network,
    reset: () => setText(original),
  };
}

/** The export controls' common knobs, read from the YAML. */
interface Knobs {
  readonly index: number;
  readonly name: string;
  readonly approval: number | null;
  readonly delayMean: number | null;
  readonly from: string | null;
  readonly to: string | null;
}

type Path = readonly (string | number)[];

function exportControls(text: string): Knobs[] | null {
  const doc = parseDocument(text);
  if (doc.errors.length) return null;
  const shocks = doc.get("shocks");
  const n =
    shocks && typeof shocks === "object" && "items" in shocks ? (shocks.items as unknown[]).length : 0;
  const num = (p: Path) => {
    const v = doc.getIn(p);
    return typeof v === "number" ? v : null;
  };
  const str = (p: Path) => {
    const v = doc.getIn(p);
    return typeof v === "string" ? v : v === null || v === undefined ? null : String(v);
  };
  const out: Knobs[] = [];
  for (let i = 0; i < n; i++) {
    if (doc.getIn(["shocks", i, "kind"]) !== "export-control") continue;
    out.push({
      index: i,
      name: str(["shocks", i, "name"]) ?? `shock ${i + 1}`,
      approval: num(["shocks", i, "approval", "value"]),
      delayMean: num(["shocks", i, "delay", "mean", "value"]),
      from: str(["shocks", i, "from"]),
      to: str(["shocks", i, "to"]),
    });
  }
  return out;
}

/**
 * The YAML with one value set, changed as text so that every comment, line break and folded
 * paragraph of the file stays as written: an existing scalar is replaced where it stands, a removed
 * key loses its line, and a new key gets a line of its own after the sibling `after`. Anything else
 * (a key inside a flow map, a value over several lines) goes through the document (setIn/deleteIn),
 * which re-flows the file.
 */
function setValue(text: string, path: Path, value: number | string | null, after?: string): string {
  const doc = parseDocument(text);
  const raw = typeof value === "number" ? String(value) : value;
  const node = doc.getIn(path, true);
  if (raw !== null && isScalar(node) && node.range)
    return `${text.slice(0, node.range[0])}${raw}${text.slice(node.range[1])}`;
  const parent = doc.getIn(path.slice(0, -1), true);
  const key = path.at(-1);
  const line = (k: unknown) =>
    isMap(parent)
      ? ownLine(
          text,
          parent.items.find((p) => isScalar(p.key) && p.key.value === k),
        )
      : null;
  const own = line(key);
  if (raw === null && own) return `${text.slice(0, own.start)}${text.slice(own.end)}`;
  const sibling = after === undefined ? null : line(after);
  if (raw !== null && !own && sibling)
    return `${text.slice(0, sibling.end)}${sibling.indent}${String(key)}: ${raw}\n${text.slice(sibling.end)}`;
  if (raw === null) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

/** Where a `key: value` pair of a block map stands when it fills one line: its line's bounds and indent. */
function ownLine(text: string, pair: unknown): { start: number; end: number; indent: string } | null {
  if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value) || !pair.key.range || !pair.value.range)
    return null;
  const start = text.lastIndexOf("\n", pair.key.range[0] - 1) + 1;
  const indent = text.slice(start, pair.key.range[0]);
  if (indent.trim() !== "" || text.slice(pair.key.range[0], pair.value.range[1]).includes("\n")) return null;
  const nl = text.indexOf("\n", pair.value.range[1]);
  return nl < 0 ? null : { start, end: nl + 1, indent };
}

function Editor(props: {
  editor: EditorState;
  origin: "shipped" | "saved";
  name: string;
  onSaved: (name: string) => void;
}) {
  const { editor } = props;
  const text = editor.text ?? "";
  const area = useRef<HTMLTextAreaElement>(null);
  const knobs = useMemo(() => exportControls(text), [text]);
  const set = (path: Path, v: number | string | null, after?: string) =>
    editor.setText(setValue(text, path, v, after));
  const problems = editor.validation?.problems ?? [];

  return (
    <div class="editor">
      <form class="knobs" aria-label="Export controls" onSubmit={(e) => e.preventDefault()}>
        <h3>Export controls</h3>
        {knobs === null ? (
          <p class="note">The YAML does not parse: fix it in the text to use the form again.</p>
        ) : knobs.length === 0 ? (
          <p class="note">This scenario has no export control; edit its other shocks in the YAML.</p>
        ) : (
          knobs.map((k) => (
            <fieldset key={k.index} class="knob" data-shock={k.index}>
              <legend>{k.name}</legend>
              {k.approval !== null ? (
                <NumberInput
                  name={`approval-${k.index}`}
                  label={`Approval share (${k.name})`}
                  value={k.approval}
                  onChange={(v) => set(["shocks", k.index, "approval", "value"], v)}
                  hint="0–1 of the contracted volume"
                />
              ) : null}
              {k.delayMean !== null ? (
                <NumberInput
                  name={`delay-${k.index}`}
                  label={`Licensing delay, mean months (${k.name})`}
                  value={k.delayMean}
                  onChange={(v) => set(["shocks", k.index, "delay", "mean", "value"], v)}
                />
              ) : null}
              <TextInput
                name={`from-${k.index}`}
                label={`From (${k.name})`}
                value={k.from ?? ""}
                placeholder="YYYY-MM"
                accept={(v) => MONTH.test(v)}
                onChange={(v) => set(["shocks", k.index, "from"], v)}
              />
              <TextInput
                name={`to-${k.index}`}
                label={`To, empty for open-ended (${k.name})`}
                value={k.to ?? ""}
                placeholder="YYYY-MM"
                accept={(v) => v === "" || MONTH.test(v)}
                onChange={(v) => set(["shocks", k.index, "to"], v === "" ? null : v, "from")}
              />
            </fieldset>
          ))
        )}
      </form>
      <div class="yaml">
        <label for="scenario-yaml">Scenario YAML</label>
        <textarea
          id="scenario-yaml"
          ref={area}
          value={text}
          rows={24}
          wrap="off"
          spellcheck={false}
          aria-describedby="scenario-problems"
          aria-invalid={problems.length > 0}
          onInput={(e) => editor.setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <div
          id="scenario-problems"
          class="problems"
          aria-live="polite"
          data-valid={editor.validating ? undefined : editor.validation?.ok}
        >
          {editor.validationError ? (
            <p class="error">Could not check the YAML: {editor.validationError}</p>
          ) : editor.validation === null || editor.validating ? (
            <p class="loading">Checking…</p>
          ) : editor.validation.ok ? (
            <p class="ok">✓ Valid{editor.edited ? " (edited: runs use this text)" : ""}.</p>
          ) : (
            <>
              <p class="error">
                {problems.length} problem{problems.length === 1 ? "" : "s"}: select one to go to its line.
              </p>
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <ProblemButton problem={p} area={area} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <SaveAs {...props} />
      </div>
    </div>
  );
}

function ProblemButton({
  problem,
  area,
}: {
  problem: SpecProblem;
  area: RefObject<HTMLTextAreaElement | null>;
}) {
  const where = [problem.line !== null ? `line ${problem.line}` : null, problem.path || null]
    .filter(Boolean)
    .join(", ");
  return (
    <button
      type="button"
      class="problem"
      data-line={problem.line ?? undefined}
      data-path={problem.path}
      disabled={problem.line === null}
      onClick={() => {
        if (area.current && problem.line !== null) goToLine(area.current, problem.line);
      }}
    >
      <strong>{where || "the file"}</strong>: {problem.message}
    </button>
  );
}

/** Puts the caret at the start of a line's text (1-based) and scrolls it into view. */
function goToLine(ta: HTMLTextAreaElement, line: number): void {
  const lines = ta.value.split("\n");
  let pos = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += (lines[i]?.length ?? 0) + 1;
  pos += /^\s*/.exec(lines[line - 1] ?? "")?.[0].length ?? 0;
  ta.focus();
  ta.setSelectionRange(pos, pos);
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (line - 4) * lh);
}

function SaveAs(props: {
  editor: EditorState;
  origin: "shipped" | "saved";
  name: string;
  onSaved: (n: string) => void;
}) {
  const { editor } = props;
  const [target, setTarget] = useState(props.origin === "saved" ? props.name : `${props.name}-edited`);
  useEffect(() => setTarget(props.origin === "saved" ? props.name : `${props.name}-edited`), [props.name]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const valid = NAME.test(target);
  const save = async () => {
    if (editor.text === null) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      // The file's own name follows the name it is saved under.
      const yaml = setValue(editor.text, ["name"], target);
      const s = await specs.save("scenarios", target, yaml);
      setSaved(s.name);
      props.onSaved(s.name);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="pickers save"
      aria-label="Save the scenario"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <TextInput
        name="save-name"
        label="Save as (lower-case words joined by hyphens)"
        value={target}
        accept={() => true}
        onChange={setTarget}
      />
      <button type="submit" disabled={!editor.edited || !valid || busy || editor.validation?.ok === false}>
        Save as…
      </button>
      {editor.edited ? (
        <button type="button" onClick={editor.reset}>
          Undo edits
        </button>
      ) : null}
      {!valid ? (
        <p class="error">Names are lower-case letters, digits and hyphens, like april-2025-slow.</p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          Not saved: {error}
        </p>
      ) : null}
      {saved ? (
        <p class="ok" role="status">
          Saved as {saved}.
        </p>
      ) : null}
    </form>
  );
}

function RunForm(props: {
  scenario: string | { yaml: string };
  edited: boolean;
  onEnd: (s: JobStatus) => void;
  onSubmit: () => void;
}) {
  const [runs, setRuns] = useState(1000);
  const [seed, setSeed] = useState(1);
  const sub = useSubmissions();
  return (
    <>
      <form
        class="pickers"
        aria-label="Run the scenario"
        onSubmit={(e) => {
          e.preventDefault();
          void sub.submit({ kind: "sim-run", scenario: props.scenario, runs, seed }).then((s) => {
            if (s) props.onSubmit();
          });
        }}
      >
        <NumberInput name="runs" label="Runs" value={runs} onChange={setRuns} min={1} max={100_000} integer />
        <NumberInput name="seed" label="Seed" value={seed} onChange={setSeed} min={0} integer />
        <button type="submit" class="primary" disabled={sub.submitting}>
          {props.edited ? "Run the edited scenario" : "Run"}
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

function RunResult({ id, result }: { id: string; result: SimRunResult }) {
  const { summary, months, manifest } = result;
  const [node, setNode] = useState(summary.nodes[0]?.node ?? "");
  const nodeSummary = summary.nodes.find((n) => n.node === node) ?? summary.nodes[0];
  const fans = useMemo(
    () => summary.products.map((p) => [p.product, fanChart(p, months)] as const),
    [result],
  );
  const inventory = useMemo(
    () => (nodeSummary ? inventoryChart(nodeSummary, months) : null),
    [nodeSummary, months],
  );
  const first = (m: number | null) => {
    if (m === null) return "none";
    const lo = months[Math.floor(m)];
    const hi = months[Math.ceil(m)];
    return lo === hi || !hi ? (lo ?? "–") : `${lo}/${hi}`;
  };
  const scenarioName = manifest.scenario?.name ?? "scenario";
  return (
    <>
      <ResultHead
        id={id}
        what={`${scenarioName} · ${summary.runs.toLocaleString("en-US")} runs · seed ${manifest.seed ?? "–"} · ${months[0] ?? ""}–${months.at(-1) ?? ""} · ${result.seconds.toFixed(1)} s`}
        csv="the monthly bands"
      />
      {summary.products.length === 0 ? (
        <p class="note">The network has no product.</p>
      ) : (
        <div class="fans">
          {fans.map(([product, option]) => (
            <Chart
              key={product}
              name={`fan-${product}`}
              option={option}
              label={`Shortfall of ${product} per month: P5–P95 band, median and mean`}
              height="260px"
              minWidth="300px"
            />
          ))}
        </div>
      )}
      <TableBox label="Losses by product">
        <table class="data" data-table="losses">
          <caption>
            Over the {months.length} months: lost units and lost magnet (P5 / P50 / P95 over {summary.runs}{" "}
            runs)
          </caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" class="num">
                Any shortfall
              </th>
              <th scope="col">First shortfall (P50)</th>
              <th scope="col" class="num">
                Lost units P5
              </th>
              <th scope="col" class="num">
                P50
              </th>
              <th scope="col" class="num">
                P95
              </th>
              <th scope="col" class="num">
                Lost magnet P5
              </th>
              <th scope="col" class="num">
                P50
              </th>
              <th scope="col" class="num">
                P95
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.products.map((p) => (
              <tr key={p.product}>
                <th scope="row">{p.product}</th>
                <td class="num">{share(p.probabilityAny, 0)}</td>
                <td>{first(p.firstShortfallP50)}</td>
                <td class="num">{thousands(p.lostUnits.p5)}</td>
                <td class="num">{thousands(p.lostUnits.p50)}</td>
                <td class="num">{thousands(p.lostUnits.p95)}</td>
                <td class="num">{tonnes(p.lostMagnetTonnes.p5 * 1000)}</td>
                <td class="num">{tonnes(p.lostMagnetTonnes.p50 * 1000)}</td>
                <td class="num">{tonnes(p.lostMagnetTonnes.p95 * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>

      <h3>Inventory by node</h3>
      {nodeSummary ? (
        <>
          <form class="pickers" aria-label="Node" onSubmit={(e) => e.preventDefault()}>
            <Select
              name="node"
              label="Node"
              value={nodeSummary.node}
              options={summary.nodes.map((n) => ({ value: n.node, label: n.node }))}
              onChange={setNode}
            />
          </form>
          <Chart
            name="inventory"
            option={inventory}
            label={`Inventory of ${nodeSummary.node} per month: P5–P95 band and median`}
            height="300px"
          />
        </>
      ) : (
        <p class="note">The network has no node with inventory.</p>
      )}

      <details class="manifest">
        <summary>Manifest: what went in, to reproduce it</summary>
        <dl class="facts">
          <dt>Seed</dt>
          <dd>{manifest.seed ?? "–"}</dd>
          <dt>Runs</dt>
          <dd>{manifest.runs ?? "–"}</dd>
          <dt>Workers</dt>
          <dd>{result.workers}</dd>
          <dt>Network</dt>
          <dd>
            {manifest.network.name} <code>{manifest.network.sha256.slice(0, 12)}</code>
          </dd>
          {manifest.scenarios.map((s) => (
            <Fragment key={s.name}>
              <dt>Scenario</dt>
              <dd>
                {s.name} <code>{s.sha256.slice(0, 12)}</code>
              </dd>
            </Fragment>
          ))}
          <dt>Code version</dt>
          <dd>{manifest.codeVersion}</dd>
          <dt>Created</dt>
          <dd>{manifest.createdAt}</dd>
        </dl>
        {Object.keys(manifest.data).length ? (
          <TableBox label="Data files cited">
            <table class="data" data-table="manifest-data">
              <caption>Bundled data the network and scenario cite (SHA-256)</caption>
              <tbody>
                {Object.entries(manifest.data).map(([file, hash]) => (
                  <tr key={file}>
                    <th scope="row">{file}</th>
                    <td>
                      <code>{hash}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        ) : null}
      </details>
    </>
  );
}

function TtsForm(props: { network: string; onEnd: (s: JobStatus) => void; onSubmit: () => void }) {
  const [ttr, setTtr] = useState(3);
  const [weight, setWeight] = useState<"magnet" | "cost" | "units">("magnet");
  const sub = useSubmissions();
  return (
    <>
      <form
        class="pickers"
        aria-label="Time to survive"
        onSubmit={(e) => {
          e.preventDefault();
          void sub.submit({ kind: "tts", network: props.network, ttr, weight }).then((s) => {
            if (s) props.onSubmit();
          });
        }}
      >
        <NumberInput name="ttr" label="TTR, months" value={ttr} onChange={setTtr} min={0.1} max={120} />
        <Select
          name="weight"
          label="Weigh lost demand by"
          value={weight}
          options={[
            { value: "magnet", label: "magnet (kg)" },
            { value: "cost", label: "cost (USD)" },
            { value: "units", label: "units" },
          ]}
          onChange={(v) => setWeight(v as typeof weight)}
        />
        <button type="submit" disabled={sub.submitting}>
          Rank the nodes ({props.network})
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

function TtsTable({ id, result }: { id: string; result: TtsResult }) {
  const { report } = result;
  const option = useMemo(() => ttsChart(report), [report]);
  // In JSON an infinite TTS is null: the node's loss never binds.
  const tts = (t: number | null) => (t === null || !Number.isFinite(t) ? "does not bind" : t.toFixed(1));
  const lost = (x: number) =>
    report.weight === "magnet" ? tonnes(x) : report.weight === "cost" ? `${thousands(x)} USD` : thousands(x);
  const flagged = report.nodes.filter((n) => n.flagged);
  const baseline = report.baseline.tts as number | null;
  return (
    <>
      <ResultHead
        id={id}
        what={`${result.manifest.network.name} · TTR ${report.ttr} months`}
        csv="the ranking"
      />
      <p>
        {flagged.length === 0
          ? `No node has TTS < TTR (${report.ttr} months): the rest of the network covers each loss until it recovers.`
          : `${flagged.length} of ${report.nodes.length} nodes have TTS < TTR (${report.ttr} months): demand is lost before they recover.`}{" "}
        {baseline === null || !Number.isFinite(baseline)
          ? "With nothing down, the network meets all demand."
          : `With nothing down, the network already falls short after ${baseline.toFixed(1)} months.`}
      </p>
      <Chart
        name="tts"
        option={option}
        label="Time to survive of each node against the time to recover"
        height="380px"
      />
      <TableBox label="TTS ranking">
        <table class="data" data-table="tts">
          <thead>
            <tr>
              <th scope="col" class="num">
                #
              </th>
              <th scope="col">Node</th>
              <th scope="col">Stage</th>
              <th scope="col">Country</th>
              <th scope="col" class="num">
                TTS, months
              </th>
              <th scope="col" class="num">
                Lost over the TTR
              </th>
              <th scope="col">TTS &lt; TTR</th>
            </tr>
          </thead>
          <tbody>
            {report.nodes.map((n, i) => (
              <tr key={n.node} class={n.flagged ? "flagged" : undefined} data-flagged={n.flagged}>
                <td class="num">{i + 1}</td>
                <th scope="row">{n.node}</th>
                <td>{n.stage}</td>
                <td>{n.country}</td>
                <td class="num">{tts(n.tts as number | null)}</td>
                <td class="num">{lost(n.impact.total)}</td>
                <td>{n.flagged ? <strong class="flag">⚠ yes</strong> : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

function CalibrateForm(props: {
  scenario: string | { yaml: string };
  onEnd: (s: JobStatus) => void;
  onSubmit: () => void;
}) {
  const sub = useSubmissions();
  return (
    <>
      <form
        class="pickers"
        aria-label="Calibrate"
        onSubmit={(e) => {
          e.preventDefault();
          void sub.submit({ kind: "calibrate", scenario: props.scenario }).then((s) => {
            if (s) props.onSubmit();
          });
        }}
      >
        <button type="submit" disabled={sub.submitting}>
          Calibrate against observed exports
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

const PARAM_NAMES = {
  approval: "Approval share",
  delayMonths: "Licensing delay, months",
  recoveryAfterMonths: "Recovery after, months",
} as const;

function Calibration({ id, result }: { id: string; result: CalibrateResult }) {
  const c = result.calibration;
  const option = useMemo(() => calibrationChart(c), [c]);
  const { fit, test } = result.request;
  const f = (x: number) => x.toFixed(2);
  return (
    <>
      <ResultHead
        id={id}
        what={`${result.manifest.scenario?.name ?? "scenario"} against ${result.observedSeries} (${result.observedMonths} months in the store)`}
        csv="observed and fitted"
      />
      <Chart
        name="calibration"
        option={option}
        label="Observed against fitted exports, as an index"
        height="340px"
      />
      <p class="fit" data-fit="error">
        Fit error, in index points (1 = the level before the control): in sample ({fit}) RMSE{" "}
        {c.inSample.rmse.toFixed(3)}, out of sample RMSE {c.outOfSample.rmse.toFixed(3)} ({test}; MAPE{" "}
        {c.inSample.mape.toFixed(1)}% and {c.outOfSample.mape.toFixed(1)}%).
      </p>
      <TableBox label="Fitted parameters">
        <table class="data" data-table="calibration">
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col" class="num">
                Estimate
              </th>
              <th scope="col" class="num">
                Interval
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(PARAM_NAMES) as (keyof typeof PARAM_NAMES)[]).map((k) => {
              const e = c.params[k];
              return (
                <tr key={k}>
                  <th scope="row">{PARAM_NAMES[k]}</th>
                  <td class="num">{f(e.value)}</td>
                  <td class="num">
                    {f(e.lo)}–{f(e.hi)}
                  </td>
                  <td>{e.atEdge ? "reaches the search edge: the data do not pin it down there" : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableBox>
      {c.confounders.length ? (
        <>
          <h3>What the fit cannot separate from licensing</h3>
          <ul class="confounders">
            {c.confounders.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
