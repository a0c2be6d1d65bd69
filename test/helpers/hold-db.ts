// Opens a database file and holds it until killed: a second process for the "busy file" test.
import { Store } from "../../src/data/store/store.js";

const store = await Store.open(process.argv[2] as string);
process.stdout.write("ready\n");
setInterval(() => store, 1000);
