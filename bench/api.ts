/**
 * API throughput: requests per second and p99 latency of the cached series and briefing endpoints
 * under autocannon on loopback, against a bare Fastify route serving the same JSON from memory.
 * Goal: ours ≥ 0.8× the bare route's throughput. Each server runs in its own process; the two take
 * turns, and medians of K rounds are printed.
 *
 *   npx tsx bench/api.ts [--seconds 10] [--connections 10] [--repeat 3]
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { API_BENCH_PATHS } from "./api-paths.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag("--seconds", 10);
const connections = flag("--connections", 10);
const repeat = flag("--repeat", 3);
const serverFile = fileURLToPath(new URL("./api-server.ts", import.meta.url));

async function startServer(mode: "ours" | "bare"): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", serverFile, mode], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  const { port } = JSON.parse(chunk.toString().trim().split("\n")[0] as string) as { port: number };
  return { child, port };
}

async function load(port: number, path: string): Promise<{ rps: number; p99: number; errors: number }> {
  const url = `http://127.0.0.1:${port}${path}`;
  await fetch(url); // warm the response cache
  const r = await autocannon({ url, connections, duration: seconds });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

console.log(`API throughput: ${connections} connections, ${seconds} s per run, ${repeat} rounds (medians)`);
// Both servers run for the whole benchmark (each in its own process, idle while the other is
// loaded); the order alternates by round.
const servers = { ours: await startServer("ours"), bare: await startServer("bare") };
try {
  for (const path of API_BENCH_PATHS) {
    const res: Record<"ours" | "bare", { rps: number; p99: number; errors: number }[]> = {
      ours: [],
      bare: [],
    };
    for (let k = 0; k < repeat; k++) {
      for (const mode of k % 2 ? (["bare", "ours"] as const) : (["ours", "bare"] as const)) {
        res[mode].push(await load(servers[mode].port, path));
      }
    }
    const ours = median(res.ours.map((r) => r.rps));
    const bare = median(res.bare.map((r) => r.rps));
    const errors = (m: "ours" | "bare") => res[m].reduce((n, r) => n + r.errors, 0);
    console.log(`${path}`);
    console.log(
      `  ours: ${ours.toFixed(0)} req/s, p99 ${median(res.ours.map((r) => r.p99))} ms, errors ${errors("ours")}`,
    );
    console.log(
      `  bare: ${bare.toFixed(0)} req/s, p99 ${median(res.bare.map((r) => r.p99))} ms, errors ${errors("bare")}`,
    );
    console.log(`  ratio ours / bare: ${(ours / bare).toFixed(2)} ×   goal ≥ 0.8×`);
  }
} finally {
  for (const { child } of Object.values(servers)) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}
