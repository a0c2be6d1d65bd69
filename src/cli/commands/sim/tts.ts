/**
 * `lodestone sim tts`: time to survive and time to recover per node (Simchi-Levi et al. 2015), ranked
 * by risk exposure, with the nodes whose TTS is shorter than the TTR flagged.
 * @module
 */
import type { Command } from "commander";
import { formatTts, loadNetwork, renderTable, ttsAnalysis, type TtsWeight } from "../../../index.js";
import { printJson, stdio, usage, type GlobalOptions } from "../../context.js";

interface TtsOptions {
  network?: string;
  ttr: string;
  nodes?: string;
  month?: string;
  weight: string;
}

export function registerSimTts(sim: Command, globals: () => GlobalOptions): void {
  sim
    .command("tts")
    .description("time to survive / time to recover per node, ranked by lost demand; TTS < TTR flagged")
    .option("--network <file>", "network file (default: the shipped reference network)")
    .option("--ttr <months>", "time to recover: how long each node stays down", "3")
    .option("--nodes <ids>", "only these nodes (comma-separated)")
    .option("--month <YYYY-MM>", "read capacities and schedules as in force that month (default: as built)")
    .option(
      "--weight <w>",
      "weigh lost units by magnet (kg of magnet per unit), cost (unitCost) or units",
      "magnet",
    )
    .action(async (opts: TtsOptions) => {
      const ttr = Number(opts.ttr);
      if (!Number.isFinite(ttr) || ttr <= 0) usage(`--ttr "${opts.ttr}" is not a positive number of months`);
      const network = loadNetwork(opts.network ?? "reference");
      const report = await ttsAnalysis(network, {
        ttr,
        month: opts.month,
        weight: opts.weight as TtsWeight,
        nodes: opts.nodes?.split(",").map((s) => s.trim()),
      });
      if (globals().json) return printJson(stdio, report);
      const flagged = report.nodes.filter((n) => n.flagged).length;
      stdio.out(
        [
          `TTS/TTR on ${network.name}: each node down in turn for a TTR of ${ttr} months (${report.nodes.length} nodes; ${flagged} with TTS < TTR)`,
          "",
          renderTable(
            [
              { header: "rank" },
              { header: "node", align: "left" },
              { header: "stage", align: "left" },
              { header: "country", align: "left" },
              { header: "TTS", align: "left" },
              {
                header:
                  report.weight === "magnet"
                    ? "lost over TTR, kg magnet"
                    : report.weight === "cost"
                      ? "lost over TTR, cost"
                      : "lost over TTR, units",
              },
              { header: "", align: "left" },
            ],
            report.nodes.map((n, i) => [
              String(i + 1),
              n.node,
              n.stage,
              n.country,
              formatTts(n.tts),
              Math.round(n.impact.total).toLocaleString("en-US"),
              n.flagged ? "TTS < TTR" : "",
            ]),
          ),
          "",
          "Lead times are ignored (an aggregate LP): TTS is the best any re-routing could achieve.",
        ].join("\n"),
      );
    });
}
