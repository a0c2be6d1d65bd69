// Copies the store's SQL files next to the compiled modules in dist/ (tsc copies only .ts output).
import { cpSync } from "node:fs";

for (const dir of ["migrations", "sql"]) {
  cpSync(`src/data/store/${dir}`, `dist/data/store/${dir}`, { recursive: true });
}
