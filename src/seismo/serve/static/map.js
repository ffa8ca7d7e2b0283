// Map and timeline on <canvas>: country shapes from the shipped TopoJSON (map/countries-110m.json),
// aggregated event cells from /api/events/map, incidents and mining sites as extra layers.
// Equirectangular projection with its standard parallel at the view centre: simple, and shapes
// look right at the zoom levels analysts use (a region or a country).
"use strict";

const QUAD_COLORS = { material_conflict: "#c8402f", verbal_conflict: "#e39a2d",
                      material_cooperation: "#2f8f5b", verbal_cooperation: "#3b7dc4", other: "#7a8594" };

// ---- TopoJSON -> rings of [lon, lat] (the decoder is small enough to keep here: no dependency)
function decodeTopology(topo) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = idx => {
    const out = [];
    idx.forEach(i => {
      const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      a.forEach((p, k) => { if (k > 0 || out.length === 0) out.push(p); });
    });
    return unwrap(out);
  };
  return topo.objects.countries.geometries.map(g => {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { id: g.id != null ? String(parseInt(g.id, 10)) : null, name: g.properties?.name,
             polygons: polys.map(p => p.map(ring)) };
  });
}

// Rings crossing the antimeridian are unwrapped (longitudes may exceed 180) and drawn twice.
function unwrap(ring) {
  const out = [ring[0]];
  for (let i = 1; i < ring.length; i++) {
    let lon = ring[i][0];
    const prev = out[i - 1][0];
    while (lon - prev > 180) lon -= 360;
    while (prev - lon > 180) lon += 360;
    out.push([lon, ring[i][1]]);
  }
  return out;
}

class WorldMap {
  constructor(canvas, opts = {}) {
    this.canvas = canvas; this.opts = opts;
    this.view = { lon: 20, lat: 5, span: 360 };   // centre and visible longitude span
    this.cells = []; this.incidents = []; this.sites = []; this.countryCounts = {};
    this.hover = null; this.onViewChange = opts.onViewChange || (() => {});
    this._bind();
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  static async shapes() {
    if (!WorldMap._shapes) {
      WorldMap._shapes = Promise.all([fetch("map/countries-110m.json").then(r => r.json()),
                                      fetch("map/iso-numeric.json").then(r => r.json())])
        .then(([topo, iso]) => decodeTopology(topo).map(c => ({ ...c, iso3: iso.map[c.id] || null })));
    }
    return WorldMap._shapes;
  }

  async init() { this.countries = await WorldMap.shapes(); this.draw(); return this; }

  setData({ cells, incidents, sites, countryCounts, fit }) {
    if (cells) this.cells = cells;
    if (incidents) this.incidents = incidents;
    if (sites) this.sites = sites;
    if (countryCounts) this.countryCounts = countryCounts;
    if (fit) this.fit();
    this.draw();
  }

  // Fit the view to the located points (weighted cells, incidents, sites), at least 24 degrees wide.
  fit() {
    const pts = [...this.cells, ...this.incidents, ...this.sites].filter(p => p.lat != null && p.lon != null);
    if (!pts.length) { this.view = { lon: 15, lat: 10, span: 360 }; return; }
    const lons = pts.map(p => p.lon).sort((a, b) => a - b), lats = pts.map(p => p.lat).sort((a, b) => a - b);
    // with many points, a few far outliers (a wrong geocode) should not zoom the map out to the world
    const trim = pts.length >= 50 ? 0.02 : 0;
    const q = (arr, f) => arr[Math.min(arr.length - 1, Math.floor(f * (arr.length - 1)))];
    const [w, e, s, n] = [q(lons, trim), q(lons, 1 - trim), q(lats, trim), q(lats, 1 - trim)];
    const aspect = this.height() / this.width();
    const span = Math.min(360, Math.max(24, (e - w) * 1.4, (n - s) * 1.4 / Math.max(aspect, 0.2)));
    this.view = { lon: (w + e) / 2, lat: (s + n) / 2, span };
  }

  width() { return this.canvas.clientWidth || 600; }
  height() { return this.canvas.clientHeight || 380; }

  project(lon, lat) {
    const k = this.width() / this.view.span, c = Math.cos(this.view.lat * Math.PI / 180);
    return [this.width() / 2 + (lon - this.view.lon) * k, this.height() / 2 - (lat - this.view.lat) * k / Math.max(c, 0.3)];
  }

  unproject(x, y) {
    const k = this.width() / this.view.span, c = Math.cos(this.view.lat * Math.PI / 180);
    return [this.view.lon + (x - this.width() / 2) / k, this.view.lat - (y - this.height() / 2) * Math.max(c, 0.3) / k];
  }

  draw() {
    const cv = this.canvas, dpr = window.devicePixelRatio || 1, W = this.width(), H = this.height();
    if (cv.width !== Math.round(W * dpr) || cv.height !== Math.round(H * dpr)) {
      cv.width = Math.round(W * dpr); cv.height = Math.round(H * dpr);
    }
    const ctx = cv.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#dfe8f1"; ctx.fillRect(0, 0, W, H);
    if (this.countries) this._drawCountries(ctx);
    this._drawCells(ctx); this._drawSites(ctx); this._drawIncidents(ctx);
    cv.dataset.cells = String(this.cells.length);
    cv.dataset.countries = String(this.countries ? this.countries.length : 0);
  }

  _drawCountries(ctx) {
    const max = Math.max(1, ...Object.values(this.countryCounts));
    ctx.lineWidth = 0.7; ctx.strokeStyle = "#ffffff";
    for (const c of this.countries) {
      const n = this.countryCounts[c.iso3] || 0;
      ctx.fillStyle = n ? shade(Math.log1p(n) / Math.log1p(max)) : "#f7f7f4";
      for (const shift of [0, -360]) {
        ctx.beginPath();
        for (const poly of c.polygons) for (const ring of poly) {
          ring.forEach(([lon, lat], i) => {
            const [x, y] = this.project(lon + shift, lat);
            i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
          });
          ctx.closePath();
        }
        ctx.fill("evenodd"); ctx.stroke();
      }
    }
  }

  radius(n) {
    const max = Math.max(1, ...this.cells.map(c => c.n));
    return 3 + 15 * Math.sqrt(n / max);
  }

  _drawCells(ctx) {
    for (const c of [...this.cells].sort((a, b) => b.n - a.n)) {
      const [x, y] = this.project(c.lon, c.lat), r = this.radius(c.n);
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      // country-level events (no finer place known): paler, with a dashed ring, at the country's centre
      ctx.fillStyle = hexAlpha(QUAD_COLORS[c.quad] || QUAD_COLORS.other, this.hover === c ? 0.95 : (c.imprecise ? 0.35 : 0.72));
      ctx.fill(); ctx.lineWidth = c.imprecise ? 1.5 : 1; ctx.strokeStyle = c.imprecise ? "#17202b" : "#ffffff";
      ctx.setLineDash(c.imprecise ? [3, 3] : []); ctx.stroke(); ctx.setLineDash([]);
    }
  }

  _drawIncidents(ctx) {
    ctx.lineWidth = 2; ctx.strokeStyle = "#17202b";
    for (const i of this.incidents) {
      if (i.lat == null || i.lon == null) continue;
      const [x, y] = this.project(i.lon, i.lat);
      ctx.beginPath(); ctx.arc(x, y, 5 + 2 * Math.min(6, i.n_independent_sources || 1), 0, 2 * Math.PI); ctx.stroke();
    }
  }

  _drawSites(ctx) {
    ctx.fillStyle = "#3d3320"; ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1.2;
    for (const s of this.sites) {
      const [x, y] = this.project(s.lon, s.lat);
      ctx.beginPath(); ctx.moveTo(x, y - 6); ctx.lineTo(x + 5.5, y + 4); ctx.lineTo(x - 5.5, y + 4); ctx.closePath();
      ctx.fill(); ctx.stroke();
    }
  }

  hit(x, y) {
    let best = null, bestD = Infinity;
    for (const c of this.cells) {
      const [cx, cy] = this.project(c.lon, c.lat), d = Math.hypot(cx - x, cy - y);
      if (d <= this.radius(c.n) + 2 && d < bestD) { best = { kind: "cell", item: c }; bestD = d; }
    }
    for (const i of this.incidents) {
      if (i.lat == null) continue;
      const [cx, cy] = this.project(i.lon, i.lat), d = Math.hypot(cx - x, cy - y);
      if (d <= 9 && d < bestD) { best = { kind: "incident", item: i }; bestD = d; }
    }
    for (const s of this.sites) {
      const [cx, cy] = this.project(s.lon, s.lat), d = Math.hypot(cx - x, cy - y);
      if (d <= 6 && d < bestD) { best = { kind: "site", item: s }; bestD = d; }
    }
    return best;
  }

  zoom(factor, at) {
    const [lon, lat] = at ? this.unproject(...at) : [this.view.lon, this.view.lat];
    const span = Math.min(360, Math.max(2, this.view.span * factor)), f = span / this.view.span;
    this.view = { lon: lon + (this.view.lon - lon) * f, lat: Math.max(-80, Math.min(80, lat + (this.view.lat - lat) * f)), span };
    this.draw(); this.onViewChange(this.view);
  }

  _bind() {
    const cv = this.canvas, tip = document.getElementById("tooltip");
    let drag = null;
    cv.addEventListener("mousedown", e => { drag = { x: e.offsetX, y: e.offsetY, view: { ...this.view }, moved: false }; });
    window.addEventListener("mouseup", () => { if (drag?.moved) this.onViewChange(this.view); setTimeout(() => { drag = null; }, 0); });
    cv.addEventListener("mousemove", e => {
      if (drag && (e.buttons & 1)) {
        const k = this.width() / drag.view.span, dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        this.view = { ...drag.view, lon: drag.view.lon - dx / k, lat: Math.max(-80, Math.min(80, drag.view.lat + dy / k)) };
        this.draw(); return;
      }
      const h = this.hit(e.offsetX, e.offsetY);
      this.hover = h?.kind === "cell" ? h.item : null; this.draw();
      if (!h) { tip.hidden = true; cv.style.cursor = "grab"; return; }
      cv.style.cursor = "pointer";
      tip.innerHTML = (this.opts.tooltip || defaultTooltip)(h);
      tip.style.left = (e.clientX + 14) + "px"; tip.style.top = (e.clientY + 10) + "px"; tip.hidden = false;
    });
    cv.addEventListener("mouseleave", () => { tip.hidden = true; this.hover = null; this.draw(); });
    cv.addEventListener("click", e => {
      if (drag?.moved) return;
      const h = this.hit(e.offsetX, e.offsetY);
      if (h && this.opts.onPick) this.opts.onPick(h);
    });
    cv.addEventListener("wheel", e => { e.preventDefault(); this.zoom(e.deltaY > 0 ? 1.25 : 0.8, [e.offsetX, e.offsetY]); }, { passive: false });
  }
}

function defaultTooltip(h) {
  const esc = window.esc || (s => s);
  if (h.kind === "cell") {
    const c = h.item, types = Object.entries(c.types).map(([t, n]) => `${esc(t)} ${n}`).join(", ");
    return `<b>${c.n.toLocaleString()} events</b>${c.country ? " · " + esc(c.country) : ""}` +
           (c.imprecise ? "<br><i>country-level: place imprecise, shown at the country's centre</i>" : "") +
           `<br>${types}` + (c.fatalities ? `<br>${c.fatalities.toLocaleString()} deaths (per incident)` : "");
  }
  if (h.kind === "incident") {
    const i = h.item;
    return `<b>Incident: ${esc(i.type)}</b> ${esc(i.location || "")}<br>${i.n_reports} reports, ` +
           `${i.n_independent_sources} independent sources`;
  }
  return `<b>Mine: ${esc(h.item.name)}</b><br>${esc(h.item.minerals.join(", "))}`;
}

function shade(t) {   // 0..1 -> light beige to warm sand: where events are, at a glance
  const a = [238, 233, 220], b = [214, 170, 130];
  return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(",")})`;
}

function hexAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}

// Weekly bar chart; click a bar to filter on that week.
class Timeline {
  constructor(canvas, onPick) {
    this.canvas = canvas; this.onPick = onPick; this.weeks = [];
    new ResizeObserver(() => this.draw()).observe(canvas);
    canvas.addEventListener("mousemove", e => this._hover(e));
    canvas.addEventListener("mouseleave", () => { document.getElementById("tooltip").hidden = true; });
    canvas.addEventListener("click", e => { const w = this._at(e.offsetX); if (w && this.onPick) this.onPick(w); });
  }

  set(weeks) { this.weeks = fillWeeks(weeks); this.draw(); }

  _at(x) {
    if (!this.weeks.length) return null;
    const i = Math.floor((x - 30) / ((this.canvas.clientWidth - 34) / this.weeks.length));
    return this.weeks[i] || null;
  }

  _hover(e) {
    const w = this._at(e.offsetX), tip = document.getElementById("tooltip");
    if (!w) { tip.hidden = true; return; }
    tip.innerHTML = `<b>Week of ${w.week}</b><br>${w.n.toLocaleString()} events` + (w.fatalities ? `, ${w.fatalities.toLocaleString()} deaths` : "");
    tip.style.left = (e.clientX + 12) + "px"; tip.style.top = (e.clientY + 10) + "px"; tip.hidden = false;
  }

  draw() {
    const cv = this.canvas, dpr = window.devicePixelRatio || 1, W = cv.clientWidth || 600, H = cv.clientHeight || 120;
    cv.width = Math.round(W * dpr); cv.height = Math.round(H * dpr);
    const ctx = cv.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, W, H);
    ctx.font = "11px system-ui, sans-serif"; ctx.fillStyle = "#6b7685";
    if (!this.weeks.length) { ctx.fillText("no dated events", 34, H / 2); return; }
    const max = Math.max(...this.weeks.map(w => w.n)), bw = (W - 34) / this.weeks.length, top = 8, base = H - 18;
    const maxDead = Math.max(1, ...this.weeks.map(w => w.fatalities || 0));
    ctx.fillText(max.toLocaleString(), 0, top + 8); ctx.fillText("0", 18, base);
    let lastLabel = "";
    this.weeks.forEach((w, i) => {
      const h = (base - top) * w.n / max, x = 30 + i * bw;
      ctx.fillStyle = "#8fb1d9";
      ctx.fillRect(x, base - h, Math.max(1, bw - 1), h);
      const label = this.weeks.length > 60 ? w.week.slice(0, 4) : w.week.slice(0, 7);
      if (label !== lastLabel) {
        ctx.fillStyle = "#6b7685"; ctx.fillText(label, x, H - 4); lastLabel = label;
        ctx.fillRect(x, base, 1, 3);
      }
    });
    // deaths per week as a red line on its own scale (labelled on the right)
    ctx.strokeStyle = "#c8402f"; ctx.lineWidth = 1.5; ctx.beginPath();
    this.weeks.forEach((w, i) => {
      const x = 30 + (i + 0.5) * bw, y = base - (base - top) * (w.fatalities || 0) / maxDead;
      i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.stroke();
    this.maxDead = Math.max(0, ...this.weeks.map(w => w.fatalities || 0));
    cv.dataset.weeks = String(this.weeks.length);
  }
}

// Empty weeks between the first and last one count as zero (the chart keeps real time spacing).
function fillWeeks(weeks) {
  if (weeks.length < 2) return weeks.slice();
  const byWeek = new Map(weeks.map(w => [w.week, w])), out = [];
  const day = 7 * 86400000, end = Date.parse(weeks[weeks.length - 1].week);
  let t = Date.parse(weeks[0].week);
  if ((end - t) / day > 520) return weeks.slice();   // over ten years: bars only where data is
  for (; t <= end; t += day) {
    const key = new Date(t).toISOString().slice(0, 10);
    out.push(byWeek.get(key) || { week: key, n: 0, fatalities: 0 });
  }
  return out;
}
