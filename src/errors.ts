/**
 * The few error classes a user can meet, each turned into one line at one boundary
 * (the CLI's exit codes, later the server's statuses).
 * @module
 */

/** Anything Lodestone reports to a user as one clear line. */
export class LodestoneError extends Error {
  override name = "LodestoneError";
  /** Process exit code for the CLI: 1 failed, 2 usage. */
  readonly exitCode: number = 1;
}

/** Bad input in a file: names the file, line, field and reason. */
export class ImportError extends LodestoneError {
  override name = "ImportError";
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ""}: ${field ? `${field}: ` : ""}${reason}`);
  }
}

/** The command line or a request was malformed; `field` names the option or parameter at fault. */
export class UsageError extends LodestoneError {
  override name = "UsageError";
  override readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** The store could not be opened or used (busy, newer schema, corrupt). */
export class StoreError extends LodestoneError {
  override name = "StoreError";
}

/** A network, scenario or lever file that fails validation: every problem with its line and path. */
export class SpecError extends LodestoneError {
  override name = "SpecError";
  constructor(
    readonly file: string,
    readonly problems: readonly { line: number | null; path: string; message: string }[],
  ) {
    super(
      problems.length === 1
        ? `${file}${problems[0]!.line !== null ? `:${problems[0]!.line}` : ""}: ${problems[0]!.path ? `${problems[0]!.path}: ` : ""}${problems[0]!.message}`
        : `${file}: ${problems.length} problems\n` +
            problems
              .map(
                (p) =>
                  `  ${p.line !== null ? `line ${p.line}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`,
              )
              .join("\n"),
    );
  }
}
