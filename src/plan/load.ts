/**
 * Lever and portfolio files: the shipped ones (data/plan/) by name, any other by path, parsed with
 * located errors and checked against the network they attach to.
 * @module
 * @example
 * const { levers, network } = loadLevers(); // data/plan/levers.yaml on the reference network
 * const p = loadPortfolio("build-domestic");
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";
import { parseSpec } from "../sim/load.js";
import type { Network, Problem } from "../sim/network.js";
import { loadNetwork } from "../sim/reference.js";
import { leverFileSchema, portfolioSchema, type Lever, type Portfolio } from "./lever.js";

export const PLAN_DATA_DIR = fileURLToPath(new URL("../../data/plan/", import.meta.url));
const PORTFOLIO_DIR = resolve(PLAN_DATA_DIR, "portfolios");

/** Problems a lever file has against its network: nodes it names, materials its links carry. */
export function leverProblems(levers: readonly Lever[], net: Network): Problem[] {
  // A lever may feed or be fed by another lever of the same file (a heavy rare-earth circuit feeding
  // a new magnet plant); the portfolio must then choose both, which applyPortfolio checks.
  type NodeLike = { id: string; stage: string; output?: string; inputs: { material: string }[] };
  const nodes = new Map<string, NodeLike>(net.nodes.map((n) => [n.id, n]));
  for (const l of levers) {
    if (l.kind === "supplier")
      nodes.set(l.id, { id: l.id, stage: l.stage, output: l.output, inputs: l.inputs });
    else if (l.kind === "recycling")
      nodes.set(l.id, { id: l.id, stage: "recycling", output: l.output, inputs: [] });
    else if (l.kind === "stockpile")
      nodes.set(l.id, {
        id: l.id,
        stage: "stockpile",
        output: l.material,
        inputs: [{ material: l.material }],
      });
  }
  const out: Problem[] = [];
  const seen = new Set<string>();
  levers.forEach((l, i) => {
    if (seen.has(l.id)) out.push({ path: ["levers", i, "id"], message: `duplicate lever id "${l.id}"` });
    seen.add(l.id);
  });
  levers.forEach((l, i) => {
    if (net.nodes.some((n) => n.id === l.id))
      out.push({
        path: ["levers", i, "id"],
        message: `"${l.id}" is already a node of network "${net.name}"`,
      });
    const check = (list: { node: string }[], key: string, takes?: string, gives?: string) =>
      list.forEach((x, j) => {
        const n = nodes.get(x.node);
        if (!n) return out.push({ path: ["levers", i, key, j, "node"], message: `unknown node "${x.node}"` });
        if (takes && !n.inputs.some((inp) => inp.material === takes))
          out.push({ path: ["levers", i, key, j, "node"], message: `"${x.node}" takes no ${takes}` });
        if (gives && n.output !== gives)
          out.push({
            path: ["levers", i, key, j, "node"],
            message: `"${x.node}" makes ${n.output ?? "units"}, not ${gives}`,
          });
      });
    if (l.kind === "supplier") {
      check(l.customers, "customers", l.output);
      l.suppliers.forEach((s, j) => {
        const n = nodes.get(s.node);
        if (!n)
          out.push({ path: ["levers", i, "suppliers", j, "node"], message: `unknown node "${s.node}"` });
        else if (!l.inputs.some((x) => x.material === n.output))
          out.push({
            path: ["levers", i, "suppliers", j, "node"],
            message: `"${s.node}" makes ${n.output}, which the lever takes no input of`,
          });
      });
    } else if (l.kind === "recycling") check(l.customers, "customers", l.output);
    else if (l.kind === "stockpile") {
      check(l.customers, "customers", l.material);
      check(l.suppliers, "suppliers", undefined, l.material);
    } else
      l.products.forEach((p, j) => {
        const n = nodes.get(p);
        if (!n || n.stage !== "product")
          out.push({ path: ["levers", i, "products", j], message: `"${p}" is not a product node` });
        else if (!n.inputs.some((x) => x.material === l.material))
          out.push({ path: ["levers", i, "products", j], message: `"${p}" takes no ${l.material}` });
      });
  });
  return out;
}

/** A lever file (default: the shipped one) and the network it attaches to. */
export function loadLevers(path?: string): { levers: Lever[]; network: Network; file: string } {
  const file = path ? resolve(path) : resolve(PLAN_DATA_DIR, "levers.yaml");
  if (!existsSync(file)) throw new UsageError(`no lever file ${file}`, "levers");
  const text = readFileSync(file, "utf8");
  const label = path ?? "data/plan/levers.yaml";
  const bare = parseSpec(text, label, leverFileSchema);
  const network = loadNetwork(bare.network, dirname(file));
  const parsed = parseSpec(text, label, leverFileSchema, (f) => leverProblems(f.levers, network));
  return { levers: parsed.levers, network, file: label };
}

export function shippedPortfolioNames(): string[] {
  if (!existsSync(PORTFOLIO_DIR)) return [];
  return readdirSync(PORTFOLIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A shipped portfolio by name, or a file; its levers must be in `levers`. */
export function loadPortfolio(nameOrPath: string, levers: readonly Lever[]): Portfolio {
  const shipped = resolve(PORTFOLIO_DIR, `${nameOrPath}.yaml`);
  const isShipped = /^[a-z0-9-]+$/.test(nameOrPath) && existsSync(shipped);
  const file = isShipped ? shipped : resolve(nameOrPath);
  if (!existsSync(file))
    throw new UsageError(
      `"${nameOrPath}" is neither a shipped portfolio (${shippedPortfolioNames().join(", ")}) nor a file`,
      "portfolio",
    );
  return parsePortfolio(
    readFileSync(file, "utf8"),
    isShipped ? `data/plan/portfolios/${nameOrPath}.yaml` : nameOrPath,
    levers,
  );
}

/** A portfolio file's text (YAML or JSON), its levers checked against `levers`; errors located. */
export function parsePortfolio(text: string, file: string, levers: readonly Lever[]): Portfolio {
  const ids = new Set(levers.map((l) => l.id));
  return parseSpec(text, file, portfolioSchema, (p) =>
    p.choices.flatMap((c, i) =>
      ids.has(c.lever) ? [] : [{ path: ["choices", i, "lever"], message: `unknown lever "${c.lever}"` }],
    ),
  );
}
