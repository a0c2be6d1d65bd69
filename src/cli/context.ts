/**
 * What every command shares: global options, the store it opens, output helpers (colour honours
 * NO_COLOR), and the one place that turns errors into a line and an exit code.
 * @module
 */
import pc from "picocolors";
import { LodestoneError, openLodestone, resolveDbPath, UsageError, type Store } from "../index.js";

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  debug?: boolean;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
  readonly color: boolean;
  readonly isTTY: boolean;
}

export const stdio: Output = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  color: pc.isColorSupported && !process.env.NO_COLOR,
  isTTY: Boolean(process.stderr.isTTY),
};

/** Opens the store named by the options, runs `fn`, and always closes it. */
export async function withStore<T>(opts: GlobalOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const { store } = await openLodestone(resolveDbPath(opts.db));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export function printJson(io: Output, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** The exit code for an error, after printing it as one line (a stack trace only with --debug). */
export function reportError(io: Output, e: unknown, debug: boolean): number {
  const red = (s: string) => (io.color ? pc.red(s) : s);
  if (e instanceof LodestoneError) {
    io.err(`${red("error:")} ${e.message}`);
    if (debug && e.stack) io.err(e.stack);
    return e.exitCode;
  }
  const err = e as Error;
  io.err(`${red("error:")} ${err?.message ?? String(e)}${debug ? "" : " (run with --debug for details)"}`);
  if (debug && err?.stack) io.err(err.stack);
  return 1;
}

export function usage(message: string): never {
  throw new UsageError(message);
}
