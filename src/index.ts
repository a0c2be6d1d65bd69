/**
 * Lodestone's public API. The CLI, the server and the dashboard import only from here.
 * @module
 */

// units
export type { MonthIndex } from "./units/month.js";
export { parseMonth, formatMonth, monthName, monthOf, addMonths } from "./units/month.js";
export type { Period, PeriodKind } from "./units/period.js";
export { parsePeriod, formatPeriod } from "./units/period.js";
export type { Kg, Tonnes, Pct } from "./units/quantity.js";
export { kg, kgToTonnes, tonnesToKg, formatTonnes, formatPct } from "./units/quantity.js";

// reference data
export type { Country } from "./ref/countries.js";
export {
  countryByIso3,
  countryByComtradeCode,
  countryName,
  countryNameInText,
  isAggregate,
  allCountries,
} from "./ref/countries.js";
export type { Commodity, CommodityId, Stage } from "./ref/commodities.js";
export { COMMODITIES, commodityById, commodityForCode } from "./ref/commodities.js";

// errors
export { LodestoneError, ImportError, UsageError, StoreError, SpecError } from "./errors.js";

// data: store, loaders, imports, provenance
export { Store } from "./data/store/store.js";
export type { Dialect, SqlParams, SqlValue } from "./data/store/store.js";
export { DuckDbStore } from "./data/store/duckdb-store.js";
export { PgStore } from "./data/store/pg-store.js";
export { isPostgresUrl, redactUrl } from "./data/store/location.js";
export { migrateStore } from "./data/store/migrate.js";
export type { MigrationOutcome } from "./data/store/migrate.js";
export { copyStore } from "./data/store/copy-store.js";
export type { CopyOutcome } from "./data/store/copy-store.js";
export { withDuckDb } from "./data/store/scratch-duckdb.js";
export type { ImportOutcome, ProgressFn } from "./data/store/write-import.js";
export { importFile, importBytes, sha256 } from "./data/import-file.js";
export type { ImportOptions } from "./data/import-file.js";
export { parseFile, detectLoader, FORMAT_IDS, LOADERS } from "./data/sources/registry.js";
export type { ParsedFile, FlowRecord, EventRecord, SourceRecord, FormatId } from "./data/sources/parsed.js";
export { openLodestone, resolveDbPath, userDataDir } from "./data/open.js";
export { ensureBundled, bundledFiles, DATA_DIR } from "./data/bundled.js";
export { listSources, listConflicts } from "./data/provenance.js";
export type { SourceInfo, Conflict, ConflictVersion } from "./data/provenance.js";
export { exportFlowsToFile, exportFlowRows, EXPORT_FORMATS } from "./data/export.js";
export type { ExportFormat } from "./data/export.js";

// monitor
export type { Figure, Basis } from "./monitor/figure.js";
export { monthlySeries, readEvents } from "./monitor/series.js";
export type { MonitorRow, MonitorSeries, SeriesQuery } from "./monitor/series.js";
export { reconcile } from "./monitor/reconcile.js";
export type { Check, Derivation } from "./monitor/reconcile.js";
export { levelRecord, yoyDeclineRecord } from "./monitor/records.js";
export { statusPeriods, eventsForMonth } from "./monitor/events.js";
export type { PolicyEvent, StatusPeriod, EventInMonth } from "./monitor/events.js";
export { coverage } from "./monitor/coverage.js";
export type { Coverage, CoverageRow, CellState } from "./monitor/coverage.js";
export { top } from "./monitor/top.js";
export type { Top, TopRow } from "./monitor/top.js";
export { brief, renderBrief } from "./monitor/briefing.js";
export type { Brief, BriefQuery, BriefPartner, BriefEvent, BriefSource } from "./monitor/briefing.js";
export { renderTable, sparkline, tonnes, pctCell, shareBar, pctRange, wrap } from "./monitor/format.js";

// risk
export type { Interval } from "./risk/interval.js";
export { point, between, hull, formatInterval } from "./risk/interval.js";
export { hhi, hhiPoints, hhiBounds } from "./risk/hhi.js";
export { topK } from "./risk/topk.js";
export { nMinus1 } from "./risk/n-minus-1.js";
export type { ShareEntry } from "./risk/shares.js";
export { loadStageShares, SUPPLY_STAGES } from "./risk/stage-data.js";
export type { StageShares, SupplyStage } from "./risk/stage-data.js";
export { stageConcentration, stageMetrics } from "./risk/stages.js";
export type { StageMetrics, ChainConcentration } from "./risk/stages.js";
export type { MaterialBasis, Mass, BasisFactor, Element } from "./units/basis.js";
export { massOf, convertBasis, MAGNET_TO_RE_METAL, RE_METAL_TO_REO, ELEMENTS } from "./units/basis.js";
export { readReference, readReferenceText, parseBound } from "./data/reference/read.js";
export { readWhatIf, whatIfFromText } from "./risk/eu-crm-inputs.js";
export type { WhatIf } from "./risk/eu-crm-inputs.js";

// risk: import dependence, mirror statistics, EU CRM, end-use exposure, prices
export { RECOMPUTED_MATERIALS, findRecomputedMaterial, recomputeEuCrm } from "./risk/eu-crm-recompute.js";
export type { InputSource, Recomputation } from "./risk/eu-crm-recompute.js";
export { EI_THRESHOLD, EU_CRM_METHOD, SR_THRESHOLD } from "./risk/eu-crm.js";
export { assumedDependence, chinaMagnetDependence, exposure } from "./risk/exposure.js";
export type { BasisMass, EndUseExposure, Exposure, Inventory } from "./risk/exposure.js";
export { importDependence } from "./risk/import-dependence.js";
export type {
  ImportDependence,
  NoImportData,
  ShareTrend,
  SourceRef,
  UsgsImportSources,
} from "./risk/import-dependence.js";
export { END_USES, endUseByKey, loadIntensities } from "./risk/intensities.js";
export { mirrorStatistics } from "./risk/mirror.js";
export type { Gap, MirrorPair, MirrorResult } from "./risk/mirror.js";
export { netImportReliance } from "./risk/net-import-reliance.js";
export type { NetImportReliance } from "./risk/net-import-reliance.js";
export { chinaExportUnitValues, loadOxidePrices, magnetOxidePrices, priceStress } from "./risk/prices.js";
export type { OxidePriceSeries, OxideStress, UnitValueSeries } from "./risk/prices.js";
export { loadVolumes } from "./risk/volumes.js";

// charts and reports
export type { ChartOption, SourceLabel } from "./charts/common.js";
export { seriesChart } from "./charts/series-chart.js";
export type { SeriesChartOptions } from "./charts/series-chart.js";
export { destinationsChart } from "./charts/destinations-chart.js";
export type { DestinationsChartOptions } from "./charts/destinations-chart.js";
export { stagesChart } from "./charts/stages-chart.js";
export { chainSankey } from "./charts/chain-sankey.js";
export type { ChainSankeyOptions } from "./charts/chain-sankey.js";
export { exposureChart } from "./charts/exposure-chart.js";
export { pricesChart } from "./charts/prices-chart.js";
export type { PricesChartOptions } from "./charts/prices-chart.js";
export { renderSvg } from "./charts/render-svg.js";
export type { SvgSize } from "./charts/render-svg.js";
export { buildReport } from "./report/build-report.js";
export { REPORT_SECTIONS, DEFAULT_REPORT_SECTIONS } from "./report/report.js";
export type {
  Report,
  ReportBlock,
  ReportCell,
  ReportChart,
  ReportColumn,
  ReportPart,
  ReportQuery,
  ReportSection,
  ReportSource,
  ReportTable,
} from "./report/report.js";
export { renderHtml } from "./report/render-html.js";
export { renderMarkdown } from "./report/render-markdown.js";
export { findChromium, HEADLESS_CHROMIUM_ARGS, NO_CHROMIUM, renderPdf } from "./report/render-pdf.js";
export type { PdfOptions } from "./report/render-pdf.js";

// Simulator
export { paramSchema, countParams, sampleParam, isAssumption } from "./sim/param.js";
export type { Param, Schedule } from "./sim/param.js";
export { streamRng } from "./sim/rng.js";
export type { Rng } from "./sim/rng.js";
export { networkSchema, networkProblems, STAGES } from "./sim/network.js";
export type { Network, NetworkNode, NetworkEdge, Stage as NodeStage } from "./sim/network.js";
export { scenarioSchema, shockSchema } from "./sim/scenario.js";
export type { Scenario, Shock } from "./sim/scenario.js";
export { parseNetwork, parseScenario, formatPath } from "./sim/load.js";
export { compile, MAX_DELAY_MONTHS } from "./sim/compile.js";
export type { Model } from "./sim/compile.js";
export { simulate, runOutput, emptyTrace, workspace } from "./sim/engine.js";
export type { RunOutput, Trace } from "./sim/engine.js";
export { runMonteCarlo, closeSimWorkers } from "./sim/monte-carlo.js";
export type { MonteCarloOptions, MonteCarloResult } from "./sim/monte-carlo.js";
export { summarise, quantileSorted, SHORTFALL_EPSILON } from "./sim/summary.js";
export type { Summary, ProductSummary, NodeSummary } from "./sim/summary.js";
export { manifest as simManifest, contentHash } from "./sim/manifest.js";
export type { Manifest } from "./sim/manifest.js";
export { formatSummary as formatSimSummary, bandChart } from "./sim/format.js";
export {
  loadNetwork,
  loadScenario,
  listScenarios,
  shippedScenarioNames,
  REFERENCE_NETWORK,
} from "./sim/reference.js";
export type { ScenarioListing } from "./sim/reference.js";
export { calibrate, observedMonths, CONFOUNDERS } from "./sim/calibrate.js";
export type { CalibrationOptions, CalibrationResult, ObservedMonth, Estimate } from "./sim/calibrate.js";
export { buildTwin, solveTwin } from "./sim/twin.js";
export type { TwinResult } from "./sim/twin.js";
export { ttsAnalysis, formatTts } from "./sim/tts.js";
export type { TtsOptions, TtsReport, TtsNodeResult, TtsImpact, TtsWeight } from "./sim/tts.js";
export { LpModel, solveLp } from "./sim/lp.js";
export type { LpResult, LpSolveOptions, LpStatus } from "./sim/lp.js";

// Planner: levers, the dynamic stock model, portfolios, evaluation and the MILP
export type { Lifetime, LifetimeKind, LifetimeSpec } from "./plan/stock/lifetime.js";
export { lifetimeFromSpec, parseLifetime } from "./plan/stock/lifetime.js";
export { FixedLifetime } from "./plan/stock/fixed.js";
export { NormalLifetime } from "./plan/stock/normal.js";
export { WeibullLifetime } from "./plan/stock/weibull.js";
export { LogNormalLifetime } from "./plan/stock/lognormal.js";
export {
  inflowDriven,
  stockDriven,
  massBalanceFailure,
  checkMassBalance,
  MASS_BALANCE_TOLERANCE,
} from "./plan/stock/stock-model.js";
export type {
  StockFlows,
  StockDrivenOptions,
  StockDrivenResult,
  MassBalanceFailure,
} from "./plan/stock/stock-model.js";
export { readSeries, parseSeries } from "./plan/stock/read-series.js";
export type { Series, SeriesOptions } from "./plan/stock/read-series.js";
export { leverSchema, leverFileSchema, portfolioSchema } from "./plan/lever.js";
export type { Lever, LeverFile, LeverKind, Portfolio, Choice } from "./plan/lever.js";
export { applyPortfolio, startOf } from "./plan/portfolio.js";
export { endOfLifeByYear, endOfLifeSupply, recyclingFlows } from "./plan/recycling.js";
export type { RecyclingFlows } from "./plan/recycling.js";
export { evaluatePortfolio, portfolioCost } from "./plan/evaluate.js";
export type { EvaluateOptions, PortfolioEvaluation, LossStats } from "./plan/evaluate.js";
export { optimisePlan, leverOptions, withinHorizon } from "./plan/optimise.js";
export type { PlanProblem, PlanSolution, PlanObjective, PlanPolicy, PlanOption } from "./plan/optimise.js";
export { efficientFrontier, NAMED_STRATEGIES } from "./plan/frontier.js";
export type { FrontierPoint, FrontierOptions } from "./plan/frontier.js";
export {
  loadLevers,
  loadPortfolio,
  parsePortfolio,
  shippedPortfolioNames,
  leverProblems,
  PLAN_DATA_DIR,
} from "./plan/load.js";
export { frontierChart } from "./charts/frontier-chart.js";
export { fanChart, FAN_SERIES } from "./charts/fan-chart.js";
export type { FanChartOptions } from "./charts/fan-chart.js";
export { inventoryChart, INVENTORY_SERIES } from "./charts/inventory-chart.js";
export type { InventoryChartOptions } from "./charts/inventory-chart.js";
export { calibrationChart, CALIBRATION_SERIES } from "./charts/calibration-chart.js";
export { recyclingChart, RECYCLING_SERIES } from "./charts/recycling-chart.js";
export { portfolioChart, PORTFOLIO_SERIES } from "./charts/portfolio-chart.js";
export { ttsChart, TTS_SERIES } from "./charts/tts-chart.js";
export type { TtsReportLike } from "./charts/tts-chart.js";

// jobs: what the server runs in worker threads
export {
  jobRequestSchema,
  specRefSchema,
  specNameSchema,
  JOB_KINDS,
  SPEC_NAME,
  MAX_SPEC_CHARS,
} from "./jobs/request.js";
export type { JobRequest, JobRequestInput, JobKind, SpecRef } from "./jobs/request.js";
export { FINISHED_STATES } from "./jobs/result.js";
export { SpecLibrary, SpecConflict, SPEC_KINDS } from "./jobs/spec-library.js";
export type { SpecKind, SpecListing, SpecText, SpecProblem } from "./jobs/spec-library.js";
export { resolveJob } from "./jobs/resolve.js";
export type { JobInput, RunQueue } from "./jobs/resolve.js";
export { runJob } from "./jobs/run-job.js";
export type { JobEffects } from "./jobs/run-job.js";
export { JobQueue, QueueFull } from "./jobs/job-queue.js";
export type { JobEvent, JobQueueOptions } from "./jobs/job-queue.js";
export { JobArchive } from "./jobs/job-archive.js";
export { resultRows } from "./jobs/result-table.js";
export type {
  JobResult,
  SimRunResult,
  CalibrateResult,
  TtsResult,
  EvaluateResult,
  OptimizeResult,
  FrontierResult,
  JobStatus,
  JobState,
  JobProgress,
} from "./jobs/result.js";

// queue: Monte-Carlo spread over machines through Redis (BullMQ)
export { distributedMonteCarlo } from "./queue/distributed.js";
export type { DistributedOptions } from "./queue/distributed.js";
export { startBatchWorker } from "./queue/batch-worker.js";
export type { BatchWorkerOptions, BatchWorkerHandle } from "./queue/batch-worker.js";
export { parseRedisUrl, redactRedisUrl } from "./queue/redis-url.js";
export type { RedisTarget } from "./queue/redis-url.js";
