// Seismo dashboard: hash-routed pages over the JSON API (no build step, no network beyond this server).
// Every list is paginated and every map/timeline is aggregated by the server, so 100k events stay fast.
"use strict";

const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
window.esc = esc;
// PLOVER quad class by type, from the server's event-type registry (GET /api/taxonomy) at start-up.
const QUAD = {};
const FILTER_KEYS = ["type", "country", "mineral", "factuality", "genre", "actor", "date_from", "date_to", "min_confidence"];
const PAGE = 50;
const $ = sel => document.querySelector(sel);
const fmt = n => (n ?? 0).toLocaleString();
const badge = t => `<span class="badge q-${QUAD[t] || "other"}">${esc(t)}</span>`;
const actorName = a => a ? (a.name || a.text) : "";
// How the text attributes the act (extract.attribution): shown unless the text simply states it.
const attribution = a => a && a.attribution && a.attribution !== "stated"
  ? ` <span class="attribution">${esc(a.attribution)}${a.attributed_by ? " by " + esc(a.attributed_by) : ""}</span>` : "";
const link = (href, text) => `<a href="${esc(href)}">${esc(text)}</a>`;
// A URL from the data (a feed, a posted document) becomes a link only when it is http(s):
// "javascript:" or "data:" from a hostile feed is shown as text, never made clickable.
const externalLink = url => /^https?:\/\/[^\s]+$/i.test(String(url).trim())
  ? `<a href="${esc(String(url).trim())}" rel="noreferrer noopener" target="_blank">${esc(url)}</a>` : esc(url);

async function api(path, params, retries = 6) {
  const qs = params ? "?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)) : "";
  const res = await fetch("/api/" + path + qs);
  // 503: a command-line ingest holds the database for a while; ask again when the server says
  if (res.status === 503 && retries > 0) {
    await new Promise(ok => setTimeout(ok, 1000 * Math.min(10, Number(res.headers.get("Retry-After")) || 5)));
    return api(path, params, retries - 1);
  }
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message || res.statusText);
  return body;
}

// ---- filters: the form <-> the hash query (so every view is a shareable URL)
function currentFilters() {
  const q = new URLSearchParams(location.hash.split("?")[1] || ""), f = {};
  FILTER_KEYS.forEach(k => { if (q.get(k)) f[k] = q.get(k); });
  if (q.get("current")) f.include_historical = "false";
  return f;
}

function filtersToForm(f) {
  const form = $("#filters");
  FILTER_KEYS.forEach(k => { form.elements[k].value = f[k] || ""; });
  form.elements.current.checked = f.include_historical === "false";
}

function formToHash() {
  const form = $("#filters"), q = new URLSearchParams();
  FILTER_KEYS.forEach(k => { const v = form.elements[k].value.trim(); if (v) q.set(k, v); });
  if (form.elements.current.checked) q.set("current", "1");
  location.hash = "#/" + (q.toString() ? "?" + q : "");
}

async function loadFacetOptions() {
  const f = await api("events/facets");
  const fill = (name, counts, label = x => x) => {
    const sel = $(`#filters select[name=${name}]`);
    Object.entries(counts).forEach(([k, n]) => sel.append(new Option(`${label(k)} (${fmt(n)})`, k)));
  };
  fill("type", f.type); fill("country", f.country); fill("mineral", f.mineral); fill("factuality", f.factuality);
  return f;
}

// ---- evidence highlighting: trigger by offsets, arguments by their words in the sentence
function highlight(e) {
  const ev = e.evidence, s = ev.sentence, marks = [];
  const ts = ev.trigger.start - ev.start;
  if (ts >= 0 && s.substr(ts, ev.trigger.text.length) === ev.trigger.text) marks.push([ts, ts + ev.trigger.text.length, "trigger"]);
  else { const i = s.indexOf(ev.trigger.text); if (i >= 0) marks.push([i, i + ev.trigger.text.length, "trigger"]); }
  const args = [["actor1", e.actor1?.text], ["actor2", e.actor2?.text], ["location", e.location?.text],
                ["date", e.date?.text], ...(e.quantities || []).map(q => ["quantity", q.text]),
                ...(e.minerals || []).map(m => ["mineral", m.text])];
  for (const [cls, text] of args) {
    if (!text || text.length < 2) continue;
    let i = s.indexOf(text);
    if (i < 0) i = s.toLowerCase().indexOf(text.toLowerCase());
    while (i >= 0 && marks.some(([a, b]) => i < b && i + text.length > a)) {
      i = s.toLowerCase().indexOf(text.toLowerCase(), i + 1);
    }
    if (i >= 0) marks.push([i, i + text.length, cls]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = "", pos = 0;
  for (const [a, b, cls] of marks) {
    out += esc(s.slice(pos, a)) + `<mark class="${cls}" title="${cls}">${esc(s.slice(a, b))}</mark>`; pos = b;
  }
  return out + esc(s.slice(pos));
}

function snippet(e, max = 180) {
  const ev = e.evidence, s = ev.sentence, i = Math.max(0, ev.trigger.start - ev.start);
  const from = Math.max(0, Math.min(i - 60, s.length - max)), t = ev.trigger.text;
  const cut = s.slice(from, from + max), j = i - from;
  const body = j >= 0 && cut.substr(j, t.length) === t
    ? esc(cut.slice(0, j)) + `<mark class="trigger">${esc(t)}</mark>` + esc(cut.slice(j + t.length)) : esc(cut);
  return (from > 0 ? "…" : "") + body + (from + max < s.length ? "…" : "");
}

// ---- the event table (server-side pagination and sort)
function eventTable(el, base, title = "Events") {
  const state = { offset: 0, sort: "-date" };
  async function load() {
    el.innerHTML = `<div class="card"><h2>${esc(title)} <span class="right">loading…</span></h2></div>`;
    const data = await api("events", { ...base, limit: PAGE, offset: state.offset, sort: state.sort });
    const rows = data.items.map(e => `<tr class="clickable${e.historical ? " bg" : ""}" data-id="${esc(e.event_id)}">
      <td class="nowrap">${esc(e.date?.value || "")}</td><td>${badge(e.type)}<br><span class="muted">${esc(e.mode || "")}</span></td>
      <td>${esc(actorName(e.actor1))}${e.actor2 ? " → " + esc(actorName(e.actor2)) : ""}</td>
      <td${placeIsApprox(e.location) ? ` class="approx" title="${esc(e.location.precision || "")}${e.location.basis ? " · " + esc(e.location.basis) : ""}"` : ""}>${placeIsApprox(e.location) ? "~ " : ""}${esc(e.location?.name || e.location?.text || "")}${e.location?.country ? ` <span class="muted">${esc(e.location.country)}</span>` : ""}</td>
      <td class="num">${e.fatalities ?? ""}</td><td>${esc(e.factuality)}</td><td class="ev">${snippet(e)}</td></tr>`).join("");
    const end = Math.min(data.total, state.offset + data.items.length);
    el.innerHTML = `<div class="card"><h2>${esc(title)} <span class="right">${fmt(data.total)} events</span></h2>
      <table id="events-table"><thead><tr><th class="sortable" data-sort="date">Date ${state.sort === "-date" ? "▼" : state.sort === "date" ? "▲" : ""}</th>
      <th class="sortable" data-sort="type">Type</th><th>Actors</th><th>Place</th><th>Dead</th><th>Factuality</th><th>Evidence</th></tr></thead>
      <tbody>${rows || `<tr><td colspan="7" class="empty">No events match these filters.</td></tr>`}</tbody></table>
      <div class="pager"><span>${data.total ? fmt(state.offset + 1) : 0}–${fmt(end)} of ${fmt(data.total)}</span>
      <button class="ghost" data-page="-1" ${state.offset === 0 ? "disabled" : ""}>‹ Prev</button>
      <button class="ghost" data-page="1" ${end >= data.total ? "disabled" : ""}>Next ›</button></div></div>`;
    el.querySelectorAll("tr[data-id]").forEach(tr => tr.addEventListener("click", () => { location.hash = "#/event/" + encodeURIComponent(tr.dataset.id); }));
    el.querySelectorAll("button[data-page]").forEach(b => b.addEventListener("click", () => { state.offset = Math.max(0, state.offset + PAGE * b.dataset.page); load(); }));
    el.querySelectorAll("th[data-sort]").forEach(th => th.addEventListener("click", () => {
      const k = th.dataset.sort; state.sort = k === "date" ? (state.sort === "-date" ? "date" : "-date") : k; state.offset = 0; load();
    }));
  }
  return load().catch(err => { el.innerHTML = `<div class="card warn">${esc(err.message)}</div>`; });
}

// A place coarser than a town, or a stand-in for an unknown one, is shown as approximate ("~").
const placeIsApprox = loc => !!loc && (["admin2", "admin1", "country"].includes(loc.precision)
  || ["nearest-known-place", "country-only"].includes(loc.basis));

// ---- map + timeline card
async function mapCard(el, filters, { incidents = true, sites = null, title = "Map" } = {}) {
  el.innerHTML = `<div class="card"><h2>${esc(title)} <span class="right" id="map-note"></span></h2>
    <div class="map-wrap"><canvas class="map" id="map"></canvas><div class="map-tools">
    <button type="button" data-z="0.6" title="Zoom in">+</button><button type="button" data-z="1.6" title="Zoom out">−</button>
    <button type="button" data-z="fit" title="Fit to events">⤢</button></div></div>
    <div class="legend"><span><i style="background:#c8402f"></i>material conflict</span><span><i style="background:#e39a2d"></i>verbal conflict</span>
    <span><i style="background:#2f8f5b"></i>material cooperation</span><span><i style="background:#3b7dc4"></i>verbal cooperation</span>
    ${incidents ? `<span><i style="border:2px solid #17202b;background:none"></i>incident seen by 2+ sources</span>` : ""}
    ${sites ? `<span>▲ mining locality</span>` : ""}</div></div>`;
  let timer = null;
  const map = new WorldMap(el.querySelector("canvas"), {
    onPick: h => {
      if (h.kind === "incident") location.hash = "#/incident/" + encodeURIComponent(h.item.incident_id);
      else if (h.kind === "cell" && h.item.country) { $("#filters").elements.country.value = h.item.country; formToHash(); }
    },
    onViewChange: v => { clearTimeout(timer); timer = setTimeout(() => refreshCells(v.span), 250); },
  });
  const refreshCells = async span => map.setData({ cells: (await api("events/map", { ...filters, span })).cells });
  el.querySelectorAll("[data-z]").forEach(b => b.addEventListener("click", () => {
    if (b.dataset.z === "fit") { map.fit(); map.draw(); map.onViewChange(map.view); } else map.zoom(+b.dataset.z);
  }));
  const [cells, inc, facets] = await Promise.all([
    api("events/map", filters), incidents ? api("incidents", { limit: 500, min_sources: 2, country: filters.country, type: filters.type, date_from: filters.date_from, date_to: filters.date_to }).catch(() => ({ items: [] })) : { items: [] },
    api("events/facets", filters), map.init()]);
  map.setData({ cells: cells.cells, incidents: inc.items, sites: sites || [], countryCounts: facets.country, fit: true });
  el.querySelector("#map-note").textContent = `${fmt(cells.located)} located events${cells.imprecise ? ` (${fmt(cells.imprecise)} only to the country: dashed rings)` : ""} · ${fmt(cells.cells.length)} map points`;
  return { map, facets };
}

async function timelineCard(el, filters) {
  el.innerHTML = `<div class="card"><h2>Events per week <span class="right"><span id="tl-note"></span><span style="color:#c8402f" id="tl-deaths">— deaths</span></span></h2><canvas class="timeline" id="timeline"></canvas></div>`;
  const tl = new Timeline(el.querySelector("canvas"), w => {
    const end = new Date(Date.parse(w.week) + 6 * 86400000).toISOString().slice(0, 10);
    const form = $("#filters"); form.elements.date_from.value = w.week; form.elements.date_to.value = end; formToHash();
  });
  const data = await api("events/timeline", filters);
  tl.set(data.weeks);
  el.querySelector("#tl-deaths").textContent = tl.maxDead ? `— deaths (peak ${fmt(tl.maxDead)} a week)` : "no deaths reported";
  const extra = [data.imprecise && `${fmt(data.imprecise)} with month/year dates`, data.undated && `${fmt(data.undated)} undated`].filter(Boolean);
  el.querySelector("#tl-note").textContent = extra.join(" · ");
}

// ---- pages
async function overview() {
  const f = currentFilters();
  filtersToForm(f);
  $("#view").innerHTML = `<div class="top"><div id="map-card"></div><div><div id="stats-card"></div><div id="tl-card"></div></div></div><div id="table-card"></div>`;
  const [{ facets }] = await Promise.all([mapCard($("#map-card"), f), timelineCard($("#tl-card"), f), eventTable($("#table-card"), f)]);
  const t = facets.total;
  $("#summary").textContent = `${fmt(t.events)} events · ${fmt(t.documents)} documents · ${fmt(t.fatalities)} deaths (counted once per incident)`;
  $("#stats-card").innerHTML = `<div class="card"><div class="kpis"><div><b>${fmt(t.events)}</b>events</div><div><b>${fmt(t.documents)}</b>documents</div>
    <div><b>${fmt(t.fatalities)}</b>deaths (once per incident)</div><div><b>${fmt(Object.keys(facets.country).length)}</b>countries</div></div>
    <div class="two"><div><h2>Types</h2>${bars(facets.type, k => typeHref(k))}</div><div><h2>Countries</h2>${bars(facets.country, k => countryHref(k))}</div></div></div>`;
}

function withFilter(key, value) {
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  q.set(key, value);
  return "#/?" + q;
}
const typeHref = t => withFilter("type", t);
const countryHref = c => withFilter("country", c);

function facts(pairs) {
  return `<dl class="facts">${pairs.filter(([, v]) => v !== "" && v != null).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

async function eventPage(id) {
  const e = await api("events/" + encodeURIComponent(id));
  const loc = e.location;
  const actor = a => a ? `${link("#/actor/" + encodeURIComponent(actorName(a)), actorName(a))}${a.text && a.name && a.text !== a.name ? ` <span class="muted">(“${esc(a.text)}”)</span>` : ""}${a.country ? ` <span class="muted">${esc(a.country)} ${esc(a.sector || "")}</span>` : ""}${attribution(a)}${a.acled ? ` <span class="muted">ACLED: ${esc(a.acled)} (inter ${esc(a.inter)})${a.assoc ? ", with " + esc(a.assoc) : ""}</span>` : ""}` : "";
  $("#view").innerHTML = `<h1>${badge(e.type)} ${esc(e.mode || "")} <span class="muted">${esc(e.date?.value || "undated")}</span></h1>
    <div class="card"><h2>Evidence</h2><div class="evidence" id="evidence">${highlight(e)}</div>
    <div class="keys"><mark class="trigger">trigger</mark><mark class="actor1">actor 1</mark><mark class="actor2">actor 2</mark>
    <mark class="location">place</mark><mark class="date">date</mark><mark class="quantity">number</mark><mark class="mineral">mineral</mark></div>
    <p>${link("#/doc/" + encodeURIComponent(e.doc_id) + "?event=" + encodeURIComponent(e.event_id), "Open the document " + e.doc_id)}
    ${e.incident_id ? " · " + link("#/incident/" + encodeURIComponent(e.incident_id), "Incident with all its reports") : ""}</p></div>
    <div class="card"><h2>Record</h2>${facts([
      ["Actor 1", actor(e.actor1)], ["Actor 2", actor(e.actor2)],
      ["Place", loc ? `${esc(loc.name || loc.text)}${loc.admin1 && loc.admin1 !== (loc.name || loc.text) ? ", " + esc(loc.admin1) : ""} ${esc(loc.country || "")} <span class="muted">${esc(loc.precision || "")}${loc.basis && loc.basis !== "name" ? " (" + esc(loc.basis) + ")" : ""}${loc.lat != null ? ` · ${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)}` : ""}</span>` : ""],
      ["Date", e.date ? `${esc(e.date.value || "?")} <span class="muted">(“${esc(e.date.text)}”, ${esc(e.date.precision || "")})</span>` : ""],
      ["Fatalities", e.fatalities ?? ""], ["Injured", e.injured ?? ""],
      ["Minerals", (e.minerals || []).map(m => link("#/mineral/" + encodeURIComponent(m.name), m.name)).join(", ")],
      ["Factuality", esc(e.factuality) + (e.claimed_by ? ` <span class="muted">by ${esc(e.claimed_by)}</span>` : "") + (e.historical ? " · background" : "")],
      ["ACLED", e.acled ? esc(`${e.acled.event_type} / ${e.acled.sub_event_type || ""}`) : ""],
      ["Contexts", esc((e.contexts || []).join(", "))], ["Confidence", esc(e.confidence)], ["Event id", esc(e.event_id)]])}</div>`;
}

async function documentPage(id) {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const d = await api("documents/" + encodeURIComponent(id));
  let text = esc(d.clean_text), ev = null;
  if (params.get("event")) {
    ev = await api("events/" + encodeURIComponent(params.get("event"))).catch(() => null);
    const i = ev ? d.clean_text.indexOf(ev.evidence.sentence) : -1;
    if (i >= 0) text = esc(d.clean_text.slice(0, i)) + `<mark class="sentence" id="hl">${highlight(ev)}</mark>` + esc(d.clean_text.slice(i + ev.evidence.sentence.length));
  }
  const src = d.source || {};
  $("#view").innerHTML = `<h1>${esc(d.title || d.id)}</h1><div class="card">${facts([
    ["Outlet", esc(d.outlet || src.outlet || "")], ["Source type", esc(src.type || "")], ["Genre", esc(src.genre || "")],
    ["Published", esc(d.published || "")], ["URL", d.url ? externalLink(d.url) : ""],
    ["Status", esc(d.status) + (d.duplicate_of ? ` of ${link("#/doc/" + encodeURIComponent(d.duplicate_of), d.duplicate_of)}` : "")],
    ["Events", d.events.map(x => link("#/event/" + encodeURIComponent(x.event_id), x.type)).join(", ")]])}</div>
    <div class="card"><div class="doc-text">${text}</div></div>`;
  document.getElementById("hl")?.scrollIntoView({ block: "center" });
}

async function incidentsPage() {
  const q = new URLSearchParams(location.hash.split("?")[1] || ""), min = q.get("min_sources") || "2";
  const data = await api("incidents", { limit: 200, min_sources: min, sort: q.get("sort") || "-last_seen" });
  const choice = [1, 2, 3].map(n => `<option value="${n}" ${String(n) === min ? "selected" : ""}>${n === 1 ? "all incidents" : `seen by ${n}+ independent sources`}</option>`).join("");
  $("#view").innerHTML = `<h1>Incidents <span class="muted">${fmt(data.total)}</span>
    <select id="min-sources" style="margin-left:12px">${choice}</select></h1><div class="card"><table id="incidents-table"><thead><tr>
    <th>Date</th><th>Type</th><th>Place</th><th>Actors</th><th>Reports</th><th>Independent</th><th>Dead</th><th>Confidence</th></tr></thead><tbody>
    ${data.items.map(i => `<tr class="clickable" data-id="${esc(i.incident_id)}"><td>${esc(i.date || i.first_seen || "")}</td><td>${badge(i.type)}</td>
      <td>${esc(i.location || "")} <span class="muted">${esc(i.country || "")}</span></td><td>${esc((i.actors || []).slice(0, 3).join(", "))}</td>
      <td class="num">${i.n_reports}</td><td class="num">${i.n_independent_sources}</td>
      <td class="num">${i.fatalities ?? ""}${i.disagreements?.fatalities ? ' <span class="warn" title="sources disagree">≠</span>' : ""}</td>
      <td class="num">${(i.confidence ?? 0).toFixed(2)}</td></tr>`).join("") || `<tr><td colspan="8" class="empty">No incidents yet.</td></tr>`}
    </tbody></table></div>`;
  document.querySelectorAll("tr[data-id]").forEach(tr => tr.addEventListener("click", () => { location.hash = "#/incident/" + encodeURIComponent(tr.dataset.id); }));
  $("#min-sources").addEventListener("change", ev => { location.hash = "#/incidents?min_sources=" + ev.target.value; });
}

async function incidentPage(id) {
  const i = await api("incidents/" + encodeURIComponent(id));
  const byId = Object.fromEntries((i.events || []).map(e => [e.event_id, e]));
  const dis = Object.entries(i.disagreements || {}).map(([field, values]) =>
    `<div><b>${esc(field)}</b>: ${Object.entries(values).map(([v, docs]) => `${esc(v)} <span class="muted">(${docs.map(esc).join(", ")})</span>`).join("; ")}</div>`).join("");
  const reports = (i.reports || []).map(r => {
    const e = byId[r.event_id];
    return `<div class="report"><div class="outlet">${esc(r.outlet)}</div><div class="muted">${esc(r.published || "")} · ${badge(r.type)}${r.fatalities != null ? ` · ${r.fatalities} dead` : ""}</div>
      <div class="sentence">${e ? highlight(e) : esc(r.sentence)}</div>
      <div>${link("#/event/" + encodeURIComponent(r.event_id), "event")} · ${link("#/doc/" + encodeURIComponent(r.doc_id) + "?event=" + encodeURIComponent(r.event_id), "document")}</div></div>`;
  }).join("");
  $("#view").innerHTML = `<h1>${badge(i.type)} ${esc(i.location || "")} <span class="muted">${esc(i.date || "")}</span></h1>
    <div class="card">${facts([["Reports", i.n_reports], ["Independent sources", `${i.n_independent_sources} (${(i.sources || []).map(esc).join(", ")})`],
      ["First / last seen", `${esc(i.first_seen || "")} – ${esc(i.last_seen || "")}`], ["Actors", (i.actors || []).map(a => link("#/actor/" + encodeURIComponent(a), a)).join(", ")],
      ["Place", `${esc(i.location || "")} ${esc(i.admin1 || "")} ${esc(i.country || "")}`], ["Fatalities", i.fatalities ?? ""],
      ["Minerals", (i.minerals || []).map(m => link("#/mineral/" + encodeURIComponent(m), m)).join(", ")],
      ["Confidence", (i.confidence ?? 0).toFixed(2)]])}
    ${dis ? `<h2 style="margin-top:12px">Sources disagree</h2>${dis}` : ""}</div>
    <div class="card"><h2>Reports side by side</h2><div class="reports">${reports}</div></div>`;
}

function bars(counts, href, top = 8) {
  const max = Math.max(1, ...Object.values(counts));
  return `<div class="bars">${Object.entries(counts).slice(0, top).map(([k, n]) =>
    `<div><span class="label">${href ? link(href(k), k) : esc(k)}</span><span class="bar" style="width:${Math.max(2, 100 * n / max)}px"></span>${fmt(n)}</div>`).join("")}</div>`;
}

async function actorPage(name) {
  const a = await api("actors/" + encodeURIComponent(name));
  const kb = a.kb;
  $("#view").innerHTML = `<h1>${esc(name)}</h1><div class="grid"><div><div class="card"><h2>Knowledge base</h2>${kb ? facts([
      ["Name", esc(kb.name)], ["Kind", esc(kb.kind)], ["Country", esc(kb.country || "")], ["Sector", esc(kb.sector || "")],
      ["Aliases", esc((kb.aliases || []).join(", "))],
      ["Roles", (kb.roles || []).map(r => esc(`${r.title} ${r.country || ""} ${r.from}–${r.to || ""}`)).join("<br>")]]) : `<p class="muted">Not in the knowledge base.</p>`}</div>
    </div><div><div class="card"><h2>Events by type <span class="right">${fmt(a.total.events)} events · ${fmt(a.total.fatalities)} deaths</span></h2>${bars(a.by_type, typeHref)}</div>
    <div class="card"><h2>Events by country</h2>${bars(a.by_country, countryHref)}</div></div></div><div id="actor-events"></div>`;
  await eventTable($("#actor-events"), { actor: name }, `Events involving ${name}`);
}

async function mineralsPage() {
  const f = await api("events/facets");
  $("#view").innerHTML = `<h1>Minerals</h1><div class="card">${Object.keys(f.mineral).length ? bars(f.mineral, m => "#/mineral/" + encodeURIComponent(m)) : `<p class="muted">No event mentions a mineral yet.</p>`}</div>`;
}

async function mineralPage(name) {
  const m = await api("minerals/" + encodeURIComponent(name));
  $("#view").innerHTML = `<h1>${esc(name)} <span class="muted">${fmt(m.total.events)} events · ${fmt(m.sites.length)} known mining localities</span></h1>
    <div class="top"><div id="mineral-map"></div><div><div class="card"><h2>Events by type</h2>${bars(m.by_type, typeHref)}</div>
    <div class="card"><h2>Events by country</h2>${bars(m.by_country, countryHref)}</div></div></div><div id="mineral-events"></div>`;
  await Promise.all([mapCard($("#mineral-map"), { mineral: name }, { incidents: false, sites: m.sites, title: `Events naming ${name}, and mines` }),
                     eventTable($("#mineral-events"), { mineral: name }, `Events naming ${name}`)]);
}

const SEVERITY = { high: "material_conflict", medium: "verbal_conflict", low: "verbal_cooperation" };

function alertRow(a) {
  const ev = a.evidence || [], more = ev.length > 3 ? `<br><span class="muted">+${ev.length - 3} more</span>` : "";
  return `<tr><td class="nowrap">${esc(String(a.created_at || "").slice(0, 16).replace("T", " "))}</td>
    <td><span class="badge q-${SEVERITY[a.severity] || "other"}">${esc(a.severity || "")}</span> <b>${esc(a.title || a.rule)}</b>
    <br><span class="muted">${esc(a.message || "")}</span></td>
    <td>${(a.incident_ids || []).map((i, n) => link("#/incident/" + encodeURIComponent(i), "incident " + (n + 1))).join("<br>")}</td>
    <td class="ev">${ev.slice(0, 3).map(esc).join("<br>")}${more}</td>
    <td>${a.acknowledged ? '<span class="muted">acknowledged</span>' : `<button class="ghost" data-ack="${esc(a.alert_id)}">Acknowledge</button>`}</td></tr>`;
}

async function alertsPage() {
  const data = await api("alerts", { limit: 200 });
  $("#view").innerHTML = `<h1>Alerts <span class="muted">${fmt(data.total)}</span></h1><div class="card"><table id="alerts-table"><thead><tr><th>When</th><th>Alert</th><th>Incidents</th><th>Evidence</th><th></th></tr></thead><tbody>
    ${data.items.map(alertRow).join("") || `<tr><td colspan="5" class="empty">No alerts.</td></tr>`}</tbody></table></div>`;
  document.querySelectorAll("button[data-ack]").forEach(b => b.addEventListener("click", () => acknowledge(b.dataset.ack)));
}

async function acknowledge(id) {
  let key = sessionStorage.getItem("seismo-key");
  if (!key) { key = prompt("API key (X-API-Key) for write actions:"); if (!key) return; sessionStorage.setItem("seismo-key", key); }
  const res = await fetch(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: "POST", headers: { "X-API-Key": key } });
  if (res.status === 401) sessionStorage.removeItem("seismo-key");
  if (!res.ok) alert((await res.json()).error?.message || res.statusText);
  alertsPage();
}

async function updateAlertCount() {
  const data = await api("alerts", { acknowledged: false, limit: 1000 }).catch(() => ({ items: [] }));
  const pill = $("#alert-count");
  pill.hidden = !data.items.length; pill.textContent = data.items.length;
}

// ---- router
const ROUTES = [
  [/^#\/event\/(.+)$/, eventPage, "overview"], [/^#\/doc\/(.+)$/, documentPage, "overview"],
  [/^#\/incidents$/, incidentsPage, "incidents"], [/^#\/incident\/(.+)$/, incidentPage, "incidents"],
  [/^#\/actor\/(.+)$/, actorPage, "overview"], [/^#\/minerals$/, mineralsPage, "minerals"],
  [/^#\/mineral\/(.+)$/, mineralPage, "minerals"], [/^#\/alerts$/, alertsPage, "alerts"],
];

async function route() {
  const hash = location.hash || "#/", path = hash.split("?")[0];
  document.getElementById("tooltip").hidden = true;
  for (const [re, page, nav] of ROUTES) {
    const m = path.match(re);
    if (m) { setNav(nav, false); return run(() => page(decodeURIComponent(m[1] || ""))); }
  }
  setNav("overview", true);
  return run(overview);
}

async function run(fn) {
  $("#view").innerHTML = `<p class="muted">Loading…</p>`;
  try { await fn(); } catch (err) { $("#view").innerHTML = `<div class="card warn">Could not load this page: ${esc(err.message)}</div>`; }
  document.body.dataset.ready = "1";
}

function setNav(name, showFilters) {
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("active", a.dataset.nav === name));
  $("#filters").classList.toggle("hidden", !showFilters);
}

document.addEventListener("DOMContentLoaded", async () => {
  $("#filters").addEventListener("submit", ev => { ev.preventDefault(); formToHash(); });
  $("#filters").querySelectorAll("select, input[type=checkbox]").forEach(el => el.addEventListener("change", formToHash));
  $("#reset").addEventListener("click", () => { location.hash = "#/"; });
  window.addEventListener("hashchange", route);
  const taxonomy = await api("taxonomy").catch(() => null);
  for (const [t, spec] of Object.entries(taxonomy?.types || {})) QUAD[t] = spec.quad;
  const f = await loadFacetOptions().catch(() => null);
  if (f) $("#summary").textContent = `${fmt(f.total.events)} events · ${fmt(f.total.documents)} documents · ${fmt(f.total.fatalities)} deaths (counted once per incident)`;
  updateAlertCount();
  route();
});
