/**
 * The `lodestone` command line: parse → core → format. One place turns errors into exit codes:
 * 0 ok, 1 failed, 2 usage.
 * @module
 */
import { Command, CommanderError } from "commander";
import { reportError, stdio, type GlobalOptions } from "./context.js";
import { registerData } from "./commands/data.js";
import { registerDb } from "./commands/db.js";
import { registerMonitor } from "./commands/monitor.js";
import { registerReport } from "./commands/report.js";
import { registerRisk } from "./commands/risk.js";
import { registerServe } from "./commands/serve.js";
import { registerSim } from "./commands/sim.js";
import { registerPlan } from "./commands/plan.js";
import { registerWorker } from "./commands/worker.js";

export function buildProgram(): Command {
  const program = new Command("lodestone")
    .description(
      "Rare-earth magnet supply-chain intelligence: trade monitor, briefings, risk, disruption simulator",
    )
    .option(
      "--db <path>",
      "database file or postgres:// URL (default: $LODESTONE_DB, else a per-user data directory)",
    )
    .option("--json", "machine-readable output")
    .option("--debug", "show stack traces on errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerData(program, globals);
  registerMonitor(program, globals);
  registerRisk(program, globals);
  registerSim(program, globals);
  registerPlan(program, globals);
  registerReport(program, globals);
  registerServe(program, globals);
  registerDb(program, globals);
  registerWorker(program, globals);
  for (const cmd of allCommands(program)) cmd.exitOverride();
  return program;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0)
        return 0;
      return 2;
    }
    return reportError(stdio, e, argv.includes("--debug"));
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
