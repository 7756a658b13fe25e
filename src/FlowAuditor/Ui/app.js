// FlowAuditor rollout page. Plain JS, no dependencies. Two sources of data: the daemon's JSON API (polled) or the
// audit report embedded by `audit -o html` (offline). Every JSON field is read in the `Fields` adapters below and
// nowhere else, so a change of the API's field names is a change here only.
"use strict";

// ---- JSON field access: one adapter per view. Views only see the normalized shapes these return. ----
const Fields = {
  // A denied/audited aggregate (report "denied" entry).
  entry(e) {
    return {
      namespace: e.namespace || "", workload: e.subject || "", direction: e.direction || "",
      peer: e.peer || "", peerKind: e.peerKind || "", port: (e.protocol || "") + "/" + (e.port ?? ""),
      dropped: e.dropped || 0, audited: e.audited || 0, outcome: e.outcome || "",
      isolatedBy: (e.isolatedBy || []).map(p => p.policy),
      denyRules: (e.denials || []).filter(d => d.reason === "deny-rule").map(d => d.policy + (d.rule == null ? "" : " rule #" + d.rule)),
      nearMisses: (e.denials || []).flatMap(d => (d.peerNearMisses || []).map(m => d.policy + " rule #" + m.rule + " selects " + (m.peers || []).join(", "))),
      reasons: (e.denials || []).filter(d => d.reason !== "deny-rule").map(d => d.policy + (d.rule == null ? "" : " rule #" + d.rule) + ": " + d.reason),
      likelyCauses: e.likelyCauses || [],
    };
  },
  // Readiness: /api/v1/readiness or the report's "readiness" array.
  readiness(raw) {
    return (raw && raw.readiness || []).map(r => ({ namespace: r.namespace, ready: !!r.ready, verdict: r.verdict || "", reasons: r.reasons || [] }));
  },
  // Staged: /api/v1/staged, or the report's "staged"/"stagedCombined".
  staged(raw) {
    if (!raw || !raw.staged) return { changes: [], combined: null, warning: null };
    return {
      changes: raw.staged.map(s => ({ policy: s.policy, kind: s.kind, action: s.action, wouldDeny: s.wouldDeny, wouldAllow: s.wouldAllow, source: s.source || "", targetEnforced: s.targetEnforced })),
      combined: raw.stagedCombined ? { wouldDeny: raw.stagedCombined.wouldDeny, wouldAllow: raw.stagedCombined.wouldAllow, changes: raw.stagedCombined.changes } : null,
      warning: raw.warning || null,
    };
  },
  // Suggestions: the report's "suggestions" array, or the YAML of /api/v1/suggestions (documents split on ---).
  suggestions(raw) {
    if (Array.isArray(raw)) return raw.map(s => ({ namespace: s.namespace, name: s.name, kind: s.kind, file: s.file, yaml: s.yaml }));
    return String(raw || "").split(/^---\n/m).filter(d => d.trim()).map(yaml => {
      const kind = (yaml.match(/^kind: *(\S+)/m) || [])[1] || "";
      const name = (yaml.match(/^ {2}name: *(\S+)/m) || [])[1] || "";
      const namespace = (yaml.match(/^ {2}namespace: *(\S+)/m) || [])[1] || "";
      return { namespace, name, kind, file: namespace + "." + name + ".yaml", yaml };
    });
  },
  // Stream and policy source: /api/v1/health (daemon) or the report's summary (offline).
  health(raw, offline) {
    if (offline) {
      const s = raw.summary || {};
      return [["Source", "audit report (offline)"], ["Capture lines", s.captureLines], ["Malformed lines", s.malformedLines],
              ["Manifest errors", s.manifestErrors], ["Policy revision", s.policyRevision], ["Lost events", sum(s.lostEvents)]];
    }
    const st = raw.stream || {}, ps = raw.policySource || {};
    return [["Hubble stream", st.connected ? "connected" : "not connected"], ["Flows read", st.flowsRead], ["Flows attributed", st.flowsAttributed],
            ["Reconnects", st.reconnects], ["Lost events", st.lostEvents], ["Policy source", ps.ready ? "synced" : "not synced"], ["Policy revision", ps.revision]];
  },
  // Denials per minute: /api/v1/denials-over-time.
  timeline(raw) {
    const map = new Map();
    for (const n of (raw && raw.namespaces) || []) map.set(n.namespace, n.denied || []);
    return map;
  },
  denied(report) { return (report.denied || []).map(Fields.entry); },
};

function sum(obj) { return Object.values(obj || {}).reduce((a, b) => a + b, 0); }

// ---- DOM helpers: text only (textContent), never HTML from data. ----
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}
function list(items) { return items.length ? el("ul", {}, items.map(i => el("li", {}, i))) : "—"; }
function fill(tableId, rows, columns, emptyText) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: columns }, emptyText))]));
}
function num(v) { return el("td", { class: "num" }, v); }

// ---- Filters ----
function filters() {
  return { namespace: value("f-namespace"), verdict: value("f-verdict"), direction: value("f-direction") };
}
function value(id) { return document.getElementById(id).value; }
function keep(e, f) {
  return (!f.namespace || e.namespace === f.namespace)
    && (!f.direction || e.direction === f.direction)
    && (!f.verdict || (f.verdict === "dropped" ? e.dropped > 0 : e.audited > 0));
}
function setNamespaces(names) {
  const select = document.getElementById("f-namespace");
  const current = select.value;
  const known = [...select.options].map(o => o.value);
  for (const n of names) if (n && !known.includes(n)) select.append(el("option", { value: n }, n));
  select.value = current;
}

// ---- Views ----
const DENIED = new Set(["default-deny", "deny-rule", "auth-required"]);

function renderHealth(pairs) {
  document.getElementById("health").replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "—")]));
}

function chart(counts) {
  if (!counts) return el("span", {}, "—");
  const w = 180, h = 32, max = Math.max(1, ...counts), bw = w / counts.length;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "spark"); svg.setAttribute("width", w); svg.setAttribute("height", h);
  svg.setAttribute("viewBox", "0 0 " + w + " " + h); svg.setAttribute("role", "img");
  const total = counts.reduce((a, b) => a + b, 0);
  const title = document.createElementNS(ns, "title");
  title.textContent = total + " denial(s) in the last " + counts.length + " minutes";
  svg.append(title);
  const base = document.createElementNS(ns, "line");
  base.setAttribute("x1", 0); base.setAttribute("x2", w); base.setAttribute("y1", h - 0.5); base.setAttribute("y2", h - 0.5);
  svg.append(base);
  counts.forEach((c, i) => {
    if (!c) return;
    const r = document.createElementNS(ns, "rect"), bh = Math.max(1, (c / max) * (h - 2));
    r.setAttribute("x", (i * bw).toFixed(1)); r.setAttribute("width", Math.max(1, bw - 1).toFixed(1));
    r.setAttribute("y", (h - 1 - bh).toFixed(1)); r.setAttribute("height", bh.toFixed(1));
    svg.append(r);
  });
  const wrap = el("span", {}); wrap.append(svg, el("span", { class: "total" }, total + " in the last hour"));
  return wrap;
}

function renderNamespaces(readiness, timeline, f) {
  const rows = readiness.filter(r => !f.namespace || r.namespace === f.namespace).map(r => el("tr", {},
    el("th", { scope: "row" }, r.namespace),
    el("td", { class: r.ready ? "ready" : "not-ready" }, r.ready ? "ready to enforce" : "not ready"),
    el("td", {}, list(r.reasons)),
    el("td", {}, timeline ? chart(timeline.get(r.namespace) || new Array(60).fill(0)) : "not recorded offline")));
  fill("namespaces", rows, 4, "No namespace seen yet.");
}

// The subject already names its namespace ("production/backend[Deployment]").
function where(e) { return e.workload; }

function renderDenied(entries, f) {
  const rows = entries.filter(e => DENIED.has(e.outcome) && keep(e, f)).map(e => el("tr", {},
    el("th", { scope: "row" }, where(e)), el("td", {}, e.direction), el("td", {}, e.peer), el("td", {}, e.port),
    num(e.dropped), num(e.audited), el("td", { class: "outcome-" + e.outcome }, e.outcome),
    el("td", {}, list(e.isolatedBy)), el("td", {}, list(e.denyRules)), el("td", {}, list(e.nearMisses.concat(e.reasons)))));
  fill("denied", rows, 10, "No denied or audited traffic matches the filters.");
}

function renderUnexplained(entries, f) {
  const rows = entries.filter(e => !DENIED.has(e.outcome) && e.outcome !== "consistent" && keep(e, f)).map(e => el("tr", {},
    el("th", { scope: "row" }, where(e)), el("td", {}, e.direction), el("td", {}, e.peer), el("td", {}, e.port),
    el("td", { class: "outcome-" + e.outcome }, e.outcome), num(e.dropped + e.audited), el("td", {}, list(e.likelyCauses))));
  fill("unexplained", rows, 7, "Nothing unexplained or not enforced.");
}

function renderStaged(staged, f) {
  const ns = p => p.split("/")[0];
  const rows = staged.changes.filter(c => !f.namespace || ns(c.policy) === f.namespace).map(c => el("tr", {},
    el("th", { scope: "row" }, c.kind + " " + c.policy), el("td", {}, c.action),
    el("td", { class: "num" + (c.wouldDeny ? " bad" : "") }, c.wouldDeny), el("td", { class: "num" + (c.wouldAllow ? " good" : "") }, c.wouldAllow), el("td", {}, c.source)));
  fill("staged", rows, 5, "No staged changes.");
  const note = [];
  if (staged.combined) note.push("All " + staged.combined.changes + " change(s) together: would deny " + staged.combined.wouldDeny + ", would allow " + staged.combined.wouldAllow + ".");
  if (staged.warning) note.push(staged.warning);
  document.getElementById("staged-note").textContent = note.join(" ");
}

let shownSuggestions = null;
function renderSuggestions(suggestions, f) {
  const box = document.getElementById("suggestions");
  const shown = suggestions.filter(s => !f.namespace || s.namespace === f.namespace);
  // Unchanged suggestions are left alone: a poll must not undo a text selection or a "Copied" confirmation.
  const key = JSON.stringify(shown);
  if (key === shownSuggestions) return;
  shownSuggestions = key;
  if (!shown.length) { box.replaceChildren(el("p", {}, "No suggested policies.")); return; }
  box.replaceChildren(...shown.map((s, i) => {
    const id = "yaml-" + i;
    const copy = el("button", { type: "button", "aria-controls": id }, "Copy YAML");
    copy.addEventListener("click", () => copyText(s.yaml, copy));
    const download = el("a", { href: "#", download: s.file }, "Download " + s.file);
    download.addEventListener("click", () => { download.href = URL.createObjectURL(new Blob([s.yaml], { type: "application/yaml" })); });
    return el("article", { class: "suggestion" },
      el("h3", {}, el("span", {}, s.kind + " " + s.namespace + "/" + s.name), copy, download),
      el("pre", { id }, el("code", {}, s.yaml)));
  }));
}

function copyText(text, button) {
  const done = () => { button.textContent = "Copied"; };
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done)); } else { fallbackCopy(text, done); }
}
function fallbackCopy(text, done) {
  const area = el("textarea", {}, text); document.body.append(area); area.select();
  try { document.execCommand("copy"); done(); } finally { area.remove(); }
}

// ---- Sources ----
let model = null;

function render() {
  if (!model) return;
  const f = filters();
  setNamespaces([...model.readiness.map(r => r.namespace), ...model.denied.map(e => e.namespace)]);
  renderHealth(model.health);
  renderNamespaces(model.readiness, model.timeline, f);
  renderDenied(model.denied, f);
  renderUnexplained(model.denied, f);
  renderStaged(model.staged, f);
  renderSuggestions(model.suggestions, f);
}

function fromReport(report) {
  return { readiness: Fields.readiness(report), denied: Fields.denied(report), staged: Fields.staged(report),
           suggestions: Fields.suggestions(report.suggestions || []), health: Fields.health(report, true), timeline: null };
}

async function get(path, text) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return text ? response.text() : response.json();
}

async function poll() {
  try {
    const format = value("f-format");
    const [report, staged, readiness, suggestions, health, timeline] = await Promise.all([
      get("api/v1/report"), get("api/v1/staged"), get("api/v1/readiness"), get("api/v1/suggestions?format=" + encodeURIComponent(format), true),
      get("api/v1/health"), get("api/v1/denials-over-time")]);
    model = { readiness: Fields.readiness(readiness), denied: Fields.denied(report), staged: Fields.staged(staged),
              suggestions: Fields.suggestions(suggestions), health: Fields.health(health, false), timeline: Fields.timeline(timeline) };
    render();
    document.getElementById("status").textContent = "Updated " + new Date().toLocaleTimeString() + " (refreshes every " + (interval / 1000) + " s)";
  } catch (e) {
    document.getElementById("status").textContent = "Cannot reach the daemon: " + e.message + " (retrying)";
  }
}

const params = new URLSearchParams(location.search);
const interval = Math.max(250, Number(params.get("refresh-ms")) || 5000);
const embedded = JSON.parse(document.getElementById("flowauditor-data").textContent);
for (const id of ["f-namespace", "f-verdict", "f-direction"]) document.getElementById(id).addEventListener("change", render);

if (embedded) {
  document.getElementById("mode").textContent = "Offline audit report (audit -o html).";
  document.getElementById("f-format").disabled = true;
  model = fromReport(embedded);
  render();
  document.getElementById("status").textContent = "Rendered from the embedded report.";
} else {
  document.getElementById("mode").textContent = "Live from the daemon; read-only.";
  document.getElementById("f-format").addEventListener("change", poll);
  poll();
  setInterval(poll, interval);
}
