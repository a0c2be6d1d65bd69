/**
 * The HTTP API: Fastify with zod schemas for every request and response, an OpenAPI 3.1 document
 * at `/openapi.json` and browsable docs at `/docs`, problem-details errors, a bearer token for
 * writes, rate limiting, security headers, no CORS, and the dashboard at `/`. Thin: routes
 * validate, call the core and serialise. `buildApp` does not listen: tests use `app.inject`.
 * @module
 * @example
 * const { store } = await openLodestone(":memory:");
 * const app = await buildApp({ store, token: "…", logger: false });
 * (await app.inject("/api/brief?period=2025-06")).json().world.qty.value; // 3188000
 */
import { readFileSync } from "node:fs";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { JobArchive, JobQueue, SpecLibrary, type RunQueue, type Store } from "../index.js";
import { ResponseCache } from "./cache.js";
import { StoreGate } from "./gate.js";
import { installProblemHandlers, Unauthorized } from "./problem.js";
import type { RouteContext } from "./respond.js";
import { briefRoutes } from "./routes/brief.js";
import { conflictsRoutes } from "./routes/conflicts.js";
import { coverageRoutes } from "./routes/coverage.js";
import { eventsRoutes } from "./routes/events.js";
import { importsRoutes } from "./routes/imports.js";
import { jobsRoutes } from "./routes/jobs.js";
import { planRoutes } from "./routes/plan.js";
import { riskRoutes } from "./routes/risk.js";
import { specsRoutes } from "./routes/specs.js";
import { seriesRoutes } from "./routes/series.js";
import { sourcesRoutes } from "./routes/sources.js";
import { topRoutes } from "./routes/top.js";
import { bearerMatches } from "./token.js";
import { registerWeb, webRootFor } from "./web.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route changes the store: it needs the bearer token. */
    write?: boolean;
  }
}

export interface AppOptions {
  readonly store: Store;
  /** The bearer token writes need (see token.ts). */
  readonly token: string;
  /** The dashboard's directory; default web/dist when built; null serves the "not built" page. */
  readonly webRoot?: string | null;
  /** Fastify's logger: false (default) or true / a level. */
  readonly logger?: boolean | { readonly level: string };
  /** Largest upload in bytes (default 64 MiB). */
  readonly bodyLimit?: number;
  /** Requests per client per window (default 600 a minute); false turns limiting off. */
  readonly rateLimit?: { readonly max: number; readonly timeWindow?: number | string } | false;
  /** Whether reads work without the token (default true; the server sets false off loopback). */
  readonly openReads?: boolean;
  /** How many JSON answers the response cache keeps (default 256). */
  readonly cacheEntries?: number;
  /** The job queue: jobs at once (default 1) and jobs waiting before submissions are refused (default 16). */
  readonly jobs?: {
    readonly concurrency?: number;
    readonly maxQueued?: number;
    readonly cancelGraceMs?: number;
    /** Send sim-run jobs' runs to `lodestone worker`s on this Redis queue. */
    readonly runQueue?: RunQueue;
  };
}

export const DEFAULT_BODY_LIMIT = 64 * 2 ** 20;

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** The dashboard's own scripts, inline styles (ECharts and Preact set them) and images from data: URIs. */
const CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** `CSP` as its header value: `default-src 'self';base-uri 'self';…`. */
const CSP_HEADER = Object.entries(CSP)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(" ")}`)
  .join(";");

/**
 * The document's components, less the input twins (`FigureInput`…) that the zod transform makes of
 * every named schema and that no request uses: the named schemas are response bodies.
 */
function withoutUnusedInputs(
  doc: Parameters<typeof jsonSchemaTransformObject>[0],
): ReturnType<typeof jsonSchemaTransformObject> {
  const out = jsonSchemaTransformObject(doc) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = out.components?.schemas;
  if (!schemas) return out as ReturnType<typeof jsonSchemaTransformObject>;
  const text = JSON.stringify({ ...out, components: { ...out.components, schemas: {} } });
  let kept = schemas;
  // Named inputs can refer to each other: drop the unreferenced ones until none is left.
  for (;;) {
    const used = `${text}${JSON.stringify(kept)}`;
    const unused = Object.keys(kept).filter(
      (id) => id.endsWith("Input") && !used.includes(`"#/components/schemas/${id}"`),
    );
    if (unused.length === 0) break;
    kept = Object.fromEntries(Object.entries(kept).filter(([id]) => !unused.includes(id)));
  }
  return { ...out, components: { ...out.components, schemas: kept } } as ReturnType<
    typeof jsonSchemaTransformObject
  >;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Reads take no body; the upload route sets its own, larger limit.
    bodyLimit: 1 * 2 ** 20,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);

  // The CSP is one fixed string: set it directly rather than have helmet rebuild it per request
  // (that was a tenth of the cached endpoints' CPU time under load).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: false,
    // Plain HTTP: browsers ignore HSTS there, and pinned https on localhost would break other local servers.
    strictTransportSecurity: false,
  });
  app.addHook("onRequest", (_req, reply, done) => {
    void reply.header("content-security-policy", CSP_HEADER);
    done();
  });
  if (opts.rateLimit !== false) {
    await app.register(fastifyRateLimit, {
      max: opts.rateLimit?.max ?? 600,
      timeWindow: opts.rateLimit?.timeWindow ?? "1 minute",
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Lodestone API",
        version: VERSION,
        description:
          "Rare-earth magnet supply-chain intelligence: the monitor, briefings, provenance and dependence " +
          "measures of the Lodestone core. Errors are problem details (RFC 9457). Writes need " +
          "`Authorization: Bearer <token>`; the token is printed when `lodestone serve` first creates it.",
      },
      tags: [
        { name: "monitor", description: "monthly series, coverage, top partners, briefing, events" },
        { name: "data", description: "sources, conflicts and imports" },
        { name: "risk", description: "dependence: stages, imports, mirror gaps, EU CRM, exposure, prices" },
        {
          name: "jobs",
          description:
            "simulations, calibrations, TTS sweeps, portfolio comparisons, optimisations and frontiers, run in worker threads",
        },
        { name: "specs", description: "shipped and saved scenarios, networks and portfolios" },
        { name: "plan", description: "the planner's levers and recycling flows" },
      ],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    transform: jsonSchemaTransform,
    transformObject: withoutUnusedInputs,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    // Swagger UI's own policy, less the https upgrade that would break it on plain HTTP.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ""),
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const openReads = opts.openReads ?? true;
  app.addHook("onRequest", async (request) => {
    const needsToken =
      request.routeOptions.config.write === true || (!openReads && request.url.startsWith("/api/"));
    if (needsToken && !bearerMatches(request.headers.authorization, opts.token)) {
      throw new Unauthorized(
        request.headers.authorization
          ? "the bearer token is not the server's"
          : "this needs the server's token: send `Authorization: Bearer <token>`",
      );
    }
  });

  const gate = new StoreGate();
  const archive = new JobArchive(opts.store);
  const queue = new JobQueue({
    ...opts.jobs,
    persist: (status, json) =>
      gate
        .write(() => archive.save(status, json))
        .catch((err: unknown) => {
          app.log.error({ err }, `could not store the result of job ${status.id}`);
        }),
  });
  // In-flight jobs are cancelled and their threads stopped before the store closes.
  app.addHook("onClose", () => queue.close());
  const ctx: RouteContext = {
    store: opts.store,
    gate,
    cache: new ResponseCache(opts.cacheEntries ?? 256),
    workspace: { queue, archive, lib: new SpecLibrary(opts.store), runQueue: opts.jobs?.runQueue ?? null },
  };
  for (const routes of [
    sourcesRoutes,
    conflictsRoutes,
    coverageRoutes,
    seriesRoutes,
    topRoutes,
    briefRoutes,
    eventsRoutes,
    riskRoutes,
    jobsRoutes,
    specsRoutes,
    planRoutes,
  ])
    routes(app, ctx);
  await app.register(async (scope) =>
    importsRoutes(scope.withTypeProvider<ZodTypeProvider>(), ctx, {
      bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    }),
  );

  await registerWeb(app, webRootFor(opts.webRoot));
  return app;
}
