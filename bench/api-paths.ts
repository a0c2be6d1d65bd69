/** The cached endpoints bench/api.ts measures (shared with its server process). */
export const API_BENCH_PATHS = ["/api/series?partner=WLD", "/api/brief?period=2025-06"] as const;
