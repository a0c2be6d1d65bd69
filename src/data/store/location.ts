/**
 * Store locations: a PostgreSQL URL or a DuckDB path, and the URL as it may be shown (its
 * password never leaves the process in a message or a log line).
 * @module
 */

/** True for `postgres://…` and `postgresql://…`. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The location with any password replaced by `***`.
 * @example
 * redactUrl("postgres://lodestone:secret@db/lodestone"); // "postgres://lodestone:***@db/lodestone"
 */
export function redactUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const out = location.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, "$1:***@");
  // A password may also come as a query parameter (`?password=…`).
  return out.replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/**
 * `message` with any URL's password in it replaced by `***`: the location itself, and any other
 * `scheme://user:password@` a driver may have quoted.
 */
export function redactSecret(message: string, location: string): string {
  return message
    .split(location)
    .join(redactUrl(location))
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/?#\s]*):[^@/?#\s]*@/gi, "$1:***@")
    .replace(/([?&]password=)[^&#\s]*/gi, "$1***");
}
