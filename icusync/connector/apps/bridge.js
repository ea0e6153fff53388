// icusync's side of MCP Apps (protocol 2026-01-26), inlined into each chart: the handshake with the host
// over postMessage JSON-RPC 2.0, the host's theme, size reports, and small SVG helpers. No network access.
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs, parent) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  if (parent) parent.appendChild(el);
  return el;
}

function tip(el, text) {
  svgEl("title", {}, el).textContent = text;
  return el;
}

// A structured-content table ({columns, rows}) as one object per row.
function tableRows(t) {
  if (!t || !Array.isArray(t.rows)) return [];
  return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]])));
}

function scale(lo, hi, from, to) {
  const span = hi - lo || 1;
  return (v) => from + ((v - lo) / span) * (to - from);
}

function niceStep(span, count) {
  const raw = Math.max(span, 1e-9) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw * 0.999);
}

function fmt(v, digits) {
  return Number(v).toFixed(digits || 0);
}

function signed(v) {
  const r = Math.round(v);
  return r > 0 ? `+${r}` : r === 0 ? "±0" : `${r}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// "2026-12-03" → "Thu 3 Dec", as icusync's pages write a day.
function plainDay(iso) {
  const d = new Date(`${String(iso).slice(0, 10)}T12:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function say(text) {
  document.getElementById("readout").textContent = text;
}

function textOf(result) {
  return (result.content || []).filter((b) => b.type === "text").map((b) => b.text).join("\n");
}

// Connect to the host; `draw(structuredContent, chart)` runs for each tool result, `chart` being the
// emptied #chart element.
function connectApp(name, draw) {
  let nextId = 1;
  const waiting = new Map();
  const post = (message) => window.parent.postMessage({ jsonrpc: "2.0", ...message }, "*");
  const notify = (method, params) => post({ method, params: params || {} });
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      post({ id, method, params });
    });
  const reportSize = () => {
    const root = document.documentElement;
    notify("ui/notifications/size-changed", { width: Math.ceil(root.scrollWidth), height: Math.ceil(root.scrollHeight) });
  };
  const applyContext = (context) => {
    if (!context) return;
    if (context.theme) document.documentElement.dataset.theme = context.theme;
    const vars = context.styles && context.styles.variables;
    for (const [key, value] of Object.entries(vars || {})) {
      if (value) document.documentElement.style.setProperty(key, value);
    }
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const m = event.data;
    if (!m || m.jsonrpc !== "2.0") return;
    if (m.method === undefined) {
      const w = waiting.get(m.id);
      if (w) {
        waiting.delete(m.id);
        if (m.error) w.reject(m.error);
        else w.resolve(m.result);
      }
    } else if (m.method === "ui/notifications/tool-result") {
      const result = m.params || {};
      const chart = document.getElementById("chart");
      chart.replaceChildren();
      try {
        if (result.isError || !result.structuredContent) say(textOf(result) || "Nothing to draw.");
        else draw(result.structuredContent, chart);
      } catch (err) {
        say(`This chart could not be drawn (${err.message}); the answer's text has everything.`);
      }
      reportSize();
    } else if (m.method === "ui/notifications/tool-cancelled") {
      say("The call was cancelled: nothing to draw.");
    } else if (m.method === "ui/notifications/host-context-changed") {
      applyContext(m.params);
    } else if (m.id !== undefined) {
      if (m.method === "ui/resource-teardown" || m.method === "ping") post({ id: m.id, result: {} });
      else post({ id: m.id, error: { code: -32601, message: `Method not found: ${m.method}` } });
    }
  });
  request("ui/initialize", { protocolVersion: "2026-01-26", appInfo: { name, version: "0.1.0" }, appCapabilities: {} })
    .then((result) => {
      applyContext(result && result.hostContext);
      notify("ui/notifications/initialized");
      new ResizeObserver(reportSize).observe(document.body);
    })
    .catch(() => say("The host did not start this chart."));
}
