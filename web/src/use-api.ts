/**
 * Loads one API resource for a component and reloads it when its inputs change; a newer request
 * aborts the older one, so a slow answer never overwrites a newer choice.
 * @module
 */
import { useEffect, useState } from "preact/hooks";

export type Loaded<T> =
  | { readonly state: "loading"; readonly data: T | null }
  | { readonly state: "ok"; readonly data: T }
  | { readonly state: "error"; readonly data: null; readonly error: string };

export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: "loading", data: null });
  useEffect(() => {
    const ctl = new AbortController();
    setResult((r) => ({ state: "loading", data: r.data }));
    load(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setResult({ state: "ok", data });
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setResult({ state: "error", data: null, error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
  }, deps);
  return result;
}
