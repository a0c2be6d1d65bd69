/**
 * `lodestone sim scenarios`: the shipped scenarios with their sourced and assumed parameter counts.
 * @module
 */
import type { Command } from "commander";
import { listScenarios, renderTable } from "../../../index.js";
import { printJson, stdio, type GlobalOptions } from "../../context.js";

export function registerSimScenarios(sim: Command, globals: () => GlobalOptions): void {
  sim
    .command("scenarios")
    .description("list the shipped scenarios, with how many parameters are sourced and how many assumed")
    .action(() => {
      const rows = listScenarios();
      if (globals().json) return printJson(stdio, rows);
      stdio.out(
        renderTable(
          [
            { header: "scenario", align: "left" },
            { header: "network", align: "left" },
            { header: "shocks" },
            { header: "sourced" },
            { header: "assumed" },
            { header: "network sourced" },
            { header: "assumed" },
          ],
          rows.map((r) => [
            r.name,
            r.network,
            String(r.shocks),
            String(r.scenarioParams.sourced),
            String(r.scenarioParams.assumed),
            String(r.networkParams.sourced),
            String(r.networkParams.assumed),
          ]),
        ),
      );
      for (const r of rows) if (r.description) stdio.out(`\n${r.name}: ${r.description.trim()}`);
    });
}
