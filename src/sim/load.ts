/**
 * Reads network and scenario files (YAML or JSON) into strict types, reporting every problem with its
 * line and path, e.g. `network.yaml:41: nodes[12].capacity.value: must be ≥ 0`.
 * @module
 * @example
 * const net = parseNetwork(readFileSync("my-network.yaml", "utf8"), "my-network.yaml");
 */
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import { SpecError } from "../errors.js";
import { networkProblems, networkSchema, type Network, type Problem } from "./network.js";
import { scenarioProblems } from "./compile.js";
import { scenarioSchema, type Scenario } from "./scenario.js";

/** `nodes[12].capacity` from `["nodes", 12, "capacity"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

interface Parsed {
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number | null;
}

function parseText(text: string, file: string): Parsed {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new SpecError(
      file,
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        path: "",
        message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
      })),
    );
  }
  return {
    data: doc.toJS({ maxAliasCount: 100 }),
    lineOf(path) {
      // Walk up to the nearest node that exists (a missing field is reported at its parent).
      for (let k = path.length; k >= 0; k--) {
        const node = doc.getIn(path.slice(0, k) as unknown[], true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return null;
    },
  };
}

function validate<T>(schema: z.ZodType<T>, parsed: Parsed, file: string, extra: (v: T) => Problem[]): T {
  const r = schema.safeParse(parsed.data);
  const problems = r.success
    ? extra(r.data)
    : r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
  if (problems.length) {
    throw new SpecError(
      file,
      problems.map((p) => ({ line: parsed.lineOf(p.path), path: formatPath(p.path), message: p.message })),
    );
  }
  return r.data as T;
}

/** Parses any spec file's text (YAML or JSON) with a zod schema and extra checks, errors located. */
export function parseSpec<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  extra: (v: T) => Problem[] = () => [],
): T {
  return validate(schema, parseText(text, file), file, extra);
}

/** Parses and checks a network file's text (YAML, of which JSON is a subset). */
export function parseNetwork(text: string, file: string): Network {
  return validate(networkSchema, parseText(text, file), file, networkProblems);
}

/** Parses a scenario file's text; with a network, also checks that its references resolve. */
export function parseScenario(text: string, file: string, network?: Network): Scenario {
  return validate(scenarioSchema, parseText(text, file), file, (s) =>
    network ? scenarioProblems(s, network) : [],
  );
}
