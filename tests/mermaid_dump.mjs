// What Mermaid's own parser makes of diagrams: used by tests/test_docs_mermaid.py.
//
//   node tests/mermaid_dump.mjs NODE_MODULES_PARENT < diagrams.json > dumps.json
//
// Reads a JSON list of diagram texts and writes, for each, what Mermaid read:
// the diagram's type, the configuration its text set (directives, front matter),
// and the contents of its database: a gantt's title, settings, sections, tasks
// and links; a flowchart's nodes and edges. A diagram Mermaid rejects gives
// {"error": message}. Mermaid runs headless on jsdom, with no browser.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const where = process.argv[2];
const require = createRequire(join(where, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = join(where, "node_modules", "mermaid", "dist", "mermaid.core.mjs");
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

function gantt(db) {
  return {
    title: db.getDiagramTitle(),
    accTitle: db.getAccTitle(),
    accDescription: db.getAccDescription(),
    dateFormat: db.getDateFormat(),
    axisFormat: db.getAxisFormat(),
    todayMarker: db.getTodayMarker(),
    excludes: db.getExcludes(),
    includes: db.getIncludes(),
    links: Object.fromEntries(db.getLinks()),
    sections: db.getSections(),
    tasks: db.getTasks().map((t) => ({
      id: t.id,
      text: t.task,
      section: t.section,
      start: t.startTime.toISOString(),
      end: t.endTime.toISOString(),
      milestone: Boolean(t.milestone),
      done: Boolean(t.done),
      classes: t.classes,
    })),
  };
}

function flowchart(db) {
  return {
    nodes: [...db.getVertices().values()].map((v) => ({ id: v.id, text: v.text })),
    edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text })),
    classes: [...db.getClasses().keys()],
    links: [...db.getVertices().values()].filter((v) => v.link).map((v) => v.id),
  };
}

const out = [];
for (const text of JSON.parse(readFileSync(0, "utf8"))) {
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const contents = diagram.type === "gantt" ? gantt(db) : flowchart(db);
    out.push({ type: diagram.type, config: parsed.config, ...contents });
  } catch (error) {
    out.push({ error: String(error && error.message ? error.message : error) });
  }
}
process.stdout.write(JSON.stringify(out));
