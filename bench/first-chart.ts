/**
 * Time to first chart in headless Chromium: the dashboard's monitor page until its series chart has
 * finished drawing, against a static page that draws the same chart (the same option, from
 * `seriesChart`) from inline data with ECharts' prebuilt bundle. Goal: ≤ 1.5×. Both are served on
 * loopback; a new browser context (empty cache) per visit; the order alternates; medians of K.
 *
 *   npx tsx bench/first-chart.ts [--repeat 7]
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Fastify from "fastify";
import { chromium } from "playwright-core";
import { HEADLESS_CHROMIUM_ARGS, monthlySeries, openLodestone, seriesChart } from "../src/index.js";
import { buildApp } from "../src/server/app.js";

const CHROMIUM = process.env.LODESTONE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [...HEADLESS_CHROMIUM_ARGS];
const i = process.argv.indexOf("--repeat");
const repeat = i >= 0 ? Number(process.argv[i + 1]) : 7;
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package`);
if (!existsSync("web/dist/index.html")) throw new Error("build the dashboard first: npm run build:web");

const { store } = await openLodestone(":memory:");
const ours = await buildApp({
  store,
  token: "bench-token-0123456789",
  logger: false,
  rateLimit: false,
  webRoot: "web/dist", // relative: the server resolves it
});
await ours.listen({ port: 0, host: "127.0.0.1" });

// The peer: the same option, inline, drawn by ECharts' own prebuilt bundle.
const option = seriesChart(
  await monthlySeries(store, { reporter: "CHN", flow: "export", commodity: "re-magnets" }),
);
const echartsJs = readFileSync(createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js"), "utf8");
const html = `<!doctype html><html><head><meta charset="utf-8"><title>static</title></head><body>
<div id="c" style="width:1100px;height:420px"></div>
<script src="/echarts.min.js"></script>
<script>
const chart = echarts.init(document.getElementById("c"));
chart.on("finished", () => { document.body.dataset.ready = "true"; });
chart.setOption(${JSON.stringify(option)});
</script></body></html>`;
const peer = Fastify({ logger: false });
peer.get("/", async (_q, r) => r.type("text/html; charset=utf-8").send(html));
peer.get("/echarts.min.js", async (_q, r) => r.type("text/javascript; charset=utf-8").send(echartsJs));
await peer.listen({ port: 0, host: "127.0.0.1" });

const port = (app: { server: { address(): unknown } }) => (app.server.address() as { port: number }).port;
const targets = {
  ours: { url: `http://127.0.0.1:${port(ours)}/`, ready: '[data-chart="series"][data-ready="true"]' },
  peer: { url: `http://127.0.0.1:${port(peer)}/`, ready: 'body[data-ready="true"]' },
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const times: Record<"ours" | "peer", number[]> = { ours: [], peer: [] };
try {
  for (let k = 0; k < repeat; k++) {
    for (const who of k % 2 ? (["peer", "ours"] as const) : (["ours", "peer"] as const)) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(targets[who].url, { waitUntil: "commit" });
      await page.waitForSelector(targets[who].ready, { timeout: 30_000 });
      // Milliseconds since the navigation started, read in the page.
      times[who].push(await page.evaluate(() => performance.now()));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await ours.close();
  await peer.close();
  store.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`time to first chart, ${repeat} visits each (new context each, order alternating; medians)`);
console.log(
  `  ours: dashboard monitor page, series chart  ${median(times.ours).toFixed(0)} ms   (${fmt(times.ours)})`,
);
console.log(
  `  peer: static page, same option inline         ${median(times.peer).toFixed(0)} ms   (${fmt(times.peer)})`,
);
console.log(`  ratio ours / peer: ${(median(times.ours) / median(times.peer)).toFixed(2)} ×   goal ≤ 1.5×`);
