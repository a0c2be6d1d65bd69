import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { LodestoneError, UsageError } from "../../src/errors.js";
import { registerReport } from "../../src/cli/commands/report.js";
import type { Output } from "../../src/cli/context.js";
import { findChromium, NO_CHROMIUM } from "../../src/report/render-pdf.js";
import { tempDir } from "../helpers/store.js";

const dir = tempDir();
const db = join(dir, "report.duckdb");

async function run(args: string[]): Promise<string> {
  let text = "";
  const io: Output = { out: (t) => void (text += `${t}\n`), err: () => {}, color: false, isTTY: false };
  const program = new Command("lodestone").option("--db <path>").option("--json").exitOverride();
  registerReport(program, () => program.opts(), io);
  for (const c of program.commands) c.exitOverride();
  await program.parseAsync(["--db", db, "report", ...args], { from: "user" });
  return text;
}

test("report --out file.html writes the golden report and says what it wrote", async () => {
  const out = join(dir, "june.html");
  const said = await run(["--period", "2025-06", "--sections", "monitor,risk", "--out", out]);
  assert.equal(said, `wrote ${out} (html): monitor, risk for 2025-06; 6 charts, 38 sources\n`);
  assert.equal(readFileSync(out, "utf8"), readFileSync("test/golden/report-2025-06.html", "utf8"));
});

test("report --out file.md writes Markdown; --json describes the file", async () => {
  const out = join(dir, "june.md");
  const said = JSON.parse(await run(["--json", "--period", "2025-06", "--out", out]));
  assert.equal(said.format, "md");
  assert.equal(readFileSync(out, "utf8"), readFileSync("test/golden/report-2025-06.md", "utf8"));
});

test("--sections risk writes only the risk section", async () => {
  const out = join(dir, "risk.html");
  const said = await run(["--sections", "risk", "--out", out]);
  assert.match(said, /\(html\): risk; 4 charts, \d+ sources/);
  const html = readFileSync(out, "utf8");
  assert.ok(html.includes('<section id="risk">') && !html.includes('<section id="monitor">'));
});

test("report --out file.pdf prints through Chromium, or says Chromium is needed", async () => {
  const out = join(dir, "june.pdf");
  const run1 = run(["--period", "2025-06", "--out", out]);
  if (findChromium()) {
    await run1;
    assert.equal(readFileSync(out).subarray(0, 5).toString(), "%PDF-");
  } else {
    await assert.rejects(run1, (e: unknown) => e instanceof LodestoneError && e.message === NO_CHROMIUM);
    assert.ok(!existsSync(out));
  }
});

test("an unknown extension, an unknown section or a bad month is a usage error", async () => {
  await assert.rejects(
    run(["--out", join(dir, "r.txt")]),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message === `--out "${join(dir, "r.txt")}": unknown format ".txt"; use .html, .md or .pdf`,
  );
  await assert.rejects(
    run(["--out", join(dir, "r")]),
    (e: unknown) => e instanceof UsageError && /unknown format "\(no extension\)"/.test(e.message),
  );
  await assert.rejects(
    run(["--sections", "monitor,forecast", "--out", join(dir, "r.html")]),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message === '--sections: "forecast" is not a section; known: monitor, risk, scenarios, plan',
  );
  await assert.rejects(
    run(["--period", "2025-13", "--out", join(dir, "r.html")]),
    (e: unknown) => e instanceof UsageError && e.message === '--period "2025-13" is not a month: use YYYY-MM',
  );
});

test("a file that cannot be written is one clear error", async () => {
  const out = join(dir, "no-such-dir", "r.html");
  await assert.rejects(
    run(["--period", "2025-06", "--sections", "risk", "--out", out]),
    (e: unknown) => e instanceof LodestoneError && e.message.startsWith(`cannot write ${out}: ENOENT`),
  );
});
