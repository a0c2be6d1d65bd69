/**
 * The chart option builders of src/charts — the same pure functions the reports render to SVG on
 * the server, so a chart looks the same in both. The dashboard only picks their inputs.
 * @module
 */
export { seriesChart } from "../../src/charts/series-chart.js";
export { destinationsChart } from "../../src/charts/destinations-chart.js";
export { stagesChart } from "../../src/charts/stages-chart.js";
export { chainSankey } from "../../src/charts/chain-sankey.js";
export { exposureChart } from "../../src/charts/exposure-chart.js";
export { pricesChart } from "../../src/charts/prices-chart.js";
export type { ChartOption, SourceLabel } from "../../src/charts/common.js";
