/**
 * The dashboard: two pages, Monitor and Risk, under one header; the choices live in the URL.
 * @module
 */
import { render } from "preact";
import "./styles.css";
import { MonitorPage } from "./pages/monitor.js";
import { RiskPage } from "./pages/risk.js";
import { hrefFor, useRoute, type Page } from "./route.js";

const PAGES: readonly { page: Page; label: string }[] = [
  { page: "monitor", label: "Monitor" },
  { page: "risk", label: "Risk" },
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
        <h1>
          {route.page === "monitor"
            ? "Monitor: China's exports of rare-earth magnets and materials"
            : "Risk: how dependent are we?"}
        </h1>
        {route.page === "monitor" ? (
          <MonitorPage route={route} setParams={setParams} />
        ) : (
          <RiskPage route={route} setParams={setParams} />
        )}
      </main>
      <footer class="foot">
        <p>Every figure is traced to its source: hover a chart or follow a footnote. Works offline.</p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
