#!/usr/bin/env node
// Browser checks for nmo-feed's built pages, run by tests/browser/test_pages_in_chromium.py.
//
//   node browser-check.mjs [--seek=PAGE] [--shots=DIR] SITE_DIR PAGE...
//
// Serves SITE_DIR on 127.0.0.1 (random port), launches Debian's headless Chromium once through
// playwright-core, and for every PAGE (a path under SITE_DIR) gathers facts as JSON on stdout:
//   axe      axe-core violations (WCAG 2.0/2.1/2.2 A and AA, AAA, best practice), light and dark
//   reflow   document scrollWidth at a 320 CSS px wide viewport (WCAG 1.4.10)
//   keyboard every Tab stop: focus style, on screen, not covered (2.4.1, 2.4.7, 2.4.11), and
//            not under a sticky element (2.4.12); on episode pages also Shift+Tab from the end
//            at 1280 and 320 px, and where the title, player, summary and transcript are
//            on the first screen
//   forced   the same Tab walk with forced colours active (Windows High Contrast)
//   nojs     transcript text and time links with JavaScript off, compared with JavaScript on
//   speech   transcript and glossary text in flex or grid containers (lost to screen readers),
//            and the time links' names in Chromium's own accessibility tree
// With --seek=PAGE it also clicks, and presses Enter on, that page's second time link and
// reports where the player went and where focus is (the time-link enhancement in player.js).
// With --shots=DIR it saves 320 px screenshots (light, dark, forced colours) for a person.
// The script judges nothing: the pytest tests hold the expectations. Exit 0 unless it crashed.
// Environment: CHROMIUM (default /usr/bin/chromium, Debian's; no browser is ever downloaded).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { AXE_TAGS, AXE_VERSION, axe, launch } from "./chromium.mjs";

const MAX_TAB_STOPS = 300;
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };

// ---------- arguments ----------
const options = { seek: null, shots: null, root: null, pages: [] };
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("--seek=")) options.seek = arg.slice("--seek=".length);
  else if (arg.startsWith("--shots=")) options.shots = arg.slice("--shots=".length);
  else if (arg.startsWith("--")) usage(`unknown option ${arg}`);
  else if (options.root === null) options.root = path.resolve(arg);
  else options.pages.push(arg);
}
if (!options.root || !options.pages.length) usage("a site folder and at least one page are needed");
for (const page of [...options.pages, ...(options.seek ? [options.seek] : [])]) {
  if (!fs.existsSync(path.join(options.root, page))) usage(`no such page: ${page}`);
}

function usage(problem) {
  console.error(`browser-check.mjs: ${problem}`);
  console.error("usage: node browser-check.mjs [--seek=PAGE] [--shots=DIR] SITE_DIR PAGE...");
  process.exit(2);
}

// ---------- a static server with byte ranges ----------
// Chromium only seeks in media whose server answers Range requests (206), so the player
// test needs them; Python's http.server does not, hence this small server.
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".vtt": "text/vtt; charset=utf-8", ".srt": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "video/mp4",
  ".wav": "audio/wav", ".ogg": "audio/ogg", ".webm": "video/webm",
};

function serve(root) {
  return http.createServer((request, response) => {
    const relative = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = path.join(root, path.normalize(relative));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const headers = {
      "content-type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
      "accept-ranges": "bytes",
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range || "");
    let start = 0;
    let end = size - 1;
    if (range && (range[1] || range[2])) {
      start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        response.writeHead(416, { "content-range": `bytes */${size}` }).end();
        return;
      }
      response.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${size}`,
        "content-length": end - start + 1 });
    } else {
      response.writeHead(200, { ...headers, "content-length": size });
    }
    if (request.method === "HEAD") response.end();
    else fs.createReadStream(file, { start, end }).pipe(response);
  });
}

// ---------- in-page helpers (run inside Chromium) ----------

// Facts about the focused element: its focus style, whether it is on screen and whether
// something else covers its centre. The first client rect is used so that a link wrapped
// over two lines is judged by a box that really is the link.
function focusFacts() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getClientRects()[0] || el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  const hit = document.elementFromPoint(x, y);
  const name = (el.getAttribute("aria-label") || el.innerText || el.textContent || "").trim().replace(/\s+/g, " ");
  return {
    tag: el.tagName.toLowerCase(),
    className: typeof el.className === "string" ? el.className : "",
    name: name.slice(0, 80),
    href: el.getAttribute("href"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    rect: [rect.left, rect.top, rect.right, rect.bottom].map((n) => Math.round(n)),
    inViewport: rect.width > 0 && rect.height > 0 && rect.left >= -1 && rect.top >= -1 &&
      rect.right <= innerWidth + 1 && rect.bottom <= innerHeight + 1,
    covered: !(hit && (hit === el || el.contains(hit))),
    coveredBy: hit && hit !== el && !el.contains(hit) ? hit.tagName.toLowerCase() + (hit.className ? "." + hit.className : "") : null,
    underSticky: stickyOver(el, rect),
  };

  // The sticky or fixed elements (a player kept in view) whose box overlaps any part of the
  // focused element's: WCAG 2.4.12 (AAA) wants no part of it hidden, 2.4.11 not all of it.
  // A sticky element that holds the focused element (the player's own controls) does not count.
  function stickyOver(el, rect) {
    const over = [];
    for (const other of document.querySelectorAll("body *")) {
      const position = getComputedStyle(other).position;
      if ((position !== "sticky" && position !== "fixed") || other.contains(el)) continue;
      const box = other.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (rect.left < box.right && rect.right > box.left && rect.top < box.bottom && rect.bottom > box.top) {
        over.push(`${other.tagName.toLowerCase()}.${other.className} at ${Math.round(box.top)}-${Math.round(box.bottom)}`);
      }
    }
    return over;
  }
}

// Where the parts a reader came for are on the first screen, as the page loads (CSS px from
// the top of the window).
function firstScreen() {
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
  };
  return {
    title: box("h1"), speakers: box(".episode-speakers"), player: box("#player"),
    summary: box("#summary"), transcript: box("#transcript"),
    firstTurn: box(".transcript .turn"), viewport: innerHeight,
  };
}

// The rendered text of an element, without the sync controls player.js reveals (they are
// the one intended difference between script on and off).
function textWithoutSyncControls(selector) {
  const el = document.querySelector(selector);
  if (!el) return null;
  const controls = [...el.querySelectorAll(".sync-controls")];
  const hidden = controls.map((c) => c.hidden);
  controls.forEach((c) => { c.hidden = true; });
  const text = el.innerText;
  controls.forEach((c, i) => { c.hidden = hidden[i]; });
  return text;
}

// Every time link with its resolved address and the player's media address.
function timeLinkFacts() {
  const source = document.querySelector("#player source");
  const media = source ? source.src : null;
  return {
    media,
    links: [...document.querySelectorAll("a.timecode")].map((a) => ({
      name: (a.getAttribute("aria-label") || a.textContent).trim().replace(/\s+/g, " "),
      tag: a.tagName.toLowerCase(),
      href: a.href,
      seek: a.getAttribute("data-seek"),
    })),
  };
}

// Elements in the transcript and glossary laid out as flex or grid containers that hold
// text. Chromium leaves the text of such containers out of the lines it gives a screen reader
// (Orca read "Transcript" in place of words, and "Play from0:35" for a flex time link), so
// text-bearing elements there must never be one.
function textInFlexOrGrid() {
  const found = [];
  for (const el of document.querySelectorAll("main *")) {
    if (!el.closest(".transcript, .glossary, dl")) continue;
    const display = getComputedStyle(el).display;
    if (!/flex|grid/.test(display)) continue;
    if (!el.textContent.trim()) continue;
    found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${display}: ` +
      el.textContent.trim().replace(/\s+/g, " ").slice(0, 60));
  }
  return found;
}

// A time link's name in each fixture's language (English, and the Spanish show's).
const TIME_LINK = /^(Play from|Reproducir desde) /;

// The accessible names Chromium itself computes for the time links (its accessibility tree,
// through the DevTools protocol: what a screen reader is given, not a re-computation).
async function timeLinkNames(page) {
  const session = await page.context().newCDPSession(page);
  const { nodes } = await session.send("Accessibility.getFullAXTree");
  await session.detach();
  return nodes
    .filter((n) => n.role && n.role.value === "link" && n.name && TIME_LINK.test(n.name.value))
    .map((n) => n.name.value);
}

// ---------- checks ----------
// Tab from the top of the page until focus leaves the page or comes back to the skip link.
// `end` says which: "limit" means Tab never got out, a keyboard trap (2.1.2).
async function tabWalk(page) {
  const stops = [];
  let end = "limit";
  for (let i = 0; i < MAX_TAB_STOPS; i++) {
    await page.keyboard.press("Tab");
    const facts = await page.evaluate(focusFacts);
    if (!facts) { end = "left the page"; break; }
    if (i > 0 && facts.className.includes("skip-link")) { end = "wrapped round"; break; }
    stops.push(facts);
  }
  return { stops, end };
}

// Shift+Tab from the last focusable element of the page back to the first: going up the
// page, each element is scrolled in at the top of the window, where a sticky bar sits.
async function reverseTabWalk(page) {
  await page.evaluate(() => {
    const all = [...document.querySelectorAll("a[href], input, audio[controls], video[controls], summary, [tabindex='0']")];
    all[all.length - 1].focus();
  });
  const stops = [await page.evaluate(focusFacts)];
  for (let i = 0; i < MAX_TAB_STOPS; i++) {
    await page.keyboard.press("Shift+Tab");
    const facts = await page.evaluate(focusFacts);
    if (!facts || facts.className.includes("skip-link")) break;
    stops.push(facts);
  }
  return stops;
}

// A context whose requests stay on this machine: the fixture shows name remote media
// (https://cdn.example.org/...), which must not be fetched. Refused addresses are listed.
const offsite = new Set();
async function newContext(browser, options) {
  const context = await browser.newContext(options);
  await context.route((url) => url.origin !== origin, (route) => {
    offsite.add(route.request().url());
    return route.abort("blockedbyclient");
  });
  return context;
}

// Open the page afresh, use its second time link by `how` ("click" or "Enter"), and report
// where the player and focus are then. The player may move on after play(), so the value is
// read and the player paused as soon as it reaches the link's time; a refused play() leaves
// it at that time. If the link navigated away instead, currentTime is null.
async function useTimeLink(context, url, how) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("player").readyState >= 1, null, { timeout: 15000 });
  const link = page.locator("a.timecode").nth(1);
  const name = ((await link.getAttribute("aria-label")) || (await link.textContent())).trim().replace(/\s+/g, " ");
  const target = Number(await link.getAttribute("data-seek"));
  if (how === "click") {
    await link.click();
  } else {
    await link.focus();
    await page.keyboard.press("Enter");
  }
  await page.waitForFunction((t) => {
    const player = document.getElementById("player");
    return !player || player.currentTime >= t - 0.5;
  }, target, { timeout: 15000 }).catch(() => {});
  // The status says what the reader's action did once play() has answered.
  await page.waitForFunction(() => {
    const status = document.getElementById("player-status");
    return !status || status.textContent !== "";
  }, null, { timeout: 5000 }).catch(() => {});
  const status = await page.evaluate(liveRegions);
  // Playback goes on for a moment (the highlight may move): the status must not change.
  await page.waitForTimeout(1500);
  const facts = await page.evaluate(() => {
    const player = document.getElementById("player");
    if (player) player.pause();
    return {
      currentTime: player ? player.currentTime : null,
      focusOnLink: document.activeElement === document.querySelectorAll("a.timecode")[1],
      url: location.href,
    };
  });
  facts.liveRegions = status;
  facts.liveRegionsLater = await page.evaluate(liveRegions);
  await page.close();
  return { name, target, ...facts };
}

// Every live region of the page (aria-live, or a role that is one) with its text.
function liveRegions() {
  return [...document.querySelectorAll("[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer], output")]
    .map((el) => ({ tag: el.tagName.toLowerCase(), role: el.getAttribute("role"),
      live: el.getAttribute("aria-live"), text: el.textContent }));
}

async function seekFacts(browser, url) {
  const context = await newContext(browser, { viewport: DESKTOP });
  const click = await useTimeLink(context, url, "click");
  const enter = await useTimeLink(context, url, "Enter");
  await context.close();
  return { name: click.name, target: click.target, click, enter };
}

// Without JavaScript, following a time link opens the media itself at that time.
async function followWithoutScript(browser, url) {
  const context = await newContext(browser, { viewport: DESKTOP, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const link = page.locator("a.timecode").nth(1);
  await link.focus();
  await Promise.all([page.waitForURL((u) => u.href !== url), page.keyboard.press("Enter")]);
  const opened = page.url();
  await context.close();
  return { opened };
}

// ---------- main ----------
const server = serve(options.root);
await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
const origin = `http://127.0.0.1:${server.address().port}`;
const base = `${origin}/`;
const urlOf = (page) => base + page.split("/").map(encodeURIComponent).join("/");

const browser = await launch();
const contexts = {
  light: await newContext(browser, { viewport: DESKTOP }),
  dark: await newContext(browser, { viewport: DESKTOP, colorScheme: "dark" }),
  narrow: await newContext(browser, { viewport: NARROW }),
  noScript: await newContext(browser, { viewport: DESKTOP, javaScriptEnabled: false }),
  forced: await newContext(browser, { viewport: DESKTOP, forcedColors: "active" }),
};
const tabs = Object.fromEntries(await Promise.all(
  Object.entries(contexts).map(async ([name, context]) => [name, await context.newPage()])));
const report = { chromium: browser.version(), axe: AXE_VERSION, axeTags: AXE_TAGS, pages: {} };

for (const pagePath of options.pages) {
  const url = urlOf(pagePath);
  const shot = (name) => options.shots
    ? path.join(options.shots, `${pagePath.replace(/[^a-z0-9]+/gi, "_")}.${name}.png`) : null;
  const facts = {};

  await tabs.light.goto(url, { waitUntil: "load" });
  facts.axeLight = await axe(tabs.light);
  facts.transcriptWithScript = await tabs.light.evaluate(textWithoutSyncControls, "section.transcript");
  facts.liveRegions = await tabs.light.evaluate(liveRegions);
  facts.textInFlexOrGrid = await tabs.light.evaluate(textInFlexOrGrid);
  facts.timeLinkNames = await timeLinkNames(tabs.light);
  ({ stops: facts.keyboard, end: facts.keyboardEnd } = await tabWalk(tabs.light));

  await tabs.dark.goto(url, { waitUntil: "load" });
  facts.axeDark = await axe(tabs.dark);

  await tabs.narrow.goto(url, { waitUntil: "load" });
  facts.scrollWidth = await tabs.narrow.evaluate(() => document.documentElement.scrollWidth);
  if (pagePath.startsWith("episodes/")) {
    facts.firstScreenNarrow = await tabs.narrow.evaluate(firstScreen);
    facts.reverseNarrow = await reverseTabWalk(tabs.narrow);
    await tabs.light.goto(url, { waitUntil: "load" });
    facts.firstScreen = await tabs.light.evaluate(firstScreen);
    facts.reverse = await reverseTabWalk(tabs.light);
  }
  if (options.shots) {
    await tabs.narrow.screenshot({ path: shot("320px-light"), fullPage: true });
    const dark = await newContext(browser, { viewport: NARROW, colorScheme: "dark" });
    const darkPage = await dark.newPage();
    await darkPage.goto(url, { waitUntil: "load" });
    await darkPage.screenshot({ path: shot("320px-dark"), fullPage: true });
    await dark.close();
  }

  await tabs.noScript.goto(url, { waitUntil: "load" });
  facts.transcriptWithoutScript = await tabs.noScript.evaluate(textWithoutSyncControls, "section.transcript");
  facts.timeLinksWithoutScript = await tabs.noScript.evaluate(timeLinkFacts);

  await tabs.forced.goto(url, { waitUntil: "load" });
  ({ stops: facts.forced, end: facts.forcedEnd } = await tabWalk(tabs.forced));
  if (options.shots) {
    await tabs.forced.setViewportSize(NARROW);
    await tabs.forced.keyboard.press("Tab");   // the skip link, focused, in the picture
    await tabs.forced.screenshot({ path: shot("320px-forced"), fullPage: true });
    await tabs.forced.setViewportSize(DESKTOP);
  }
  report.pages[pagePath] = facts;
}
if (options.seek) {
  report.seek = await seekFacts(browser, urlOf(options.seek));
  report.seek.withoutScript = await followWithoutScript(browser, urlOf(options.seek));
  report.seek.page = options.seek;
}

report.offsite = [...offsite].sort();
await browser.close();
server.close();
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
