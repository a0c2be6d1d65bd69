// Runs `lodestone serve` as main.ts will once it registers the command: for the serve tests.
import { Command, CommanderError } from "commander";
import { registerServe } from "../../src/cli/commands/serve.js";
import { reportError, stdio, type GlobalOptions } from "../../src/cli/context.js";

const program = new Command("lodestone").option("--db <path>").option("--debug").exitOverride();
registerServe(program, () => program.opts<GlobalOptions>());
for (const c of program.commands) c.exitOverride();
try {
  await program.parseAsync(process.argv.slice(2), { from: "user" });
} catch (e) {
  process.exitCode = e instanceof CommanderError ? 2 : reportError(stdio, e, false);
}
