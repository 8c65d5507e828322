/* frontline HTML export: the player.
 *
 * Reads the JSON in <script id="frontline-data"> (title, start, days, statuses, capitals,
 * provinces, per-capital timelines of [day, status, look, event], "since" runs, events,
 * key moments, presences, looks, the base view) and the map <svg id="map"> written by the
 * generator, then makes the page work like the window: a date slider with key moments,
 * play/pause, legend counts, tooltips, the inspector, the event log, comparing two dates,
 * pan and zoom, keyboard shortcuts, the accessible table and the URL fragment (#YYYY-MM-DD).
 *
 * Scenario text only reaches the page through textContent, setAttribute and createElement;
 * only http(s) URLs become links. Nothing is fetched. A date change binary-searches each
 * capital's timeline and writes only the DOM nodes whose value changed.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  const ROWS_STEP = 200;
  // Markers and labels keep their drawn size in screen pixels also when the map is shown
  // smaller than its base view (phones): their scale is 1 / (zoom × min(1, screen scale)).
  // false: exactly 1 / zoom, so they shrink with the fitted map.
  const KEEP_SCREEN_SIZE = true;
  // Labels show from their data-zmin while the map is shown at least this fraction of its
  // base size (labels were placed for the base size); on smaller maps they need
  // proportionally more zoom (else names would pile up).
  const LABEL_FULL_SCALE = 0.8;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday"];
  const UNCERTAIN = { claimed: true, disputed: true, unconfirmed: true };

  const root = document.documentElement;
  root.classList.add("js");
  const $ = (id) => document.getElementById(id);

  const data = JSON.parse($("frontline-data").textContent);
  const statuses = data.statuses;
  const capitals = data.capitals;
  const events = data.events;
  const nCap = capitals.length;
  const lastDay = Math.max(0, data.days - 1);
  const W = data.view.width;
  const H = data.view.height;
  const startMs = parseIso(data.start);

  // ---------------------------------------------------------------- precomputed arrays

  const capIndex = new Map(capitals.map((c, i) => [c.id, i]));
  const flat = flatten(data.timeline, 4);
  const tlDay = flat.cols[0];
  const tlStatus = flat.cols[1];
  const tlLook = flat.cols[2];
  const tlEvent = flat.cols[3];
  const tlStart = flat.start;
  const sinceFlat = flatten(data.since, 2);
  const evDay = Int32Array.from(events, (e) => e.day);
  const refutedOf = capitals.map(() => []);
  (data.eventsPerCapital || []).forEach((list, c) => {
    list.forEach((e) => {
      if (events[e].report === "refuted") refutedOf[c].push(e);
    });
  });
  const presencesOf = capitals.map(() => []);
  (data.presences || []).forEach((p) => presencesOf[p.capital].push(p));
  const momentsByDay = new Map();
  (data.keyMoments || []).forEach((k) => {
    const had = momentsByDay.get(k.day);
    momentsByDay.set(k.day, had ? had + " · " + k.caption : k.caption);
  });
  const provById = new Map(data.provinces.map((p) => [p.id, p]));

  // ---------------------------------------------------------------- the map's nodes

  const svg = $("map");
  const viewport = $("viewport");
  const mapWrap = $("map-wrap");
  const markerEl = new Array(nCap).fill(null);
  const useEl = new Array(nCap).fill(null);
  const provEls = capitals.map(() => []);
  const scaled = []; // markers and labels kept at constant size: {el, x, y, zmin, cap}

  svg.querySelectorAll("#markers [data-capital]").forEach((el) => {
    const c = capIndex.get(el.getAttribute("data-capital"));
    if (c === undefined) return;
    markerEl[c] = el;
    useEl[c] = el.querySelector("use");
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    scaled.push(scaledItem(el, c));
  });
  svg.querySelectorAll("#labels [data-x], #neighbour-labels [data-x]").forEach((el) => {
    const item = scaledItem(el, -1);
    const c = capIndex.get(el.getAttribute("data-label"));
    item.always = c !== undefined && capitals[c].national === true; // always named
    scaled.push(item);
  });
  svg.querySelectorAll("#fills [data-province]").forEach((el) => {
    const p = provById.get(el.getAttribute("data-province"));
    if (p && p.capital !== null && p.capital !== undefined) {
      provEls[p.capital].push(el);
    } else {
      el.setAttribute("data-status", "");
    }
  });
  const annotationEls = Array.from(svg.querySelectorAll("#annotations [data-from]")).map((el) => ({
    el, from: +el.getAttribute("data-from"), to: +el.getAttribute("data-to"),
  }));
  const scaleBars = Array.from(svg.querySelectorAll("#scale-bars .scale-bar"));
  const scaleTexts = Array.from(svg.querySelectorAll("#scale-bars text")).map((t) => ({
    el: t, size: parseFloat(t.getAttribute("font-size")) || 12,
  }));
  const patterns = Array.from(svg.querySelectorAll("pattern")).map((el) => ({
    el, base: el.getAttribute("patternTransform") || "",
  }));

  // ---------------------------------------------------------------- state

  let day = -1;
  let theme = "light";
  let zoom = 1;
  let tx = 0;
  let ty = 0;
  let drawnZoom = -1;
  let screenScale = 1; // screen px per base-view px at zoom 1 (the svg is fitted, "meet")
  let drawnScale = -1;
  let selected = -1;
  let compareDay = null;
  let playing = false;
  let speed = 1;
  const curEntry = new Int32Array(nCap).fill(-1);
  const curStatus = new Int32Array(nCap).fill(-1);
  const curLook = new Int32Array(nCap).fill(-1);
  const compareStatus = new Int32Array(nCap);
  const ringed = new Uint8Array(nCap);
  const counts = new Int32Array(statuses.length);
  const drawnCounts = new Int32Array(statuses.length).fill(-1);
  let changedNow = []; // capitals whose entry changed in the last date change

  // ---------------------------------------------------------------- small helpers

  /** Parses "YYYY-MM-DD" to UTC milliseconds, or NaN when it is not a real date. */
  function parseIso(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return NaN;
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    const d = new Date(ms);
    if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
      return NaN;
    }
    return ms;
  }

  /** The day index of "YYYY-MM-DD", or null when invalid or out of range. */
  function dayOfIso(text) {
    const ms = parseIso(text);
    if (Number.isNaN(ms)) return null;
    const d = Math.round((ms - startMs) / DAY_MS);
    return d >= 0 && d <= lastDay ? d : null;
  }

  /** The UTC Date of a day index. */
  function dateOf(d) {
    return new Date(startMs + d * DAY_MS);
  }

  /** "2021-08-13". */
  function isoDate(d) {
    const x = dateOf(d);
    const pad = (n, w) => String(n).padStart(w, "0");
    return pad(x.getUTCFullYear(), 4) + "-" + pad(x.getUTCMonth() + 1, 2) + "-" +
      pad(x.getUTCDate(), 2);
  }

  /** "13 August 2021". */
  function shortDate(d) {
    const x = dateOf(d);
    return x.getUTCDate() + " " + MONTHS[x.getUTCMonth()] + " " + x.getUTCFullYear();
  }

  /** "Friday 13 August 2021". */
  function longDate(d) {
    return WEEKDAYS[dateOf(d).getUTCDay()] + " " + shortDate(d);
  }

  /** "08-15" when the whole range lies in one year, else "2021-08-15". */
  function monthDay(d) {
    const sameYear = dateOf(0).getUTCFullYear() === dateOf(lastDay).getUTCFullYear();
    return sameYear ? isoDate(d).slice(5) : isoDate(d);
  }

  /** Flattens per-capital lists of tuples into typed columns (null becomes -1). */
  function flatten(lists, width) {
    let total = 0;
    lists.forEach((l) => { total += l.length; });
    const cols = [];
    for (let k = 0; k < width; k++) cols.push(new Int32Array(total));
    const start = new Int32Array(lists.length + 1);
    let at = 0;
    lists.forEach((list, c) => {
      start[c] = at;
      list.forEach((row) => {
        for (let k = 0; k < width; k++) cols[k][at] = row[k] === null ? -1 : row[k];
        at++;
      });
    });
    start[lists.length] = at;
    return { cols, start };
  }

  /** Index of the last row in [lo, hi) whose day is <= d (lo when none is). */
  function lastAtOrBefore(days, lo, hi, d) {
    let a = lo;
    let b = hi - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (days[mid] <= d) a = mid; else b = mid - 1;
    }
    return a;
  }

  /** Number of sorted days <= d. */
  function countUpTo(days, d) {
    let a = 0;
    let b = days.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (days[mid] <= d) a = mid + 1; else b = mid;
    }
    return a;
  }

  /** The timeline row of capital c on day d. */
  function entryAt(c, d) {
    return lastAtOrBefore(tlDay, tlStart[c], tlStart[c + 1], d);
  }

  /** The day capital c's current status began, on day d, or -1 (held since the start). */
  function sinceAt(c, d) {
    const s = sinceFlat.start;
    if (s[c] === s[c + 1]) return -1;
    return sinceFlat.cols[1][lastAtOrBefore(sinceFlat.cols[0], s[c], s[c + 1], d)];
  }

  /** "since 15 August 2021" or "since the start". */
  function sinceText(c, d) {
    const s = sinceAt(c, d);
    return s < 0 ? "since the start" : "since " + shortDate(s);
  }

  /** A status label, or "context" for events that change nothing. */
  function statusLabel(i) {
    return i === null || i === undefined || i < 0 ? "context" : statuses[i].label;
  }

  /** The refuted claims about capital c that stand on day d (event indices). */
  function refutedStanding(c, d) {
    return refutedOf[c].filter((e) => {
      const s = events[e].stands;
      return s ? s[0] <= d && d <= s[1] : events[e].day === d;
    });
  }

  /** The presences at capital c on day d. */
  function presencesOn(c, d) {
    return presencesOf[c].filter((p) => p.from <= d && d <= p.to);
  }

  /** The report kind an event reads as on day d (a confirmed claim reads as confirmed). */
  function kindOn(e, d) {
    const ev = events[e];
    return ev.confirmedDay !== null && ev.confirmedDay !== undefined && ev.confirmedDay <= d
      ? "confirmed" : ev.report;
  }

  /** Creates an element with optional class and text. */
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** Creates an SVG element with attributes. */
  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
    return node;
  }

  /** A small square of a status colour. */
  function chip(status) {
    const node = el("span", "chip");
    if (status !== null && status >= 0) {
      node.style.background = "var(--st-" + statuses[status].id + ")";
    }
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  /** A source: a link for http(s) URLs, plain text otherwise. */
  function sourceNode(src) {
    const url = typeof src.url === "string" ? src.url.trim() : "";
    const text = src.text || url;
    if (/^https?:\/\//i.test(url)) {
      const a = el("a", null, text);
      a.setAttribute("href", url);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      return a;
    }
    return el("span", null, url && url !== text ? text + " (" + url + ")" : text);
  }

  /** Rounds for SVG attributes. */
  function fmt(v) {
    return String(Math.round(v * 100000) / 100000);
  }

  /** A map item (marker or label) that keeps its size: its anchor and thinning level. */
  function scaledItem(node, cap) {
    return {
      el: node,
      cap,
      x: node.getAttribute("data-x"),
      y: node.getAttribute("data-y"),
      zmin: parseFloat(node.getAttribute("data-zmin")) || 1,
      always: false,
      shown: null,
    };
  }

  // ---------------------------------------------------------------- date changes

  /** Moves to day d (clamped): updates the map, texts and panels. */
  function setDay(d, force) {
    d = Math.max(0, Math.min(lastDay, Math.round(Number(d)) || 0));
    if (d === day && !force) return;
    day = d;
    applyMap();
    for (const a of annotationEls) {
      const show = a.from <= day && day <= a.to;
      if (a.el.hasAttribute("display") === show) {
        if (show) a.el.removeAttribute("display");
        else a.el.setAttribute("display", "none");
      }
    }
    updateTexts();
    updateRings();
    if (selected >= 0) renderInspector();
    updateLog(false);
    updateTable(false);
    refreshTooltip();
    scheduleHash();
  }

  /** Applies the statuses and looks of day `day` to the markers and provinces. */
  function applyMap() {
    const changed = [];
    for (let c = 0; c < nCap; c++) {
      const e = entryAt(c, day);
      if (e !== curEntry[c]) {
        curEntry[c] = e;
        changed.push(c);
      }
    }
    for (let i = 0; i < changed.length; i++) {
      const c = changed[i];
      const e = curEntry[c];
      const s = tlStatus[e];
      const m = markerEl[c];
      if (s !== curStatus[c]) {
        if (curStatus[c] >= 0) counts[curStatus[c]]--;
        counts[s]++;
        curStatus[c] = s;
        const id = statuses[s].id;
        if (m) m.setAttribute("data-status", id);
        const ps = provEls[c];
        for (let k = 0; k < ps.length; k++) ps[k].setAttribute("data-status", id);
      }
      if (tlLook[e] !== curLook[c]) {
        curLook[c] = tlLook[e];
        if (useEl[c]) useEl[c].setAttribute("href", "#look-" + theme + "-" + curLook[c]);
      }
      if (m) m.setAttribute("aria-label", markerLabel(c));
    }
    changedNow = changed;
  }

  /** "Kabul: Taliban since 15 August 2021" (plus the report kind when uncertain). */
  function markerLabel(c) {
    const e = tlEvent[curEntry[c]];
    let text = capitals[c].name + ": " + statuses[curStatus[c]].label + " " + sinceText(c, day);
    if (e >= 0 && UNCERTAIN[kindOn(e, day)]) text += ", " + kindOn(e, day);
    return text;
  }

  /** The big date, caption, slider, date field, legend counts and the alt-text summary. */
  function updateTexts() {
    $("big-date").textContent = longDate(day);
    $("caption").textContent = momentsByDay.get(day) || "";
    slider.value = String(day);
    slider.setAttribute("aria-valuetext", longDate(day));
    if (document.activeElement !== dateField) dateField.value = isoDate(day);
    $("date-error").textContent = "";
    tickEls.forEach((t) => t.el.classList.toggle("current", t.day === day));
    for (let s = 0; s < statuses.length; s++) {
      if (counts[s] !== drawnCounts[s]) {
        drawnCounts[s] = counts[s];
        legendCounts[s].textContent = counts[s] + " / " + nCap;
      }
    }
    const summary = summaryText();
    const title = $("map-alt");
    if (title) title.textContent = summary;
    if (!playing) $("live").textContent = summary;
  }

  /** "On 13 August 2021: Taliban 18, Government 14, Contested 2" (most held first). */
  function summaryText() {
    const order = statuses.map((s, i) => i).filter((i) => counts[i] > 0);
    order.sort((a, b) => counts[b] - counts[a] || a - b);
    return "On " + shortDate(day) + ": " +
      order.map((i) => statuses[i].label + " " + counts[i]).join(", ");
  }

  // ---------------------------------------------------------------- URL fragment

  let hashTimer = 0;
  let hashAt = 0;

  /** Keeps #YYYY-MM-DD current, at most every 350 ms (browsers limit replaceState). */
  function scheduleHash() {
    if (hashTimer) return;
    const wait = Math.max(0, hashAt + 350 - Date.now());
    if (wait === 0) {
      writeHash();
    } else {
      hashTimer = setTimeout(() => { hashTimer = 0; writeHash(); }, wait);
    }
  }

  /** Writes the fragment of the current date. */
  function writeHash() {
    hashAt = Date.now();
    const want = "#" + isoDate(day);
    if (location.hash === want) return;
    try {
      history.replaceState(history.state, "", want);
    } catch (err) {
      // Some browsers refuse replaceState on file: pages; the date still works.
    }
  }

  /** The day named by the fragment, or null. */
  function hashDay() {
    return dayOfIso(decodeURIComponent(location.hash.replace(/^#/, "")));
  }

  // ---------------------------------------------------------------- themes

  const darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const printQuery = window.matchMedia ? window.matchMedia("print") : null;
  let printing = false;

  /** Sets data-theme from data-theme-choice (auto follows the system; print is light). */
  function applyTheme() {
    const choice = root.getAttribute("data-theme-choice");
    let next = choice === "dark" || choice === "light" ? choice
      : darkQuery && darkQuery.matches ? "dark" : "light";
    if (printing) next = "light";
    if (next === theme && root.getAttribute("data-theme") === next) return;
    theme = next;
    root.setAttribute("data-theme", theme);
    for (let c = 0; c < nCap; c++) {
      if (useEl[c] && curLook[c] >= 0) {
        useEl[c].setAttribute("href", "#look-" + theme + "-" + curLook[c]);
      }
      if (ringed[c]) markerEl[c].firstChild.setAttribute("href", "#ring-" + theme);
    }
  }

  /** Listens to a media query in old and new browsers. */
  function onMedia(query, fn) {
    if (!query) return;
    if (query.addEventListener) query.addEventListener("change", fn);
    else if (query.addListener) query.addListener(fn);
  }

  onMedia(darkQuery, applyTheme);
  onMedia(printQuery, (e) => { printing = e.matches; applyTheme(); });
  window.addEventListener("beforeprint", () => { printing = true; applyTheme(); });
  window.addEventListener("afterprint", () => { printing = false; applyTheme(); });

  // ---------------------------------------------------------------- pan and zoom

  let viewFrame = 0;
  const fineTemplate = $("fine");
  let fineShown = false;
  let fineData = null;

  /** Keeps the map covering the view (no panning past its edges). */
  function clampPan() {
    zoom = Math.max(1, Math.min(16, zoom));
    tx = Math.min(0, Math.max(W * (1 - zoom), tx));
    ty = Math.min(0, Math.max(H * (1 - zoom), ty));
  }

  /** Zooms to z keeping the base-view point (px, py) under the same spot. */
  function zoomAt(px, py, z) {
    z = Math.max(1, Math.min(16, z));
    tx = px - (px - tx) * z / zoom;
    ty = py - (py - ty) * z / zoom;
    zoom = z;
    clampPan();
  }

  /** Draws the view on the next frame (for pointer and wheel streams). */
  function scheduleView() {
    if (!viewFrame) viewFrame = requestAnimationFrame(applyView);
  }

  /** Sets the viewport transform and, when the zoom changed, everything that depends on it. */
  function applyView() {
    if (viewFrame) cancelAnimationFrame(viewFrame);
    viewFrame = 0;
    viewport.setAttribute("transform",
      "translate(" + fmt(tx) + " " + fmt(ty) + ") scale(" + fmt(zoom) + ")");
    if (zoom === drawnZoom && screenScale === drawnScale) return;
    drawnZoom = zoom;
    drawnScale = screenScale;
    // Labels also thin out on maps shown smaller than their base size (phones, narrow windows).
    const labelZoom = zoom * (KEEP_SCREEN_SIZE ? Math.min(1, screenScale / LABEL_FULL_SCALE) : 1);
    for (let i = 0; i < scaled.length; i++) {
      const item = scaled[i];
      const show = item.always || (item.cap >= 0 ? zoom : labelZoom) >= item.zmin;
      if (show !== item.shown) {
        item.shown = show;
        if (show) item.el.removeAttribute("display"); else item.el.setAttribute("display", "none");
      }
      if (show) item.el.setAttribute("transform", itemTransform(item));
    }
    const textScale = KEEP_SCREEN_SIZE ? Math.min(1, screenScale) : 1;
    scaleTexts.forEach((t) => { t.el.style.fontSize = fmt(t.size / textScale) + "px"; });
    let bar = null;
    scaleBars.forEach((b) => {
      const z = parseFloat(b.getAttribute("data-zoom"));
      if (z <= zoom + 1e-9 && (!bar || z > parseFloat(bar.getAttribute("data-zoom")))) bar = b;
    });
    scaleBars.forEach((b) => {
      if (b === bar) b.removeAttribute("display"); else b.setAttribute("display", "none");
    });
    patterns.forEach((p) => {
      p.el.setAttribute("patternTransform", ("scale(" + fmt(1 / zoom) + ") " + p.base).trim());
    });
    setFine(zoom >= 3);
    $("zoom-in").disabled = zoom >= 16;
    $("zoom-out").disabled = zoom <= 1;
  }

  /** translate(x y) scale(1/zoom), 1.5× for the selected capital's marker. */
  function itemTransform(item) {
    const fitted = KEEP_SCREEN_SIZE ? Math.min(1, screenScale) : 1;
    const k = (item.cap >= 0 && item.cap === selected ? 1.5 : 1) / (zoom * fitted);
    return "translate(" + item.x + " " + item.y + ") scale(" + fmt(k) + ")";
  }

  /** Swaps in the finer outlines from <template id="fine"> at zoom >= 3, and back. */
  function setFine(on) {
    if (!fineTemplate || on === fineShown) return;
    fineShown = on;
    if (!fineData) {
      fineData = { fills: [], groups: {} };
      const byId = new Map();
      fineTemplate.content.querySelectorAll("[data-province]").forEach((n) => {
        byId.set(n.getAttribute("data-province"), n.getAttribute("d"));
      });
      svg.querySelectorAll("#fills [data-province]").forEach((n) => {
        const d = byId.get(n.getAttribute("data-province"));
        if (d) fineData.fills.push({ el: n, coarse: n.getAttribute("d"), fine: d });
      });
      ["borders", "outline"].forEach((name) => {
        const group = $(name);
        const fine = Array.from(fineTemplate.content.querySelectorAll("[data-fine-of=\"" + name + "\"]"));
        if (!group || !fine.length) return;
        fineData.groups[name] = {
          group,
          coarse: Array.from(group.childNodes),
          fine: fine.map((n) => svgEl("path", { d: n.getAttribute("d") })),
        };
      });
    }
    fineData.fills.forEach((f) => f.el.setAttribute("d", on ? f.fine : f.coarse));
    Object.keys(fineData.groups).forEach((name) => {
      const g = fineData.groups[name];
      g.group.replaceChildren.apply(g.group, on ? g.fine : g.coarse);
    });
  }

  /** Client pixel coordinates to base-view coordinates of the svg. */
  function clientToView(cx, cy) {
    const r = svg.getBoundingClientRect();
    const s = Math.min(r.width / W, r.height / H) || 1;
    return {
      x: (cx - r.left - (r.width - W * s) / 2) / s,
      y: (cy - r.top - (r.height - H * s) / 2) / s,
    };
  }

  /** Gives the svg the map area's size in pixels (a percentage size would make the browser
   *  lay out every map node again whenever anything else on the page changes) and notes how
   *  large the fitted map is on screen, redrawing markers when that changed. */
  function measure() {
    const r = mapWrap.getBoundingClientRect();
    if (!r.width || !r.height) return;
    svg.style.width = r.width + "px";
    svg.style.height = r.height + "px";
    const s = Math.min(r.width / W, r.height / H);
    if (Math.abs(s - screenScale) > 0.005) {
      screenScale = s;
      scheduleView();
    }
  }

  if (window.ResizeObserver) new ResizeObserver(measure).observe(mapWrap);
  else window.addEventListener("resize", measure);

  /** Zoom by a factor around the centre of the view (buttons and keys). */
  function zoomBy(factor) {
    zoomAt(W / 2, H / 2, zoom * factor);
    applyView();
  }

  /** Fits the whole map. */
  function fit() {
    zoom = 1;
    tx = 0;
    ty = 0;
    applyView();
  }

  /** Pans so capital c is in view, if it is not. */
  function ensureVisible(c) {
    const m = markerEl[c];
    if (!m) return;
    const x = parseFloat(m.getAttribute("data-x"));
    const y = parseFloat(m.getAttribute("data-y"));
    const sx = x * zoom + tx;
    const sy = y * zoom + ty;
    if (sx < 20 || sy < 20 || sx > W - 20 || sy > H - 20) {
      tx = W / 2 - x * zoom;
      ty = H / 2 - y * zoom;
      clampPan();
      applyView();
    }
  }

  // Pointer gestures: one pointer drags, two pinch; a press without movement is a click.
  const pointers = new Map();
  let gesture = null;
  let suppressClick = false;
  let lastProvince = null; // the province without a capital last pointed at

  /** Starts a drag or pinch from the pointers down now. */
  function startGesture(moved) {
    const list = Array.from(pointers.values());
    if (list.length === 1) {
      const p = clientToView(list[0].x, list[0].y);
      gesture = { pinch: false, x0: list[0].x, y0: list[0].y, moved,
        ax: (p.x - tx) / zoom, ay: (p.y - ty) / zoom };
    } else if (list.length >= 2) {
      const a = list[0];
      const b = list[1];
      const p = clientToView((a.x + b.x) / 2, (a.y + b.y) / 2);
      gesture = { pinch: true, d0: Math.hypot(a.x - b.x, a.y - b.y) || 1, z0: zoom, moved: true,
        ax: (p.x - tx) / zoom, ay: (p.y - ty) / zoom };
    } else {
      gesture = null;
    }
  }

  svg.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" && e.button !== 0) return;
    suppressClick = false;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    startGesture(pointers.size > 1);
  });

  svg.addEventListener("pointermove", (e) => {
    if (!pointers.has(e.pointerId)) {
      if (e.pointerType === "mouse") hoverAt(e.target, e.clientX, e.clientY);
      return;
    }
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (!gesture) return;
    if (gesture.pinch) {
      const list = Array.from(pointers.values());
      const a = list[0];
      const b = list[1];
      zoom = Math.max(1, Math.min(16, gesture.z0 * Math.hypot(a.x - b.x, a.y - b.y) / gesture.d0));
    } else if (!gesture.moved) {
      if (Math.hypot(e.clientX - gesture.x0, e.clientY - gesture.y0) < 5) return;
      gesture.moved = true;
      svg.setPointerCapture(e.pointerId);
      root.classList.add("dragging");
      hideTooltip();
    }
    const list = Array.from(pointers.values());
    const cx = gesture.pinch ? (list[0].x + list[1].x) / 2 : e.clientX;
    const cy = gesture.pinch ? (list[0].y + list[1].y) / 2 : e.clientY;
    const p = clientToView(cx, cy);
    tx = p.x - gesture.ax * zoom;
    ty = p.y - gesture.ay * zoom;
    clampPan();
    scheduleView();
  });

  /** Ends a pointer: a drag or pinch swallows the click that follows. */
  function pointerEnd(e) {
    if (!pointers.has(e.pointerId)) return;
    pointers.delete(e.pointerId);
    if (gesture && gesture.moved) suppressClick = true;
    root.classList.remove("dragging");
    startGesture(true);
  }

  // On the window: a button released outside the map also ends the gesture.
  window.addEventListener("pointerup", pointerEnd);
  window.addEventListener("pointercancel", pointerEnd);
  svg.addEventListener("pointerleave", (e) => {
    if (e.pointerType === "mouse" && !pointers.size) hideTooltip();
  });

  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const p = clientToView(e.clientX, e.clientY);
    zoomAt(p.x, p.y, zoom * Math.exp(-e.deltaY * unit * 0.002));
    scheduleView();
  }, { passive: false });

  svg.addEventListener("click", (e) => {
    if (suppressClick) {
      suppressClick = false;
      return;
    }
    const c = capitalOfTarget(e.target);
    if (c === null) {
      select(-1);
      hideTooltip();
      return;
    }
    select(c);
    if (e.pointerType && e.pointerType !== "mouse") hoverAt(e.target, e.clientX, e.clientY);
  });

  svg.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const c = capitalOfTarget(e.target);
    if (c !== null && c >= 0) {
      e.preventDefault();
      select(c);
    }
  });

  svg.addEventListener("focusin", (e) => {
    const c = capitalOfTarget(e.target);
    if (c === null || c < 0) return;
    const r = markerEl[c].getBoundingClientRect();
    showTooltip({ cap: c }, r.right, r.bottom);
  });
  svg.addEventListener("focusout", hideTooltip);

  /** The capital a map node stands for: an index, -1 for a province without a capital
   *  (its id is kept in lastProvince), or null for anything else. */
  function capitalOfTarget(node) {
    const m = node.closest && node.closest("[data-capital]");
    if (m) {
      const c = capIndex.get(m.getAttribute("data-capital"));
      return c === undefined ? null : c;
    }
    const p = node.closest && node.closest("#fills [data-province]");
    if (p) {
      const info = provById.get(p.getAttribute("data-province"));
      if (info && info.capital !== null && info.capital !== undefined) return info.capital;
      lastProvince = info || { name: p.getAttribute("data-province") };
      return -1;
    }
    return null;
  }

  $("zoom-in").addEventListener("click", () => zoomBy(2));
  $("zoom-out").addEventListener("click", () => zoomBy(0.5));
  $("zoom-fit").addEventListener("click", fit);

  // ---------------------------------------------------------------- tooltip

  const tooltip = $("tooltip");
  let tipTarget = null; // {cap} or {province}
  let tipAt = null;

  /** Shows the tooltip for what is under the pointer (or hides it). */
  function hoverAt(node, cx, cy) {
    const c = capitalOfTarget(node);
    if (c === null) {
      hideTooltip();
      return;
    }
    showTooltip(c >= 0 ? { cap: c } : { province: lastProvince }, cx, cy);
  }

  /** Fills and places the tooltip near client point (cx, cy). */
  function showTooltip(target, cx, cy) {
    const same = tipTarget && target.cap === tipTarget.cap && target.province === tipTarget.province;
    tipTarget = target;
    tipAt = { x: cx, y: cy };
    if (!same || tooltip.hidden) fillTooltip();
    tooltip.hidden = false;
    const r = mapWrap.getBoundingClientRect();
    const w = tooltip.offsetWidth;
    const h = tooltip.offsetHeight;
    let x = cx - r.left + 14;
    let y = cy - r.top + 14;
    if (x + w > r.width - 4) x = Math.max(4, cx - r.left - 14 - w);
    if (y + h > r.height - 4) y = Math.max(4, cy - r.top - 14 - h);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  /** Rebuilds the tooltip's text for tipTarget on the current day. */
  function fillTooltip() {
    tooltip.replaceChildren();
    if (tipTarget.cap === undefined) {
      tooltip.append(el("div", "name", tipTarget.province.name), el("div", null, "No capital"));
      return;
    }
    const c = tipTarget.cap;
    const cap = capitals[c];
    tooltip.append(
      el("div", "name", cap.name),
      el("div", null, cap.provinceName + " province"),
      el("div", null, statuses[curStatus[c]].label + " " + sinceText(c, day)));
    const e = tlEvent[curEntry[c]];
    if (e >= 0) {
      const kind = kindOn(e, day);
      tooltip.append(el("div", "note", isoDate(events[e].day) +
        (UNCERTAIN[kind] ? " [" + kind + "]" : "") + ": " + events[e].note));
    }
    refutedStanding(c, day).forEach((r) => {
      tooltip.append(el("div", "note", isoDate(events[r].day) + " [refuted claim: " +
        statusLabel(events[r].status) + "]: " + events[r].note));
    });
    presencesOn(c, day).forEach((p) => {
      tooltip.append(el("div", "note", presenceText(p)));
    });
  }

  /** "Enclave held by Government: airport (2021-08-08 to 2021-08-11)". */
  function presenceText(p) {
    const what = p.kind === "enclave"
      ? "Enclave held by " + statusLabel(p.holder) : "Foreign forces";
    return what + ": " + p.label + " (" + isoDate(p.from) + " to " + isoDate(p.to) + ")";
  }

  /** Hides the tooltip. */
  function hideTooltip() {
    tooltip.hidden = true;
    tipTarget = null;
  }

  /** Refreshes a visible tooltip after a date change. */
  function refreshTooltip() {
    if (tipTarget && !tooltip.hidden) {
      const t = tipTarget;
      tipTarget = null;
      showTooltip(t, tipAt.x, tipAt.y);
    }
  }

  // ---------------------------------------------------------------- selection and inspector

  const inspector = $("inspector");

  /** Selects capital c (index; -1 clears): marker 1.5×, aria-selected, the inspector. */
  function select(c) {
    if (c === selected) {
      if (c >= 0) renderInspector();
      return;
    }
    const old = selected;
    selected = c;
    [old, c].forEach((k) => {
      if (k < 0 || !markerEl[k]) return;
      const item = scaled.find((s) => s.cap === k);
      if (item && item.shown) item.el.setAttribute("transform", itemTransform(item));
      if (k === c) markerEl[k].setAttribute("aria-selected", "true");
      else markerEl[k].removeAttribute("aria-selected");
    });
    if (c < 0) {
      const wasInside = inspector.contains(document.activeElement);
      inspector.hidden = true;
      if (wasInside && old >= 0 && markerEl[old]) markerEl[old].focus();
      return;
    }
    renderInspector();
    inspector.hidden = false;
  }

  /** Builds the inspector: names, province, status now, presences, the whole history. */
  function renderInspector() {
    const c = selected;
    const cap = capitals[c];
    $("inspector-name").textContent = cap.name;
    const body = $("inspector-body");
    body.replaceChildren();
    if (cap.alt && cap.alt.length) body.append(el("p", "meta", "also " + cap.alt.join(", ")));
    body.append(el("p", "meta", "Province: " + cap.provinceName + " (" + cap.province + ")"));
    body.append(el("p", "now", statuses[curStatus[c]].label + " " + sinceText(c, day)));
    if (presencesOf[c].length) {
      body.append(el("h3", null, "Presences"));
      const ul = el("ul", "presences");
      presencesOf[c].forEach((p) => {
        const li = el("li", p.from > day ? "future" : null, presenceText(p));
        if (p.note) li.append(el("p", "note", p.note));
        li.append(sourceList(p.sources));
        ul.append(li);
      });
      body.append(ul);
    }
    body.append(el("h3", null, "History"));
    const list = (data.eventsPerCapital && data.eventsPerCapital[c]) || [];
    if (!list.length) {
      body.append(el("p", "meta", "No events: it kept its initial status."));
      return;
    }
    const ol = el("ol");
    list.forEach((e) => ol.append(historyRow(e)));
    body.append(ol);
  }

  /** One entry of the inspector's history. */
  function historyRow(e) {
    const ev = events[e];
    const li = el("li", ev.day > day ? "future" : null);
    const head = el("div", "head");
    const go = el("button", "date", isoDate(ev.day));
    go.type = "button";
    go.title = "Go to " + longDate(ev.day);
    go.addEventListener("click", () => setDay(ev.day));
    head.append(go, chip(ev.status));
    if (ev.report === "refuted") {
      head.append(el("s", "refuted-claim", "claimed " + statusLabel(ev.status)));
      head.append(el("span", "refuted-on", ev.refutedDay !== null && ev.refutedDay !== undefined
        ? "refuted on " + isoDate(ev.refutedDay) : "refuted"));
    } else {
      head.append(el("span", null, statusLabel(ev.status)));
      if (ev.confirmedDay !== null && ev.confirmedDay !== undefined) {
        head.append(el("span", "kind", ev.report + " " + monthDay(ev.day) + ", confirmed " +
          monthDay(ev.confirmedDay)));
      } else if (ev.report !== "confirmed") {
        head.append(el("span", "kind", ev.report));
      }
      if (ev.openAtEnd) head.append(el("span", "kind", "still open on " + isoDate(lastDay)));
    }
    li.append(head);
    if (ev.note) li.append(el("p", "note", ev.note));
    li.append(sourceList(ev.sources));
    return li;
  }

  /** A list of sources (links only for http(s)). */
  function sourceList(sources) {
    const ul = el("ul", "sources");
    (sources || []).forEach((s) => {
      const li = el("li");
      li.append(sourceNode(s));
      ul.append(li);
    });
    return ul;
  }

  $("inspector-close").addEventListener("click", () => select(-1));

  // ---------------------------------------------------------------- event log

  const logPanel = $("log-panel");
  const logList = $("log");
  let logLimit = ROWS_STEP;
  let logDrawn = "";

  /** Rebuilds the newest rows of the log (at most logLimit) when open and changed. */
  function updateLog(force) {
    const count = countUpTo(evDay, day);
    $("log-heading").textContent = "Events so far (" + count + ")";
    if (!logPanel.open) return;
    const key = count + "/" + logLimit;
    if (key === logDrawn && !force) return;
    logDrawn = key;
    const frag = document.createDocumentFragment();
    const stop = Math.max(0, count - logLimit);
    for (let i = count - 1; i >= stop; i--) frag.append(logRow(i));
    logList.replaceChildren(frag);
    $("log-more").hidden = stop === 0;
  }

  /** One row of the log: date, colour, "Lashkar Gah: claimed Taliban" struck if refuted. */
  function logRow(e) {
    const ev = events[e];
    const li = el("li");
    const b = el("button", "row");
    b.type = "button";
    b.setAttribute("data-event", String(e));
    const name = capitals[ev.capital] ? capitals[ev.capital].name : "";
    const text = el("span");
    if (ev.report === "refuted") {
      text.append(el("s", null, name + ": claimed " + statusLabel(ev.status)),
        " ", el("span", "refuted-on", ev.refutedDay !== null && ev.refutedDay !== undefined
          ? "(refuted on " + isoDate(ev.refutedDay) + ")" : "(refuted)"));
    } else {
      text.append(name + ": " + statusLabel(ev.status));
      if (ev.confirmedDay !== null && ev.confirmedDay !== undefined) {
        text.append(" ", el("em", "kind", ev.report + " " + monthDay(ev.day) + ", confirmed " +
          monthDay(ev.confirmedDay)));
      } else if (ev.report !== "confirmed" && ev.report !== "context") {
        text.append(" ", el("em", "kind", ev.report));
      }
    }
    b.append(el("span", "date", isoDate(ev.day)), chip(ev.status), text);
    if (ev.note) b.title = ev.note;
    li.append(b);
    return li;
  }

  logList.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-event]");
    if (!b) return;
    const ev = events[+b.getAttribute("data-event")];
    setDay(ev.day);
    select(ev.capital);
    ensureVisible(ev.capital);
  });
  $("log-more").addEventListener("click", () => { logLimit += ROWS_STEP; updateLog(true); });
  logPanel.addEventListener("toggle", () => updateLog(true));

  // ---------------------------------------------------------------- compare two dates

  const compareButton = $("compare-button");
  const comparePanel = $("compare-panel");
  let compareLimit = ROWS_STEP;

  /** Starts comparing with day a (null stops). */
  function compare(a) {
    if (typeof a === "string") a = dayOfIso(a);
    if (a === null || a === undefined || Number.isNaN(Number(a))) {
      compareDay = null;
    } else {
      compareDay = Math.max(0, Math.min(lastDay, Math.round(Number(a))));
      for (let c = 0; c < nCap; c++) compareStatus[c] = tlStatus[entryAt(c, compareDay)];
    }
    compareLimit = ROWS_STEP;
    compareButton.setAttribute("aria-pressed", compareDay === null ? "false" : "true");
    compareButton.textContent = compareDay === null ? "Compare with this date"
      : "Stop comparing with " + shortDate(compareDay);
    comparePanel.hidden = compareDay === null;
    keyRing.hidden = compareDay === null;
    updateRings();
  }

  /** Rings the capitals whose status differs from the compared date, and lists them. */
  function updateRings() {
    const changed = [];
    for (let c = 0; c < nCap; c++) {
      const want = compareDay !== null && curStatus[c] !== compareStatus[c] ? 1 : 0;
      if (want) changed.push(c);
      if (want === ringed[c] || !markerEl[c]) continue;
      ringed[c] = want;
      if (want) {
        markerEl[c].insertBefore(svgEl("use", { href: "#ring-" + theme, class: "ring" }),
          markerEl[c].firstChild);
      } else if (markerEl[c].firstChild !== useEl[c]) {
        markerEl[c].removeChild(markerEl[c].firstChild);
      }
    }
    if (compareDay === null) return;
    const n = changed.length;
    const what = n === 1 ? "1 capital changed hands" : n + " capitals changed hands";
    $("compare-heading").textContent = day >= compareDay
      ? "Since " + shortDate(compareDay) + ": " + what
      : "Between " + shortDate(day) + " and " + shortDate(compareDay) + ": " + what;
    const frag = document.createDocumentFragment();
    changed.slice(0, compareLimit).forEach((c) => {
      const li = el("li");
      const b = el("button", "row");
      b.type = "button";
      b.setAttribute("data-cap", String(c));
      const from = day >= compareDay ? compareStatus[c] : curStatus[c];
      const to = day >= compareDay ? curStatus[c] : compareStatus[c];
      b.append(chip(to), el("span", null, capitals[c].name + ": " + statuses[from].label +
        " \u2192 " + statuses[to].label));
      li.append(b);
      frag.append(li);
    });
    $("compare-list").replaceChildren(frag);
    $("compare-more").hidden = n <= compareLimit;
  }

  compareButton.addEventListener("click", toggleCompare);
  $("compare-list").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-cap]");
    if (!b) return;
    const c = +b.getAttribute("data-cap");
    select(c);
    ensureVisible(c);
  });
  $("compare-more").addEventListener("click", () => { compareLimit += ROWS_STEP; updateRings(); });

  /** Compare with the current date, or stop comparing. */
  function toggleCompare() {
    compare(compareDay === null ? day : null);
  }

  // ---------------------------------------------------------------- accessible table

  const tablePanel = $("table-panel");
  const tableWrap = $("table-wrap");
  let table = null; // {caption, body, cells: per built row [holder, since, report]}
  let tableLimit = ROWS_STEP;
  let tableDay = -1;

  /** Updates the table of capitals while it is open: built on first open, then only the
   *  rows whose capital changed; rows come ROWS_STEP at a time ("Show more"). */
  function updateTable(force) {
    if (!tablePanel.open) {
      tableDay = -1;
      return;
    }
    if (!table) buildTable();
    while (table.cells.length < Math.min(nCap, tableLimit)) addTableRow(table.cells.length);
    const built = table.cells.length;
    table.caption.textContent = summaryText() +
      (built < nCap ? " (the first " + built + " of " + nCap + " capitals)" : "");
    if (force || tableDay < 0) {
      for (let c = 0; c < built; c++) fillTableRow(c);
    } else {
      changedNow.forEach((c) => { if (c < built) fillTableRow(c); });
    }
    $("table-more").hidden = built >= nCap;
    tableDay = day;
  }

  /** Creates the table: caption, header and an empty body, plus its "Show more" button. */
  function buildTable() {
    const node = el("table");
    const caption = el("caption");
    const thead = el("thead");
    const tr = el("tr");
    ["Capital", "Province", "Holder", "Since", "Report"].forEach((h) => {
      const th = el("th", null, h);
      th.setAttribute("scope", "col");
      tr.append(th);
    });
    thead.append(tr);
    const body = el("tbody");
    node.append(caption, thead, body);
    const more = el("button", "more", "Show more");
    more.type = "button";
    more.id = "table-more";
    more.addEventListener("click", () => {
      tableLimit += ROWS_STEP;
      updateTable(true);
    });
    tableWrap.replaceChildren(node, more);
    table = { caption, body, cells: [] };
  }

  /** Appends capital c's row. */
  function addTableRow(c) {
    const cap = capitals[c];
    const row = el("tr");
    const th = el("th", null, cap.name);
    th.setAttribute("scope", "row");
    const cells = [el("td"), el("td"), el("td")];
    row.append(th, el("td", null, cap.provinceName), cells[0], cells[1], cells[2]);
    table.body.append(row);
    table.cells.push(cells);
  }

  /** Writes capital c's holder, since and report kind into its row (when they differ). */
  function fillTableRow(c) {
    const cells = table.cells[c];
    const s = sinceAt(c, day);
    const e = tlEvent[curEntry[c]];
    let report = e >= 0 ? kindOn(e, day) : "initial";
    refutedStanding(c, day).forEach((r) => {
      report += "; refuted claim standing: " + statusLabel(events[r].status);
    });
    const texts = [statuses[curStatus[c]].label, s < 0 ? "the start" : shortDate(s), report];
    for (let k = 0; k < 3; k++) {
      if (cells[k].textContent !== texts[k]) cells[k].textContent = texts[k];
    }
  }

  tablePanel.addEventListener("toggle", () => updateTable(true));

  // ---------------------------------------------------------------- legend

  const legendCounts = [];
  const keyRing = el("li");

  /** Builds the status rows and the marker-shape key (only the badges this map uses). */
  function buildLegend() {
    const legend = $("legend");
    statuses.forEach((s, i) => {
      const li = el("li");
      li.setAttribute("data-status", s.id);
      const sw = svgEl("svg", { class: "swatch", viewBox: "0 0 18 18", "aria-hidden": "true" });
      const rect = svgEl("rect", { x: "1", y: "1", width: "16", height: "16", rx: "2" });
      rect.style.fill = "var(--st-" + s.id + ")";
      rect.style.stroke = "var(--rule)";
      sw.append(rect);
      if (s.pattern) {
        const hatch = svgEl("path", { d: "M1 7L7 1M1 13L13 1M1 19L19 1M7 19L19 7M13 19L19 13" });
        hatch.style.stroke = "var(--text)";
        hatch.style.strokeWidth = "1.6";
        hatch.style.opacity = "0.45";
        sw.append(hatch);
      }
      const count = el("span", "count");
      legendCounts.push(count);
      li.append(sw, el("span", "label", s.label), " ", count);
      legend.append(li);
    });
    const looks = data.looks || [];
    const rows = [
      ["circle", "confirmed"],
      ["diamond", "claimed, disputed or unconfirmed"],
      ["hollow", "hollow: contested"],
    ];
    if (looks.some((l) => l.refuted) || events.some((e) => e.report === "refuted")) {
      rows.push(["cross", "cross: a refuted claim stands"]);
    }
    if (looks.some((l) => l.enclave !== null && l.enclave !== undefined)) {
      rows.push(["dot", "dot: enclave held by another side"]);
    }
    if (looks.some((l) => l.foreign)) rows.push(["square", "square: foreign forces present"]);
    const key = $("marker-key");
    rows.forEach((r) => {
      const li = el("li");
      li.append(keySymbol(r[0]), el("span", null, r[1]));
      key.append(li);
    });
    keyRing.append(keySymbol("ring"), el("span", null, "ringed: changed hands"));
    keyRing.hidden = true;
    key.append(keyRing);
  }

  /** A marker-key symbol drawn with plain shapes in neutral colours. */
  function keySymbol(kind) {
    const sw = svgEl("svg", { class: "swatch", viewBox: "-9 -9 18 18", "aria-hidden": "true" });
    const paint = (node, fill, stroke) => {
      node.style.fill = fill;
      if (stroke) {
        node.style.stroke = stroke;
        node.style.strokeWidth = "1.5";
      }
      sw.append(node);
      return node;
    };
    if (kind === "circle" || kind === "hollow") {
      paint(svgEl("circle", { r: "6" }), "var(--neutral)", "var(--text)");
      if (kind === "hollow") paint(svgEl("circle", { r: "2.6" }), "var(--bg)", "var(--text)");
    } else if (kind === "diamond") {
      paint(svgEl("path", { d: "M0 -7.5L7.5 0L0 7.5L-7.5 0Z" }), "var(--neutral)", "var(--text)");
    } else if (kind === "cross") {
      paint(svgEl("path", { d: "M-5 -5L5 5M5 -5L-5 5" }), "none", "var(--refuted)")
        .style.strokeWidth = "2.5";
    } else if (kind === "dot") {
      paint(svgEl("circle", { r: "4" }), "var(--neutral)", "var(--text)");
    } else if (kind === "square") {
      paint(svgEl("rect", { x: "-4.5", y: "-4.5", width: "9", height: "9" }), "var(--bg)",
        "var(--text)");
      paint(svgEl("rect", { x: "-1.5", y: "-1.5", width: "3", height: "3" }), "var(--text)");
    } else if (kind === "ring") {
      paint(svgEl("circle", { r: "7.5" }), "none", "var(--text)");
      paint(svgEl("circle", { r: "4" }), "var(--neutral)", "var(--text)");
    }
    return sw;
  }

  // ---------------------------------------------------------------- time controls

  const slider = $("slider");
  const dateField = $("date-field");
  const playButton = $("play");
  const speedSelect = $("speed");
  const tickEls = [];
  let playFrame = 0;
  let playLast = 0;
  let playAcc = 0;

  /** The slider range, key-moment ticks (datalist and drawn), speeds and the date field. */
  function buildTimeControls() {
    slider.max = String(lastDay);
    dateField.min = isoDate(0);
    dateField.max = isoDate(lastDay);
    const list = $("key-moments");
    const ticks = $("ticks");
    (data.keyMoments || []).forEach((k) => {
      const opt = el("option");
      opt.value = String(k.day);
      opt.label = k.caption;
      list.append(opt);
      const b = el("button");
      b.type = "button";
      b.title = shortDate(k.day) + ": " + k.caption;
      b.setAttribute("aria-label", "Key moment, " + shortDate(k.day) + ": " + k.caption);
      const f = lastDay > 0 ? k.day / lastDay : 0;
      b.style.left = "calc(var(--thumb) / 2 + (100% - var(--thumb)) * " + f + ")";
      b.addEventListener("click", () => setDay(k.day));
      ticks.append(b);
      tickEls.push({ el: b, day: k.day });
    });
    const speeds = [0.5, 1, 2, 5, 10, 30];
    const long = data.days > 180;
    if (long) speeds.splice(4, 0, 7);
    speed = data.days > 400 ? 7 : 1;
    speeds.forEach((v) => {
      const opt = el("option", null, v + (v === 1 ? " day" : " days") + "/s" +
        (long && v === 7 ? " (a week)" : long && v === 30 ? " (a month)" : ""));
      opt.value = String(v);
      opt.selected = v === speed;
      speedSelect.append(opt);
    });
    if (!speeds.includes(speed)) speed = 1;
  }

  /** Starts or stops playing (from the first day when at the last). */
  function setPlaying(on) {
    playing = on;
    playButton.classList.toggle("playing", on);
    playButton.querySelector("span").textContent = on ? "Pause" : "Play";
    if (playFrame) cancelAnimationFrame(playFrame);
    playFrame = 0;
    if (on) {
      if (day >= lastDay) setDay(0);
      playLast = 0;
      playAcc = 0;
      playFrame = requestAnimationFrame(playStep);
    } else {
      $("live").textContent = summaryText();
    }
  }

  /** Advances the date by the speed while playing. */
  function playStep(ts) {
    playFrame = 0;
    if (!playing) return;
    if (playLast) playAcc += (ts - playLast) / 1000 * speed;
    playLast = ts;
    if (playAcc >= 1) {
      const n = Math.floor(playAcc);
      playAcc -= n;
      setDay(Math.min(lastDay, day + n));
      if (day >= lastDay) {
        setPlaying(false);
        return;
      }
    }
    playFrame = requestAnimationFrame(playStep);
  }

  /** The day of the previous (dir -1) or next (+1) event, or the current day. */
  function eventDay(dir) {
    if (dir > 0) {
      const i = countUpTo(evDay, day);
      return i < evDay.length ? evDay[i] : day;
    }
    const i = countUpTo(evDay, day - 1) - 1;
    return i >= 0 ? evDay[i] : day;
  }

  slider.addEventListener("input", () => setDay(+slider.value));
  playButton.addEventListener("click", () => setPlaying(!playing));
  speedSelect.addEventListener("change", () => { speed = +speedSelect.value || 1; });
  $("prev-day").addEventListener("click", () => setDay(day - 1));
  $("next-day").addEventListener("click", () => setDay(day + 1));
  $("prev-event").addEventListener("click", () => setDay(eventDay(-1)));
  $("next-event").addEventListener("click", () => setDay(eventDay(1)));
  dateField.addEventListener("change", () => {
    const d = dayOfIso(dateField.value);
    if (d === null) {
      $("date-error").textContent = "Choose a date from " + shortDate(0) + " to " +
        shortDate(lastDay) + ".";
      return;
    }
    setDay(d);
  });

  // ---------------------------------------------------------------- keyboard

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    const tag = t.tagName;
    const typing = t.isContentEditable || tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && t.type !== "range" && t.type !== "button" && t.type !== "checkbox");
    if (typing) return;
    const onSlider = t === slider;
    const onButton = tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || tag === "INPUT";
    let handled = true;
    switch (e.key) {
      case "ArrowLeft":
      case "ArrowRight": {
        const dir = e.key === "ArrowLeft" ? -1 : 1;
        if (e.shiftKey) setDay(eventDay(dir));
        else if (onSlider) handled = false;
        else setDay(day + dir);
        break;
      }
      case "Home":
      case "End":
        if (onSlider) handled = false;
        else setDay(e.key === "Home" ? 0 : lastDay);
        break;
      case " ":
      case "Spacebar":
        if (onButton && !onSlider) handled = false;
        else setPlaying(!playing);
        break;
      case "+":
      case "=":
        zoomBy(2);
        break;
      case "-":
      case "_":
        zoomBy(0.5);
        break;
      case "f":
      case "F":
        fit();
        break;
      case "k":
      case "K":
        toggleCompare();
        break;
      case "Escape":
        if (selected >= 0) select(-1);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });

  window.addEventListener("hashchange", () => {
    const d = hashDay();
    if (d !== null && d !== day) setDay(d);
  });

  // ---------------------------------------------------------------- start

  /** Fills the static texts, draws the first map and announces readiness. */
  function start() {
    $("title").textContent = data.title || "";
    $("description").textContent = data.description || "";
    $("credits").textContent = data.credits || "";
    root.style.setProperty("--map-aspect", String(W / H));
    buildLegend();
    buildTimeControls();
    tablePanel.open = false;
    tableWrap.replaceChildren();
    applyTheme();
    measure();
    applyView();
    const fromHash = hashDay();
    setDay(fromHash !== null ? fromHash : Math.max(0, Math.min(lastDay, data.openDay || 0)), true);
    window.frontline = {
      setDay: (d) => setDay(d),
      day: () => day,
      setDate: (iso) => {
        const d = dayOfIso(iso);
        if (d === null) return false;
        setDay(d);
        return true;
      },
      select: (id) => {
        if (id === null || id === undefined) {
          select(-1);
          return true;
        }
        const c = capIndex.get(String(id));
        if (c === undefined) return false;
        select(c);
        return true;
      },
      compare: (a) => compare(a),
      view: () => ({ zoom, x: tx, y: ty, screenScale }),
      zoomTo: (z, x, y) => {
        zoomAt(x === undefined ? W / 2 : x * zoom + tx, y === undefined ? H / 2 : y * zoom + ty, z);
        applyView();
      },
      ready: true,
      readyMs: performance.now(),
    };
    root.dataset.ready = "1";
  }

  start();
})();
