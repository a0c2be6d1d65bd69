/**
 * The bearer token that guards writes. It comes from `LODESTONE_TOKEN`, else a token file given
 * with `--token-file`, else `<user data dir>/token`; a token file that does not exist yet is
 * created with a random 32-byte token, readable by its owner only (0600), and the caller prints
 * the token once. Requests are checked in constant time.
 * @module
 * @example
 * const t = resolveToken({ env: process.env });
 * if (t.created) console.log(`token: ${t.token}`);
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError, userDataDir } from "../index.js";

export interface ResolvedToken {
  readonly token: string;
  /** Where it came from: the environment, or a file (path set). */
  readonly from: "env" | "file";
  readonly path: string | null;
  /** True when the file was created just now: the caller shows the token this once. */
  readonly created: boolean;
}

const MIN_LENGTH = 16;

/** The token to require, creating the token file on first start. Throws UsageError for a bad one. */
export function resolveToken(
  opts: { env?: NodeJS.ProcessEnv; tokenFile?: string; platform?: NodeJS.Platform } = {},
): ResolvedToken {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const fromEnv = env.LODESTONE_TOKEN?.trim();
  if (fromEnv) return { token: checked(fromEnv, "LODESTONE_TOKEN"), from: "env", path: null, created: false };
  const path = opts.tokenFile ?? join(userDataDir(env, platform), "token");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new UsageError(`cannot read the token file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    return { token: createTokenFile(path), from: "file", path, created: true };
  }
  if (platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
    throw new UsageError(
      `the token file ${path} can be read by other users: run \`chmod 600 ${path}\` (or delete it to get a new token)`,
    );
  }
  return { token: checked(text.trim(), path), from: "file", path, created: false };
}

function checked(token: string, where: string): string {
  if (token.length < MIN_LENGTH || /\s/.test(token)) {
    throw new UsageError(
      `the token in ${where} is too weak: use at least ${MIN_LENGTH} characters and no spaces`,
    );
  }
  return token;
}

function createTokenFile(path: string): string {
  const token = randomBytes(32).toString("hex");
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // "wx": never overwrite a token another process wrote in the meantime.
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600); // the umask may have narrowed it further, never widened: make it exact
  return token;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** True when an Authorization header carries the token; compares in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  // Equal-length digests: the comparison's time says nothing about the token or its length.
  return timingSafeEqual(digest(m?.[1] ?? ""), digest(token)) && m !== null;
}
