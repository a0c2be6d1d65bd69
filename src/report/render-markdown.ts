/**
 * A report as one Markdown file: headings, paragraphs with note marks [n], GitHub-style tables,
 * and the numbered sources at the end. Charts are inline SVG, each folded in a <details> block so
 * the file stays one self-contained document; viewers that strip inline SVG (GitHub does) still
 * show every number, since each chart's figures are in the tables beside it.
 * @module
 * @example
 * writeFileSync("report.md", renderMarkdown(await buildReport(store, { period })));
 */
import { renderSvg } from "../charts/render-svg.js";
import type { ReportCell, Report, ReportBlock, ReportChart, ReportTable } from "./report.js";

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# ${inline(report.title)}`, "");
  out.push(
    `Lodestone report${report.period ? ` for ${report.period}` : ""}. Sections: ${report.sections
      .map((s) => inline(s.title))
      .join("; ")}; sources at the end.`,
    "",
  );
  out.push(`> ${inline(report.legend)}`, "");
  for (const part of report.sections) {
    out.push(`## ${inline(part.title)}`, "");
    for (const b of part.blocks) out.push(...block(b), "");
  }
  out.push("## Sources", "");
  for (const s of report.sources) {
    const url = s.url?.replace(/[()\s<>]/g, encodeURIComponent);
    const label = url ? (s.label === s.url ? `<${url}>` : `[${inline(s.label)}](${url})`) : inline(s.label);
    const extra = [s.date, s.storeId !== null ? `store source #${s.storeId}, ${s.kind}` : s.kind].filter(
      (x): x is string => x !== null,
    );
    out.push(`${s.note}. ${label}${extra.length ? ` — ${inline(extra.join("; "))}` : ""}`);
  }
  return `${out.join("\n")}\n`;
}

function block(b: ReportBlock): string[] {
  switch (b.kind) {
    case "heading":
      return [`### ${inline(b.text)}`];
    case "paragraph":
      return [inline(b.text)];
    case "table":
      return table(b);
    case "chart":
      return chart(b);
  }
}

function marks(c: ReportCell): string {
  return c.notes?.length ? ` [${c.notes.join(",")}]` : "";
}

function table(t: ReportTable): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    `**${inline(t.caption)}**`,
    "",
    row(t.columns.map((c) => inline(c.header))),
    row(t.columns.map((c) => (c.num ? "---:" : "---"))),
    ...t.rows.map((r) =>
      row(
        r.map((c, i) =>
          t.columns[i]?.strip ? `\`${c.text}\`` : `${inline(c.text)}${marks(c)}`.trim() || " ",
        ),
      ),
    ),
  ];
}

/**
 * The SVG inside <details>: an HTML block in Markdown ends at the first blank line, so the SVG
 * keeps none.
 */
function chart(c: ReportChart): string[] {
  const svg = renderSvg(c.option, { width: c.width, height: c.height, id: c.id })
    .split("\n")
    .filter((line) => line.trim() !== "")
    .join("\n");
  return ["<details>", `<summary>Chart: ${escapeHtml(c.caption)}</summary>`, "", svg, "", "</details>"];
}

/** Escapes what Markdown would read as markup in running text and table cells. */
function inline(text: string): string {
  return text.replace(/([\\`*_|<>[\]])/g, (m, ch: string, offset: number, all: string) =>
    // Note marks [1,2] stay as they are.
    (ch === "[" && /^\[\d+(?:,\d+)*\]/.test(all.slice(offset))) ||
    (ch === "]" && /\[\d+(?:,\d+)*$/.test(all.slice(0, offset)))
      ? m
      : `\\${ch}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
