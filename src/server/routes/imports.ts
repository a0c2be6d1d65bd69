/**
 * `POST /api/imports?name=file.csv&format=auto`: imports the request body as one file, whole or not
 * at all (`lodestone data import`). Needs the bearer token. The body is the file's raw bytes, in any
 * content type (application/octet-stream, text/csv, application/json…); the format is detected
 * from the bytes unless given. A rejected file is a 422 naming its line and field; the same bytes
 * twice are a no-op ("unchanged"). A successful import clears the response cache.
 * @module
 */
import { importBytes } from "../../index.js";
import { jsonBody, sendJson, writeResponses, type RouteContext, type ZodApp } from "../respond.js";
import { ImportBody, ImportOutcomeSchema, ImportQuery } from "../schemas.js";

const UPLOAD_TYPES = [
  "application/octet-stream",
  "text/csv",
  "text/tab-separated-values",
  "text/plain",
  "application/json",
  "application/gzip",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

export function importsRoutes(app: ZodApp, ctx: RouteContext, opts: { bodyLimit: number }): void {
  // Every content type arrives as raw bytes: the loaders decode them, never the HTTP layer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: opts.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    "/api/imports",
    {
      bodyLimit: opts.bodyLimit,
      config: { write: true },
      schema: {
        tags: ["data"],
        summary: "import a file (whole or not at all; the same bytes twice are a no-op)",
        description:
          "The body is the file's bytes. `name` is kept as the source's file name; `format` is detected " +
          "from the header unless given. Needs `Authorization: Bearer <token>`.",
        consumes: UPLOAD_TYPES,
        security: [{ bearer: [] }],
        querystring: ImportQuery,
        body: ImportBody,
        response: writeResponses(ImportOutcomeSchema, "what the import did: imported, unchanged or replaced"),
      },
    },
    async (req, reply) => {
      const { name, format } = req.query;
      const outcome = await ctx.gate.write(async () => {
        const r = await importBytes(ctx.store, req.body, name, { format });
        if (r.status !== "unchanged") ctx.cache.clear();
        return r;
      });
      return sendJson(reply, jsonBody(ImportOutcomeSchema, outcome));
    },
  );
}
