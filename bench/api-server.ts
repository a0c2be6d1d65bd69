/**
 * A server for bench/api.ts, in its own process so the load tool does not share its event loop:
 *   ours — the Lodestone API over the bundled data (rate limiting off, response cache on);
 *   bare — a bare Fastify route per path serving the same JSON bytes from memory (the framework's limit).
 * Prints one JSON line {port} when listening; stops on SIGTERM.
 * @module
 */
import Fastify from "fastify";
import { openLodestone } from "../src/index.js";
import { buildApp } from "../src/server/app.js";
import { API_BENCH_PATHS } from "./api-paths.js";

const mode = process.argv[2];
const { store } = await openLodestone(":memory:");
const ours = await buildApp({ store, token: "bench-token", logger: false, rateLimit: false, webRoot: null });
let app = ours;
if (mode === "bare") {
  const bodies = new Map<string, string>();
  for (const p of API_BENCH_PATHS) {
    const r = await ours.inject(p);
    if (r.statusCode !== 200) throw new Error(`${p}: ${r.statusCode} ${r.body}`);
    bodies.set(p.split("?")[0] as string, r.body);
  }
  await ours.close();
  app = Fastify({ logger: false });
  for (const [path, body] of bodies) {
    app.get(path, async (_req, reply) => reply.type("application/json; charset=utf-8").send(body));
  }
} else if (mode !== "ours") {
  throw new Error(`usage: api-server.ts ours|bare (got ${mode})`);
}
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
);
process.on("SIGTERM", () => {
  void app.close().then(() => {
    store.close();
    process.exit(0);
  });
});
