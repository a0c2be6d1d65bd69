/**
 * The dashboard: Monitor, Risk, Scenarios and Plan under one header; the choices live in the URL.
 * The write token arrives once in the fragment (`#token=…`) and moves to sessionStorage first.
 * @module
 */
import { render, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { MonitorPage } from "./pages/monitor.js";
import { RiskPage } from "./pages/risk.js";
import { hrefFor, useRoute, type Page, type Route } from "./route.js";
import { takeTokenFromUrl } from "./token.js";

takeTokenFromUrl();

const PAGES: readonly { page: Page; label: string; heading: string }[] = [
  {
    page: "monitor",
    label: "Monitor",
    heading: "Monitor: China's exports of rare-earth magnets and materials",
  },
  { page: "risk", label: "Risk", heading: "Risk: how dependent are we?" },
  { page: "scenarios", label: "Scenarios", heading: "Scenarios: stress the chain and see what is lost" },
  { page: "plan", label: "Plan", heading: "Plan: what would cut the loss, and at what cost" },
];

interface PageProps {
  readonly route: Route;
  readonly setParams: (changes: Record<string, string>) => void;
}

/**
 * The Scenarios and Plan pages load on first visit: their editor (the YAML library) and charts stay
 * out of the bundle the Monitor's first chart waits for.
 */
const LATER: Record<"scenarios" | "plan", () => Promise<ComponentType<PageProps>>> = {
  scenarios: () => import("./pages/scenarios.js").then((m) => m.ScenariosPage),
  plan: () => import("./pages/plan.js").then((m) => m.PlanPage),
};

function LaterPage({ page, ...props }: PageProps & { page: keyof typeof LATER }) {
  const [loaded, setLoaded] = useState<{ page: string; Page: ComponentType<PageProps> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    LATER[page]().then(
      (Page) => live && setLoaded({ page, Page }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [page]);
  if (error) return <p class="error">The page could not be loaded: {error}</p>;
  if (!loaded || loaded.page !== page) return <p aria-busy="true">Loading…</p>;
  return <loaded.Page {...props} />;
}

function App() {
  const [route, go, setParams] = useRoute();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">
          <span aria-hidden="true">◆</span> Lodestone
        </p>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.page}>
                <a
                  href={hrefFor(p.page)}
                  aria-current={route.page === p.page ? "page" : undefined}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    go(p.page);
                  }}
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} data-page={route.page}>
        <h1>{PAGES.find((p) => p.page === route.page)?.heading}</h1>
        {route.page === "monitor" ? (
          <MonitorPage route={route} setParams={setParams} />
        ) : route.page === "risk" ? (
          <RiskPage route={route} setParams={setParams} />
        ) : (
          <LaterPage page={route.page} route={route} setParams={setParams} />
        )}
      </main>
      <footer class="foot">
        <p>Every figure is traced to its source: hover a chart or follow a footnote. Works offline.</p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
