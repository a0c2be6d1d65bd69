/**
 * The dashboard: Monitor, Risk, Scenarios and Plan under one header; the choices live in the URL.
 * The write token arrives once in the fragment (`#token=…`) and moves to sessionStorage first.
 * @module
 */
import { render } from "preact";
import "./styles.css";
import { MonitorPage } from "./pages/monitor.js";
import { PlanPage } from "./pages/plan.js";
import { RiskPage } from "./pages/risk.js";
import { ScenariosPage } from "./pages/scenarios.js";
import { hrefFor, useRoute, type Page } from "./route.js";
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
        ) : route.page === "scenarios" ? (
          <ScenariosPage route={route} setParams={setParams} />
        ) : (
          <PlanPage route={route} setParams={setParams} />
        )}
      </main>
      <footer class="foot">
        <p>Every figure is traced to its source: hover a chart or follow a footnote. Works offline.</p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
