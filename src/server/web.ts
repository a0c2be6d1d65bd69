/**
 * The dashboard: the built files under `web/dist` (or another directory), or, when they are not
 * built, a small page at `/` that says how to build them and links the API docs.
 * @module
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** web/dist of this installation (src/server → the package root, as for data/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** The directory to serve: the one given, else web/dist when it holds a build; null for none. */
export function webRootFor(given: string | null | undefined): string | null {
  if (given === null) return null;
  // @fastify/static needs an absolute root: a relative --web is taken from the working directory.
  const root = resolve(given ?? DEFAULT_WEB_ROOT);
  return existsSync(join(root, "index.html")) ? root : null;
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lodestone</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eee;padding:0 .25em}</style>
</head>
<body>
<h1>Lodestone</h1>
<p>The dashboard is not built. Build it with <code>npm run build:web</code> and restart <code>lodestone serve</code>.</p>
<p>The API works without it: <a href="./docs">API docs</a> · <a href="./openapi.json">OpenAPI document</a> ·
<a href="./api/brief">the latest briefing</a> (<code>/api/…</code>).</p>
</body>
</html>
`;

export async function registerWeb(app: FastifyInstance, root: string | null): Promise<void> {
  if (root) {
    // Unknown paths fall through to the app's not-found handler (a 404 problem).
    await app.register(fastifyStatic, { root, prefix: "/", index: "index.html", wildcard: true });
    return;
  }
  app.get("/", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(NOT_BUILT),
  );
}
