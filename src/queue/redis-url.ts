/**
 * The Redis URL a queue worker or coordinator connects to, parsed once at the edge: a non-loopback
 * server without a password is refused, and the password never appears in a message.
 * @module
 * @example
 * const r = parseRedisUrl("redis://:s3cret@10.0.0.5:6379"); // ok: a password is given
 * r.display; // "redis://:***@10.0.0.5:6379"
 * parseRedisUrl("redis://10.0.0.5:6379"); // throws: non-loopback without a password
 */
import { isIP } from "node:net";
import { UsageError } from "../errors.js";

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  readonly tls: boolean;
  /** The URL with its password replaced by `***`: the only form that may be printed. */
  readonly display: string;
  readonly loopback: boolean;
}

/** Parses `redis://[user][:password@]host[:port][/db]` (or `rediss://` for TLS) and applies the policy. */
export function parseRedisUrl(text: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    // The text may hold a password: never echo it.
    throw new UsageError(`--redis is not a URL: use redis://[:password@]host:port`, "redis");
  }
  const display = redactRedisUrl(text);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new UsageError(`--redis ${display}: use a redis:// or rediss:// URL`, "redis");
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw new UsageError(`--redis ${display}: no host`, "redis");
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0)
    throw new UsageError(`--redis ${display}: database "${dbText}" is not a whole number`, "redis");
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const loopback = isLoopback(host);
  if (!loopback && !password)
    throw new UsageError(
      `--redis ${display}: refusing a Redis server that is not on this machine without a password ` +
        `(anyone who can reach it could run code through the queue); give one as redis://:password@host:port`,
      "redis",
    );
  return { host, port, username, password, db, tls: u.protocol === "rediss:", display, loopback };
}

/** `text` with any password replaced by `***` (also for text that is not a valid URL). */
export function redactRedisUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password) u.password = "***";
    return u.href.replace(/\/$/, "");
  } catch {
    return text.replace(/\/\/([^@/]*)@/, (_, cred: string) =>
      cred.includes(":") ? `//${cred.slice(0, cred.indexOf(":"))}:***@` : "//***@",
    );
  }
}

/** ioredis connection options for a parsed target (BullMQ's blocking connections need no retry cap). */
export function redisConnection(t: RedisTarget) {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || /^::ffff:127\./.test(h);
  return false;
}
