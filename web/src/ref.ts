/**
 * Reference lists the pickers and labels need, from the core's pure reference modules (country
 * names, the commodity catalogue). The browser cannot load src/index.ts itself: it opens DuckDB.
 * @module
 */
export { countryName, isAggregate } from "../../src/ref/countries.js";
export { COMMODITIES, commodityById } from "../../src/ref/commodities.js";
