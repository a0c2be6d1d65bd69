/**
 * A report as one self-contained HTML file: inline CSS, charts as inline SVG (rendered server-side
 * from the same options the dashboard draws), tables, and note marks that link to the numbered
 * sources at the end. Prints cleanly (A4), which is how the PDF is made.
 * @module
 * @example
 * writeFileSync("report.html", renderHtml(await buildReport(store, { period })));
 */
import { renderSvg } from "../charts/render-svg.js";
import type { ReportCell, Report, ReportBlock, ReportChart, ReportColumn, ReportTable } from "./report.js";

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; margin: 0; background: #fff; }
main { max-width: 920px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1f4e79; }
h3 { font-size: 15px; margin: 24px 0 6px; }
p { margin: 8px 0; }
.lede { color: #57606a; margin-bottom: 16px; }
.legend { font-size: 12px; color: #57606a; border-left: 3px solid #d0d7de; padding-left: 10px; }
sup.n { font-size: 10px; line-height: 0; }
sup.n a { color: #1f4e79; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 12.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; text-align: left; }
th { border-bottom: 1px solid #8c959f; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.nw { white-space: nowrap; }
td.strip { white-space: nowrap; line-height: 1; vertical-align: middle; }
td.strip i { display: inline-block; width: 9px; height: 12px; margin-right: 1px; }
i.s-o { background: #1f4e79; }
i.s-d { background: #9fb8d3; }
i.s-m { background: #eef0f3; }
figure { margin: 12px 0 20px; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 12px; color: #57606a; margin-top: 4px; }
ol.sources { font-size: 12px; padding-left: 36px; }
ol.sources li { margin: 2px 0; overflow-wrap: anywhere; }
ol.sources .kind { color: #57606a; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11.5px; }
  table { font-size: 10.5px; }
  figcaption, ol.sources { font-size: 10.5px; }
  main { max-width: none; padding: 0; }
  figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; }
}
`;

export function renderHtml(report: Report): string {
  const body: string[] = [];
  body.push(`<h1>${esc(report.title)}</h1>`);
  body.push(
    `<p class="lede">Lodestone report${report.period ? ` for ${esc(report.period)}` : ""} — sections: ${report.sections
      .map((s) => `<a href="#${s.id}">${esc(s.title)}</a>`)
      .join(" · ")} · <a href="#sources">sources</a></p>`,
  );
  body.push(`<p class="legend">${esc(report.legend)}</p>`);
  for (const part of report.sections) {
    body.push(`<section id="${part.id}">`);
    body.push(`<h2>${esc(part.title)}</h2>`);
    for (const block of part.blocks) body.push(renderBlock(block));
    body.push(`</section>`);
  }
  body.push(`<section id="sources">`);
  body.push(`<h2>Sources</h2>`);
  body.push(`<ol class="sources">`);
  for (const s of report.sources) {
    const label = s.url ? `<a href="${esc(s.url)}">${esc(s.label)}</a>` : esc(s.label);
    const extra = [
      s.date,
      s.url && s.url !== s.label ? s.url : null,
      s.storeId !== null ? `store source #${s.storeId}, ${s.kind}` : s.kind,
    ].filter((x): x is string => x !== null);
    body.push(
      `<li id="src-${s.note}" value="${s.note}">${label}${extra.length ? ` <span class="kind">— ${esc(extra.join("; "))}</span>` : ""}</li>`,
    );
  }
  body.push(`</ol>`);
  body.push(`</section>`);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Lodestone">',
    `<title>${esc(report.title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case "heading":
      return `<h3>${esc(b.text)}</h3>`;
    case "paragraph":
      return `<p>${unitSpace(withNotes(b.text))}</p>`;
    case "table":
      return table(b);
    case "chart":
      return chart(b);
  }
}

function noteLinks(notes: readonly number[]): string {
  if (notes.length === 0) return "";
  return `<sup class="n">[${notes.map((n) => `<a href="#src-${n}">${n}</a>`).join(",")}]</sup>`;
}

/** Escapes text and turns `[1,2]` marks into links to the sources. */
function withNotes(text: string): string {
  return esc(text).replace(/\[(\d+(?:,\d+)*)\]/g, (_, list: string) =>
    noteLinks(list.split(",").map(Number)),
  );
}

const STRIP: Record<string, [string, string]> = {
  "█": ["s-o", "observed"],
  "▒": ["s-d", "derived"],
  "·": ["s-m", "missing"],
};

/** A coverage strip as coloured boxes: glyphs line up only in some fonts. */
function strip(text: string): string {
  return [...text]
    .map((ch) => {
      const [cls, what] = STRIP[ch] ?? ["s-m", "missing"];
      return `<i class="${cls}" title="${what}"></i>`;
    })
    .join("");
}

function td(c: ReportCell, col: ReportColumn | undefined): string {
  if (col?.strip) return `<td class="strip" aria-label="${esc(c.text)}">${strip(c.text)}</td>`;
  // Short cells stay on one line: "80–100%" and "2025-06" do not break at their dash.
  const cls = [col?.num ? "num" : "", c.text.length <= 12 ? "nw" : ""].filter(Boolean).join(" ");
  return `<td${cls ? ` class="${cls}"` : ""}>${unitSpace(esc(c.text))}${noteLinks(c.notes ?? [])}</td>`;
}

/** Keeps a number with its unit on one line ("3,188&nbsp;t"). */
function unitSpace(html: string): string {
  return html.replace(/(\d[+]?) (t|kg|MW)\b/g, "$1&nbsp;$2");
}

function table(t: ReportTable): string {
  const head = t.columns.map((c) => `<th${c.num ? ' class="num"' : ""}>${esc(c.header)}</th>`).join("");
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => td(c, t.columns[i])).join("")}</tr>`);
  return [
    `<table>`,
    `<caption>${esc(t.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody>`,
    `</table>`,
  ].join("\n");
}

function chart(c: ReportChart): string {
  const svg = renderSvg(c.option, { width: c.width, height: c.height, id: c.id }).replace(
    /^<svg /,
    `<svg role="img" aria-label="${esc(c.caption)}" `,
  );
  return [`<figure id="${c.id}">`, svg, `<figcaption>${esc(c.caption)}</figcaption>`, `</figure>`].join("\n");
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
