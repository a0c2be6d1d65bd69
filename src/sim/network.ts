/**
 * The supply-network file: materials with their element content, nodes by stage with capacities,
 * inventories and recipes, and supplier → customer edges. Definitions only; `compile.ts` turns a
 * network and a scenario into the engine's typed arrays.
 *
 * Units: capacities, inventories and flows are kg of the node's output material per month (product
 * nodes: units per month); `perUnit` is kg of input per kg (or unit) of output; lead times are months.
 * @module
 * @example
 * const net = parseNetwork(yamlText, "network.yaml"); // throws ImportError "network.yaml:14: nodes[3].capacity.value: must be ≥ 0"
 */
import { z } from "zod";
import { ELEMENTS } from "../units/basis.js";
import { parseMonth } from "../units/month.js";
import { boundedParam, monthText, scheduleSchema, type Schedule } from "./param.js";

/** `recycling`: secondary supply from end-of-life scrap, which (like a mine) has no inputs in the network. */
export const STAGES = [
  "mine",
  "recycling",
  "separation",
  "metal",
  "magnet",
  "component",
  "product",
  "stockpile",
] as const;

/** Stages whose nodes have no inputs in the network: they are where material enters it. */
export function isSource(stage: Stage): boolean {
  return stage === "mine" || stage === "recycling";
}
export type Stage = (typeof STAGES)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes");
const country = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166 alpha-3 code such as CHN");
const nonNegative = boundedParam(0);

const materialSchema = z.strictObject({
  id,
  name: z.string().optional(),
  /** kg of element per kg of material; the rest is other mass (Fe, B, O, …). */
  content: z.partialRecord(z.enum(ELEMENTS), boundedParam(0, 1)),
});

const inputSchema = z.strictObject({
  material: id,
  /** kg of input per kg (product nodes: per unit) of output, before the yield (the node uses perUnit ÷ yield). */
  perUnit: scheduleSchema(0, Infinity, true),
  /** Share of the input that ends in the output; the rest is process loss. */
  yield: boundedParam(0, 1).optional(),
});

const rampSchema = z.strictObject({
  months: z.number().int().min(1, "must be ≥ 1"),
  shape: z.enum(["linear", "s-curve"]).default("s-curve"),
});

const nodeSchema = z
  .strictObject({
    id,
    name: z.string().optional(),
    stage: z.enum(STAGES),
    country,
    /** Output material id; product nodes leave it out (their output is units). */
    output: id.optional(),
    /** Output per month at full size; steps when it changes over time (e.g. end-of-life supply). */
    capacity: scheduleSchema(0),
    inventory: nonNegative.optional(),
    /** Target inventory in months of planned output. */
    cover: nonNegative.optional(),
    start: monthText.optional(),
    end: monthText.optional(),
    ramp: rampSchema.optional(),
    inputs: z.array(inputSchema).default([]),
    /** Product nodes: demand in units per month, and the end use they belong to. */
    demand: scheduleSchema(0).optional(),
    endUse: z.string().optional(),
    /** Stockpile nodes: when they release to their customers. */
    release: z.enum(["on-shock", "below-cover"]).optional(),
    unitCost: nonNegative.optional(),
    holdingCost: nonNegative.optional(),
  })
  .superRefine((n, ctx) => {
    if (n.stage === "product") {
      if (n.output)
        ctx.addIssue({ code: "custom", message: "a product node has no output material", path: ["output"] });
      if (!n.demand)
        ctx.addIssue({ code: "custom", message: "a product node needs its demand", path: ["demand"] });
      if (!n.endUse)
        ctx.addIssue({ code: "custom", message: "a product node needs its end use", path: ["endUse"] });
    } else {
      if (!n.output) ctx.addIssue({ code: "custom", message: "needs its output material", path: ["output"] });
      if (n.demand)
        ctx.addIssue({ code: "custom", message: "only product nodes have demand", path: ["demand"] });
    }
    if (n.stage === "stockpile" && n.inputs.length > 1)
      ctx.addIssue({ code: "custom", message: "a stockpile holds one material", path: ["inputs"] });
    if (n.start && n.end && parseMonth(n.end)! < parseMonth(n.start)!)
      ctx.addIssue({ code: "custom", message: "ends before it starts", path: ["end"] });
  });

const edgeSchema = z.strictObject({
  from: id,
  to: id,
  leadTime: boundedParam(1),
  /** Share of the customer's need for this material ordered from this supplier. */
  share: scheduleSchema(0, 1),
  /** Lower numbers are served first under the priority allocation rule. */
  priority: z.number().int().min(0).default(0),
});

export const networkSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  elements: z.array(z.enum(ELEMENTS)).min(1, "needs at least one tracked element"),
  materials: z.array(materialSchema),
  nodes: z.array(nodeSchema).min(1, "needs at least one node"),
  edges: z.array(edgeSchema),
});

export type Network = z.infer<typeof networkSchema>;
export type NetworkNode = Network["nodes"][number];
export type NetworkEdge = Network["edges"][number];
export type Material = Network["materials"][number];

/** One located problem in a network or scenario: a path like `nodes[12].capacity` and a reason. */
export interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what the schema cannot: references, one material per input, recipes that do not create
 * elements, every non-mine node fed, no cycles, shares summing to one per customer input.
 */
export function networkProblems(net: Network): Problem[] {
  const out: Problem[] = [];
  const nodeIndex = new Map(net.nodes.map((n, i) => [n.id, i]));
  const materials = new Map(net.materials.map((m) => [m.id, m]));
  dupes(
    net.nodes.map((n) => n.id),
    "nodes",
    out,
  );
  dupes(
    net.materials.map((m) => m.id),
    "materials",
    out,
  );
  net.materials.forEach((m, i) => {
    for (const el of Object.keys(m.content))
      if (!net.elements.includes(el as never))
        out.push({
          path: ["materials", i, "content", el],
          message: `${el} is not in the network's elements`,
        });
    const total = Object.values(m.content).reduce((s, p) => s + p.value, 0);
    if (total > 1 + 1e-12)
      out.push({ path: ["materials", i, "content"], message: "element contents sum above 1 kg/kg" });
  });
  net.nodes.forEach((n, i) => {
    if (n.output && !materials.has(n.output))
      out.push({ path: ["nodes", i, "output"], message: `unknown material "${n.output}"` });
    n.inputs.forEach((inp, j) => {
      if (!materials.has(inp.material))
        out.push({
          path: ["nodes", i, "inputs", j, "material"],
          message: `unknown material "${inp.material}"`,
        });
    });
    dupes(
      n.inputs.map((x) => x.material),
      ["nodes", i, "inputs"],
      out,
    );
    if (n.stage === "stockpile" && n.inputs[0] && n.inputs[0].material !== n.output)
      out.push({
        path: ["nodes", i, "inputs", 0, "material"],
        message: "a stockpile takes in what it holds",
      });
    if (!isSource(n.stage) && n.inputs.length === 0)
      out.push({ path: ["nodes", i, "inputs"], message: `a ${n.stage} node needs at least one input` });
    if (isSource(n.stage) && n.inputs.length > 0)
      out.push({ path: ["nodes", i, "inputs"], message: `a ${n.stage} node has no inputs in the network` });
  });
  const shareSum = new Map<string, number[]>();
  net.edges.forEach((e, i) => {
    const a = nodeIndex.get(e.from);
    const b = nodeIndex.get(e.to);
    if (a === undefined) out.push({ path: ["edges", i, "from"], message: `unknown node "${e.from}"` });
    if (b === undefined) out.push({ path: ["edges", i, "to"], message: `unknown node "${e.to}"` });
    if (a === undefined || b === undefined) return;
    const sup = net.nodes[a]!;
    const cus = net.nodes[b]!;
    if (sup.stage === "product")
      out.push({ path: ["edges", i, "from"], message: "a product node supplies nothing" });
    if (!cus.inputs.some((x) => x.material === sup.output))
      out.push({
        path: ["edges", i, "to"],
        message: `"${cus.id}" takes no ${sup.output ?? "units"} (its inputs: ${cus.inputs.map((x) => x.material).join(", ") || "none"})`,
      });
    if (sup.stage !== "stockpile") {
      const key = `${e.to}\u0000${sup.output}`;
      shareSum.set(key, [...(shareSum.get(key) ?? []), i]);
    }
  });
  // Shares may change over time: they must sum to one from every month any of them steps.
  for (const [key, edges] of shareSum) {
    const months = [...new Set(edges.flatMap((i) => stepMonths(net.edges[i]!.share)))].sort();
    for (const month of months.length ? months : [null]) {
      const sum = edges.reduce((s, i) => s + valueAt(net.edges[i]!.share, month), 0);
      if (Math.abs(sum - 1) > 1e-9) {
        const [to, mat] = key.split("\u0000");
        out.push({
          path: ["edges", edges[0]!, "share"],
          message: `shares of ${mat} into "${to}" sum to ${round(sum)}, not 1${month ? ` from ${month}` : ""}`,
        });
        break;
      }
    }
  }
  net.nodes.forEach((n, i) => {
    n.inputs.forEach((inp, j) => {
      const fed = net.edges.some(
        (e) => e.to === n.id && net.nodes[nodeIndex.get(e.from) ?? -1]?.output === inp.material,
      );
      if (!fed && materials.has(inp.material))
        out.push({
          path: ["nodes", i, "inputs", j, "material"],
          message: `no edge brings ${inp.material} to "${n.id}"`,
        });
    });
    if (n.output && materials.has(n.output) && n.inputs.length > 0) {
      const made = materials.get(n.output)!.content;
      for (const el of net.elements) {
        const outKg = made[el]?.value ?? 0;
        const inKg = n.inputs.reduce((s, inp) => {
          const per = Array.isArray(inp.perUnit)
            ? Math.min(...inp.perUnit.map((p) => p.value))
            : inp.perUnit.value;
          // The stoichiometric input must hold the output's element; the yield only adds loss on top.
          return s + per * (materials.get(inp.material)?.content[el]?.value ?? 0);
        }, 0);
        if (outKg > inKg + 1e-9)
          out.push({
            path: ["nodes", i, "inputs"],
            message: `the recipe makes ${round(outKg)} kg ${el} per kg from ${round(inKg)} kg in its inputs`,
          });
      }
    }
  });
  const cycle = findCycle(net);
  if (cycle) out.push({ path: ["edges"], message: `the edges form a cycle: ${cycle.join(" → ")}` });
  return out;
}

function stepMonths(s: Schedule): string[] {
  return Array.isArray(s) ? s.map((p) => p.from!) : [];
}

/** A schedule's value from `month` on (its first step's before that; its value when it has no steps). */
export function valueAt(s: Schedule, month: string | null): number {
  if (!Array.isArray(s)) return s.value;
  const steps = [...s].sort((a, b) => a.from!.localeCompare(b.from!));
  let v = steps[0]!.value;
  for (const p of steps) if (month !== null && p.from! <= month) v = p.value;
  return v;
}

function dupes(ids: string[], path: string | (string | number)[], out: Problem[]): void {
  const seen = new Set<string>();
  ids.forEach((x, i) => {
    if (seen.has(x))
      out.push({ path: [...(Array.isArray(path) ? path : [path]), i], message: `duplicate id "${x}"` });
    seen.add(x);
  });
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function findCycle(net: Network): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of net.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 2) return null;
    if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 1);
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of net.nodes) {
    const c = visit(n.id);
    if (c) return c;
  }
  return null;
}

/** Nodes in an order where every supplier comes before its customers. */
export function topologicalOrder(net: Network): number[] {
  const index = new Map(net.nodes.map((n, i) => [n.id, i]));
  const indeg = new Array<number>(net.nodes.length).fill(0);
  const next: number[][] = net.nodes.map(() => []);
  for (const e of net.edges) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    next[a]!.push(b);
    indeg[b]!++;
  }
  const order: number[] = [];
  const queue = indeg.flatMap((d, i) => (d === 0 ? [i] : []));
  while (queue.length) {
    const n = queue.shift()!;
    order.push(n);
    for (const m of next[n]!) if (--indeg[m]! === 0) queue.push(m);
  }
  return order;
}
