/**
 * The scenarios, networks and portfolios a user can name: the shipped ones (data/sim, data/plan) and
 * those saved in the store through the API. A saved spec is validated with the same schemas and
 * checks as a file (errors located by line and path) and kept as the text the user wrote. A scenario's
 * `network` must be `reference` or a saved network's name: a spec sent over the API never names a
 * path on the server.
 * @module
 * @example
 * const lib = new SpecLibrary(store);
 * await lib.save("scenarios", "my-embargo", yamlText); // throws SpecError with line and path
 * const { scenario, network } = await lib.scenario("my-embargo");
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isoTimestamp } from "../data/store/sql-timestamp.js";
import type { Store } from "../data/store/store.js";
import { SpecError, UsageError } from "../errors.js";
import type { Lever, Portfolio } from "../plan/lever.js";
import { loadLevers, parsePortfolio, PLAN_DATA_DIR } from "../plan/load.js";
import { parseNetwork, parseScenario } from "../sim/load.js";
import type { Network } from "../sim/network.js";
import { countParams } from "../sim/param.js";
import { REFERENCE_NETWORK, SIM_DATA_DIR } from "../sim/reference.js";
import type { Scenario } from "../sim/scenario.js";
import { SPEC_NAME, type SpecRef } from "./request.js";

export const SPEC_KINDS = ["scenarios", "networks", "portfolios"] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

export interface SpecListing {
  readonly name: string;
  readonly origin: "shipped" | "saved";
  readonly description: string;
  /** When it was saved (ISO 8601); null for a shipped spec. */
  readonly savedAt: string | null;
  /** Scenarios only: the network it runs on, its shocks, and how many parameters are sourced or assumed. */
  readonly network?: string;
  readonly shocks?: number;
  readonly scenarioParams?: { sourced: number; assumed: number };
  readonly networkParams?: { sourced: number; assumed: number };
}

export interface SpecText {
  readonly name: string;
  readonly origin: "shipped" | "saved";
  readonly text: string;
  /** The name errors carry: the shipped file's path, or `saved scenario "x"`. */
  readonly file: string;
  readonly savedAt: string | null;
}

/** One problem in a spec, as a validation answer lists it. */
export interface SpecProblem {
  readonly line: number | null;
  readonly path: string;
  readonly message: string;
}

const SHIPPED_DIRS: Record<SpecKind, string> = {
  scenarios: resolve(SIM_DATA_DIR, "scenarios"),
  networks: SIM_DATA_DIR,
  portfolios: resolve(PLAN_DATA_DIR, "portfolios"),
};

const SINGULAR: Record<SpecKind, string> = {
  scenarios: "scenario",
  networks: "network",
  portfolios: "portfolio",
};

/** The shipped spec names of a kind: the one network is `reference`. */
function shippedNames(kind: SpecKind): string[] {
  if (kind === "networks") return ["reference"];
  const dir = SHIPPED_DIRS[kind];
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

function shippedText(kind: SpecKind, name: string): SpecText | null {
  if (!shippedNames(kind).includes(name)) return null;
  const file = kind === "networks" ? REFERENCE_NETWORK : resolve(SHIPPED_DIRS[kind], `${name}.yaml`);
  const label =
    kind === "networks"
      ? "data/sim/network.yaml"
      : `data/${kind === "portfolios" ? "plan/portfolios" : "sim/scenarios"}/${name}.yaml`;
  return { name, origin: "shipped", text: readFileSync(file, "utf8"), file: label, savedAt: null };
}

/** The line of a top-level key in YAML or JSON text, for a problem the schema cannot locate. */
function lineOfKey(text: string, key: string): number | null {
  const i = text.split("\n").findIndex((l) => new RegExp(`^\\s*"?${key}"?\\s*:`).test(l));
  return i < 0 ? null : i + 1;
}

export class SpecLibrary {
  private leverCache: { levers: Lever[]; network: Network } | null = null;

  constructor(private readonly store: Store) {}

  /** The shipped levers and the network they attach to (read once). */
  levers(): { levers: Lever[]; network: Network } {
    this.leverCache ??= loadLevers();
    return this.leverCache;
  }

  /** A spec's text by name: shipped first (a saved spec cannot take a shipped name), else saved. */
  async text(kind: SpecKind, name: string): Promise<SpecText | null> {
    const shipped = shippedText(kind, name);
    if (shipped) return shipped;
    const rows = await this.store.all<{ text: string; saved_at: string }>(
      `SELECT text, ${isoTimestamp(this.store.dialect, "saved_at")} FROM saved_specs WHERE kind = ? AND name = ?`,
      [kind, name],
    );
    const row = rows[0];
    return row
      ? {
          name,
          origin: "saved",
          text: row.text,
          file: `saved ${SINGULAR[kind]} "${name}"`,
          savedAt: row.saved_at,
        }
      : null;
  }

  /** Shipped specs, then saved ones, by name. */
  async list(kind: SpecKind): Promise<SpecListing[]> {
    const saved = await this.store.all<{ name: string }>(
      "SELECT name FROM saved_specs WHERE kind = ? ORDER BY name",
      [kind],
    );
    const out: SpecListing[] = [];
    for (const name of [...shippedNames(kind), ...saved.map((r) => r.name)]) {
      const t = (await this.text(kind, name))!;
      out.push(await this.listing(kind, t));
    }
    return out;
  }

  private async listing(kind: SpecKind, t: SpecText): Promise<SpecListing> {
    const base = { name: t.name, origin: t.origin, savedAt: t.savedAt };
    if (kind === "scenarios") {
      const { scenario, network } = await this.parseScenario(t.text, t.file);
      return {
        ...base,
        description: scenario.description ?? "",
        network: scenario.network,
        shocks: scenario.shocks.length,
        scenarioParams: countParams(scenario),
        networkParams: countParams(network),
      };
    }
    const spec = await this.parse(kind, t.text, t.file);
    return { ...base, description: (spec as { description?: string }).description ?? "" };
  }

  /** Parses a spec's text as its kind; throws SpecError with every problem located. */
  async parse(kind: SpecKind, text: string, file: string): Promise<Scenario | Network | Portfolio> {
    if (kind === "scenarios") return (await this.parseScenario(text, file)).scenario;
    if (kind === "networks") return parseNetwork(text, file);
    return parsePortfolio(text, file, this.levers().levers);
  }

  /** The problems of a spec's text, or none: what an editor shows as the user types. */
  async problems(kind: SpecKind, text: string): Promise<SpecProblem[]> {
    try {
      await this.parse(kind, text, SINGULAR[kind]);
      return [];
    } catch (e) {
      if (e instanceof SpecError) return [...e.problems];
      throw e;
    }
  }

  /**
   * A scenario's text parsed and checked against its network: `network` (a name) overrides the
   * scenario's own, which must be `reference` or a saved network.
   */
  async parseScenario(
    text: string,
    file: string,
    network?: string,
  ): Promise<{ scenario: Scenario; network: Network }> {
    const bare = parseScenario(text, file);
    const name = network ?? bare.network;
    const net = await this.network(name, () =>
      network === undefined
        ? new SpecError(file, [
            {
              line: lineOfKey(text, "network"),
              path: "network",
              message: `must be "reference" or the name of a saved network, not "${name}"`,
            },
          ])
        : new UsageError(`no network "${name}": use "reference" or a saved network's name`, "network"),
    );
    return { scenario: parseScenario(text, file, net), network: net };
  }

  private async network(name: string, missing: () => Error): Promise<Network> {
    if (!SPEC_NAME.test(name)) throw missing();
    const t = await this.text("networks", name);
    if (!t) throw missing();
    return parseNetwork(t.text, t.file);
  }

  /** A network named or inline. */
  async networkOf(ref: SpecRef, field = "network"): Promise<Network> {
    if (typeof ref !== "string") return parseNetwork(ref.yaml, field);
    return this.network(ref, () => new UsageError(`no network "${ref}"`, field));
  }

  /** A scenario named or inline, with the network it runs on (`network` overrides its own). */
  async scenarioOf(
    ref: SpecRef,
    network?: SpecRef,
    field = "scenario",
  ): Promise<{ scenario: Scenario; network: Network }> {
    const t = await this.textOf("scenarios", ref, field);
    if (network === undefined || typeof network === "string")
      return this.parseScenario(t.text, t.file, network);
    const net = parseNetwork(network.yaml, "network");
    return { scenario: parseScenario(t.text, t.file, net), network: net };
  }

  /** A portfolio named or inline, its levers checked against the shipped lever file. */
  async portfolioOf(ref: SpecRef, field = "portfolio"): Promise<Portfolio> {
    const t = await this.textOf("portfolios", ref, field);
    return parsePortfolio(t.text, t.file, this.levers().levers);
  }

  private async textOf(kind: SpecKind, ref: SpecRef, field: string): Promise<{ text: string; file: string }> {
    if (typeof ref !== "string") return { text: ref.yaml, file: field };
    const t = await this.text(kind, ref);
    if (!t) {
      const names = (await this.list(kind)).map((l) => l.name).join(", ");
      throw new UsageError(`no ${SINGULAR[kind]} "${ref}"; known: ${names}`, field);
    }
    return t;
  }

  /** Validates and saves (or replaces) a spec; a shipped name is refused. */
  async save(kind: SpecKind, name: string, text: string): Promise<SpecListing> {
    if (!SPEC_NAME.test(name))
      throw new UsageError(
        `"${name}" is not a name: use lower-case letters, digits and hyphens, like my-embargo`,
        "name",
      );
    if (shippedNames(kind).includes(name))
      throw new SpecConflict(
        `"${name}" is a shipped ${SINGULAR[kind]}: save your version under another name`,
      );
    await this.parse(kind, text, `${SINGULAR[kind]} "${name}"`);
    const sha = createHash("sha256").update(text).digest("hex");
    await this.store.transaction(async () => {
      await this.store.run("DELETE FROM saved_specs WHERE kind = ? AND name = ?", [kind, name]);
      await this.store.run("INSERT INTO saved_specs VALUES (?, ?, ?, ?, now())", [kind, name, text, sha]);
    });
    return this.listing(kind, (await this.text(kind, name))!);
  }

  /** Removes a saved spec; false when there is none by that name. A shipped one is refused. */
  async remove(kind: SpecKind, name: string): Promise<boolean> {
    if (shippedNames(kind).includes(name))
      throw new SpecConflict(`"${name}" is a shipped ${SINGULAR[kind]} and cannot be deleted`);
    const rows = await this.store.all<{ n: number }>(
      "SELECT count(*) AS n FROM saved_specs WHERE kind = ? AND name = ?",
      [kind, name],
    );
    if (!rows[0]?.n) return false;
    await this.store.run("DELETE FROM saved_specs WHERE kind = ? AND name = ?", [kind, name]);
    return true;
  }
}

/** A request that conflicts with what exists (a shipped name): HTTP 409. */
export class SpecConflict extends UsageError {
  override name = "SpecConflict";
}
