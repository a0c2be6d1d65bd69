// Imports the files named on the command line into the store at argv[2], one after another: one
// of the processes of the concurrent-import test. Prints each outcome's status as a JSON line.
import { importFile } from "../../src/data/import-file.js";
import { Store } from "../../src/data/store/store.js";

const [location, ...files] = process.argv.slice(2);
const store = await Store.open(location as string);
try {
  for (const f of files) {
    const out = await importFile(store, f);
    process.stdout.write(`${JSON.stringify({ file: f, status: out.status, flows: out.flows })}\n`);
  }
} finally {
  await store.end();
}
