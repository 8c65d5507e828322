// Drives frontline's HTML export in headless Chromium for the Rust integration tests.
//
//   node tests/browser/drive.mjs FILE.html SCRIPT.json
//
// SCRIPT.json is a list of steps ({"op": ...}); each step's value goes into results[i] (a step
// that fails gives {"error": "..."} and the run goes on). Prints one JSON object to stdout:
//   {"results": [...], "requests": N, "consoleErrors": [...], "pageErrors": [...],
//    "dialogs": [...]}   (dialogs: messages of alert/confirm/prompt, which are dismissed)
// and exits 0; exits 2 with a message on stderr when the browser cannot start or the
// arguments are wrong. Every request that is not file: or data: is aborted and counted.
// Chromium: /usr/bin/chromium, or the CHROMIUM environment variable.

import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Exits with a message on stderr. */
function fail(message) {
  process.stderr.write(`drive.mjs: ${message}\n`);
  process.exit(2);
}

const [file, scriptPath] = process.argv.slice(2);
if (!file || !scriptPath) fail("usage: node drive.mjs FILE.html SCRIPT.json");
let steps;
try {
  steps = JSON.parse(readFileSync(scriptPath, "utf8"));
} catch (err) {
  fail(`cannot read ${scriptPath}: ${err.message}`);
}
if (!Array.isArray(steps)) fail("SCRIPT.json must hold a list of steps");
const fileUrl = pathToFileURL(resolve(file)).href;

const out = { results: [], requests: 0, consoleErrors: [], pageErrors: [], dialogs: [] };
const userDataDir = mkdtempSync(join(tmpdir(), "frontline-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 720 },
  });
} catch (err) {
  rmSync(userDataDir, { recursive: true, force: true });
  fail(`cannot start Chromium: ${err.message.split("\n")[0]}`);
}

/** Aborts and counts every request that is not file: or data:. */
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
  out.requests++;
  return route.abort();
});
context.on("websocket", () => { out.requests++; });

let page = null;

/** Watches a page for console errors and uncaught exceptions. */
function watch(p) {
  p.on("console", (m) => { if (m.type() === "error") out.consoleErrors.push(m.text()); });
  p.on("pageerror", (e) => { out.pageErrors.push(String(e && e.message || e)); });
  p.on("dialog", (d) => { out.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  p.on("popup", watch);
}
context.on("page", watch);

/** The current page, or an error when no "open" step ran yet. */
function current() {
  if (!page) throw new Error("no page: run an \"open\" step first");
  return page;
}

/** One step of the script; returns its value. */
async function run(step) {
  switch (step.op) {
    case "open": {
      if (page) await page.close();
      page = await context.newPage();
      await page.setViewportSize({ width: step.width || 1280, height: step.height || 720 });
      await page.emulateMedia({
        media: step.media || "screen",
        colorScheme: step.colorScheme || "light",
        reducedMotion: "reduce",
      });
      const t0 = Date.now();
      await page.goto(fileUrl + (step.hash ? "#" + step.hash : ""), { waitUntil: "load" });
      // Any other file (an SVG export, say): loaded, and its fonts too.
      if (step.ready === false) {
        await page.evaluate(() => document.fonts.ready.then(() => null));
        return { ms: Date.now() - t0 };
      }
      await page.waitForFunction(() => document.documentElement.dataset.ready === "1",
        null, { timeout: step.timeout || 30000 });
      const readyMs = await page.evaluate(() => window.frontline && window.frontline.readyMs);
      return { ms: typeof readyMs === "number" ? readyMs : Date.now() - t0 };
    }
    case "eval":
      return await current().evaluate(async (js) => {
        // Indirect eval: the step's code runs in the page's global scope. A promise is
        // awaited.
        const value = await (0, eval)(js);
        return value === undefined ? null : JSON.parse(JSON.stringify(value));
      }, step.js);
    case "attr":
      return await current().evaluate(([sel, name]) => {
        const node = document.querySelector(sel);
        return node ? node.getAttribute(name) : null;
      }, [step.selector, step.name]);
    case "style":
      return await current().evaluate(([sel, prop]) => {
        const node = document.querySelector(sel);
        if (!node) return null;
        const cs = getComputedStyle(node);
        return cs.getPropertyValue(prop) || cs[prop] || "";
      }, [step.selector, step.prop]);
    case "text":
      return await current().evaluate((sel) => {
        const node = document.querySelector(sel);
        return node ? node.textContent.trim() : null;
      }, step.selector);
    case "click":
      await current().click(step.selector, { timeout: step.timeout || 5000 });
      return null;
    case "hover":
      await current().hover(step.selector, { timeout: step.timeout || 5000 });
      return null;
    case "key":
      await current().keyboard.press((step.shift ? "Shift+" : "") + step.key);
      return null;
    case "focus":
      await current().focus(step.selector);
      return null;
    case "rect":
      return await current().evaluate((sel) => {
        const node = document.querySelector(sel);
        if (!node) return null;
        const r = node.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }, step.selector);
    case "screenshot":
      await current().screenshot({ path: step.path, fullPage: !!step.fullPage });
      return step.path;
    case "emulate":
      await current().emulateMedia({
        ...(step.media ? { media: step.media } : {}),
        ...(step.colorScheme ? { colorScheme: step.colorScheme } : {}),
      });
      return null;
    case "wheel": {
      const p = current();
      await p.mouse.move(step.x, step.y);
      await p.mouse.wheel(0, step.deltaY);
      await frame(p);
      return null;
    }
    case "drag": {
      const p = current();
      await p.mouse.move(step.from[0], step.from[1]);
      await p.mouse.down();
      await p.mouse.move(step.to[0], step.to[1], { steps: step.steps || 8 });
      await p.mouse.up();
      await frame(p);
      return null;
    }
    case "pinch":
      await pinch(current(), step);
      return null;
    case "wait":
      await current().waitForTimeout(step.ms || 0);
      return null;
    case "timeDateChange":
      return await current().evaluate(([from, to]) => {
        const times = [];
        for (let i = 0; i < 5; i++) {
          window.frontline.setDay(from);
          void document.body.offsetHeight;
          const t0 = performance.now();
          window.frontline.setDay(to);
          void document.body.offsetHeight; // force style and layout
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return times[2];
      }, [step.from, step.to]);
    default:
      throw new Error(`unknown op ${JSON.stringify(step.op)}`);
  }
}

/** Waits for two animation frames (view changes draw on the next frame). */
async function frame(p) {
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Two-finger pinch around (x, y) from one finger distance to another (touch events). */
async function pinch(p, step) {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 2 });
  const n = step.steps || 8;
  const at = (d) => [
    { x: step.x - d / 2, y: step.y, id: 1 },
    { x: step.x + d / 2, y: step.y, id: 2 },
  ];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(step.from) });
  for (let i = 1; i <= n; i++) {
    const d = step.from + (step.to - step.from) * i / n;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(d) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await frame(p);
  await cdp.detach();
}

for (const step of steps) {
  try {
    out.results.push(await run(step));
  } catch (err) {
    out.results.push({ error: String(err && err.message || err).split("\n")[0] });
  }
}

await context.close();
rmSync(userDataDir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(out) + "\n");
