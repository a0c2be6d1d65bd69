/**
 * Vite build of the dashboard (`vite build web` → web/dist, which the API server serves).
 * JSX goes through Vite's own Oxc transform with Preact's automatic runtime: no framework plugin
 * (the React plugin fails on Vite 8 here, and Preact needs none for a production build).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Relative asset URLs: the dashboard works wherever the server mounts it.
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The main chunk is mostly ECharts (≈ 240 KB gzipped; the Scenarios and Plan pages load on first
    // visit): the benchmark tracks its size, not Vite's warning.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `vite web` during development forwards the API to a running `lodestone serve`.
    proxy: { "/api": process.env.LODESTONE_API ?? "http://127.0.0.1:8321" },
  },
});
