/**
 * The write token in the browser. `lodestone serve` prints a link ending in `#token=<t>`; the page
 * takes the token from the fragment once at startup, keeps it in sessionStorage (this tab only, gone
 * when it closes) and removes it from the address bar, so it is neither bookmarked nor shared with
 * the URL. A token the server refuses is forgotten, and the pages ask for it again.
 * @module
 * @example
 * takeTokenFromUrl(); // at startup
 * fetch(url, { headers: { ...authHeaders() } });
 */
import { useEffect, useState } from "preact/hooks";

const KEY = "lodestone.token";

/** Why the token field is showing: none known yet, or the server refused the one we had. */
export type TokenState =
  { readonly token: string; readonly refused: false } | { readonly token: null; readonly refused: boolean };

let state: TokenState = { token: read(), refused: false } as TokenState;
const listeners = new Set<(s: TokenState) => void>();

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    // Storage can be off (privacy settings): the token then lives for this page only.
    return null;
  }
}

function publish(next: TokenState): void {
  state = next;
  for (const l of listeners) l(state);
}

/** Moves `#token=<t>` from the address bar into sessionStorage; call once before the first render. */
export function takeTokenFromUrl(): void {
  const hash = new URLSearchParams(location.hash.slice(1));
  const t = hash.get("token")?.trim();
  if (!t) return;
  setToken(t);
  hash.delete("token");
  const rest = hash.toString();
  history.replaceState(history.state, "", `${location.pathname}${location.search}${rest ? `#${rest}` : ""}`);
}

export function setToken(token: string): void {
  const t = token.trim();
  if (!t) return;
  try {
    sessionStorage.setItem(KEY, t);
  } catch {
    // See read().
  }
  publish({ token: t, refused: false });
}

/** The server answered 401: forget the token so the pages ask for it again. */
export function refuseToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // See read().
  }
  publish({ token: null, refused: true });
}

export function currentToken(): string | null {
  return state.token;
}

/** `Authorization: Bearer <t>` when a token is known; reads send it too (needed off loopback). */
export function authHeaders(): Record<string, string> {
  return state.token ? { authorization: `Bearer ${state.token}` } : {};
}

/** The token's state, re-rendering when it changes. */
export function useToken(): TokenState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    return () => {
      listeners.delete(setS);
    };
  }, []);
  return s;
}
