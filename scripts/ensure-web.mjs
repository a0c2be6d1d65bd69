/* global process */
// Builds the dashboard (web/ → web/dist) when it has not been built, or when a source file is newer
// than the build; `npm start` runs this before starting the server.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";

const built = "web/dist/index.html";

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest("web/src"), statSync("web/index.html").mtimeMs, newest("src/charts"));
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stdout.write("Building the dashboard (web/ → web/dist)…\n");
  await build({ configFile: "web/vite.config.ts", logLevel: "warn" });
}
