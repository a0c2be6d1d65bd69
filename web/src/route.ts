/**
 * The page and its choices live in the query string (`?page=risk&reporter=USA`), so a view can be
 * bookmarked and the fragment stays free for in-page links such as footnotes. `renderer` is kept
 * across pages.
 * @module
 */
import { useEffect, useState } from "preact/hooks";

export type Page = "monitor" | "risk" | "scenarios" | "plan";

const PAGES: readonly Page[] = ["monitor", "risk", "scenarios", "plan"];

export interface Route {
  readonly page: Page;
  readonly params: URLSearchParams;
}

function current(): Route {
  const params = new URLSearchParams(location.search);
  const page = params.get("page");
  return { page: PAGES.find((p) => p === page) ?? "monitor", params };
}

/** The URL of a page with the given choices (empty values are dropped), keeping the renderer flag. */
export function hrefFor(page: Page, params: URLSearchParams = new URLSearchParams()): string {
  const q = new URLSearchParams();
  const renderer = new URLSearchParams(location.search).get("renderer");
  if (page !== "monitor") q.set("page", page);
  for (const [k, v] of params) if (v && k !== "page" && k !== "renderer") q.set(k, v);
  if (renderer) q.set("renderer", renderer);
  const s = q.toString();
  return `${location.pathname}${s ? `?${s}` : ""}`;
}

export function useRoute(): [Route, (page: Page) => void, (changes: Record<string, string>) => void] {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  const go = (page: Page) => {
    history.pushState(null, "", hrefFor(page));
    setRoute(current());
    scrollTo(0, 0);
  };
  const setParams = (changes: Record<string, string>) => {
    const next = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    history.replaceState(null, "", hrefFor(current().page, next));
    setRoute(current());
  };
  return [route, go, setParams];
}
