#!/usr/bin/env node
// The embed on a partner's page, in Debian's headless Chromium (playwright-core), run by
// tests/browser/test_embed_in_chromium.py.
//
//   node embed-check.mjs CONFIG_JSON
//
// CONFIG_JSON (a file) names: partner, the partner page (one loopback origin) that frames the
// embed with the snippet from oembed.json and has a player of its own on the site's captions;
// refused, a partner page that frames the episode page itself; fetch, site files the partner
// page fetches cross-origin; canonical, the episode page; shots, a folder for screenshots
// (or null). The site is served by `nmo-feed serve` on another loopback origin.
// Facts come back as JSON on stdout; the test holds the expectations. Exit 0 unless it crashed.

import fs from "node:fs";
import path from "node:path";
import { axe, launch } from "./chromium.mjs";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const shot = (name) => (config.shots ? path.join(config.shots, `${name}.png`) : null);

const browser = await launch();

// The embed's frame on a loaded partner page.
async function embedFrame(page) {
  await page.waitForFunction(() => document.querySelector("iframe") !== null);
  const handle = await page.$("iframe");
  const frame = await handle.contentFrame();
  await frame.waitForLoadState("load");
  return frame;
}

// Cues of the frame's own captions track, once it is loaded (mode "hidden" loads it
// without showing it).
function trackCues() {
  const element = document.querySelector("track");
  if (!element) return Promise.resolve({ error: "no track" });
  return new Promise((resolve) => {
    const done = (how) => resolve({
      how, readyState: element.readyState,
      cues: element.track.cues ? element.track.cues.length : null,
      first: element.track.cues && element.track.cues.length ? element.track.cues[0].text : null,
    });
    if (element.readyState === 2) { done("loaded before"); return; }
    element.addEventListener("load", () => done("load"));
    element.addEventListener("error", () => done("error"));
    element.track.mode = "hidden";
    setTimeout(() => done("timeout"), 10000);
  });
}

// What the partner page's own scripts can fetch from the site (CORS decides).
function fetchAll(urls) {
  return Promise.all(urls.map((url) => fetch(url, { cache: "no-store" }).then(
    async (r) => ({ url, ok: r.ok, status: r.status, type: r.headers.get("content-type"),
      bytes: (await r.text()).length }),
    (e) => ({ url, ok: false, error: String(e) }))));
}

function layoutFacts() {
  const region = document.querySelector(".embed-transcript");
  const rect = region.getBoundingClientRect();
  return {
    viewport: [innerWidth, innerHeight],
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    regionScrolls: region.scrollHeight > region.clientHeight + 1,
    regionTop: Math.round(rect.top),
    regionHeight: Math.round(rect.height),
    titleVisible: document.querySelector("h1").getBoundingClientRect().bottom <= innerHeight,
  };
}

// Tab into the frame's transcript region, then PageDown: how far it scrolled (the region
// itself, or the page when the region is not a scroller of its own).
async function keyboardScroll(page, frame) {
  await frame.locator(".embed-transcript").focus();
  const focused = await frame.evaluate(() => document.activeElement.className);
  const before = await frame.evaluate(() => [document.querySelector(".embed-transcript").scrollTop, scrollY]);
  await page.keyboard.press("PageDown");
  await page.waitForTimeout(300);
  const after = await frame.evaluate(() => [document.querySelector(".embed-transcript").scrollTop, scrollY]);
  const outline = await frame.evaluate(() => getComputedStyle(document.activeElement).outlineWidth);
  return { focused, scrolledBy: after[0] - before[0] + after[1] - before[1], outline };
}

async function sized(context, width, height, fontSize) {
  const page = await context.newPage();
  if (fontSize) {
    // The reader's own default font size, as browser settings set it (text at 200 %).
    const session = await context.newCDPSession(page);
    await session.send("Page.enable");
    await session.send("Page.setFontSizes", { fontSizes: { standard: fontSize, fixed: fontSize } });
  }
  await page.goto(config.partner, { waitUntil: "load" });
  await page.evaluate(([w, h]) => {
    const frame = document.querySelector("iframe");
    frame.setAttribute("width", w); frame.setAttribute("height", h);
  }, [width, height]);
  const frame = await embedFrame(page);
  await page.waitForTimeout(300);
  const facts = await frame.evaluate(layoutFacts);
  facts.keyboard = await keyboardScroll(page, frame);
  return { page, frame, facts };
}

const report = {};
const light = await browser.newContext({ viewport: { width: 1000, height: 900 } });
const page = await light.newPage();
await page.goto(config.partner, { waitUntil: "load" });
const frame = await embedFrame(page);
report.frameUrl = frame.url();
report.iframeTitle = await page.getAttribute("iframe", "title");
report.frameTitle = await frame.title();
report.track = await frame.evaluate(trackCues);
report.partnerFetch = await page.evaluate(fetchAll, config.fetch);
report.partnerTrack = await page.evaluate(trackCues);
report.axeFrameLight = await axe(frame);
report.axePartner = await axe(page.mainFrame());

// A time link seeks the embed's own player, inside the frame.
await frame.waitForFunction(() => document.getElementById("player").readyState >= 1, null, { timeout: 15000 });
const link = frame.locator("a.timecode").nth(1);
const target = Number(await link.getAttribute("data-seek"));
await link.click();
await frame.waitForFunction((t) => document.getElementById("player").currentTime >= t - 0.5, target,
  { timeout: 15000 }).catch(() => {});
// The status says what the reader's action did once play() has answered.
await frame.waitForFunction(() => {
  const status = document.getElementById("player-status");
  return status && status.textContent !== "";
}, null, { timeout: 5000 }).catch(() => {});
report.seek = await frame.evaluate(() => {
  const player = document.getElementById("player");
  player.pause();
  return { currentTime: player.currentTime, url: location.href,
    status: (document.getElementById("player-status") || {}).textContent || null };
});
report.seek.target = target;
report.seek.topUrl = page.url();

const dark = await browser.newContext({ viewport: { width: 1000, height: 900 }, colorScheme: "dark" });
const darkPage = await dark.newPage();
await darkPage.goto(config.partner, { waitUntil: "load" });
report.axeFrameDark = await axe(await embedFrame(darkPage));

// 300 × 400, light and dark, and with text at 200 % (a 32 px default font size).
const small = await sized(light, 300, 400);
report.small = small.facts;
report.axeSmall = await axe(small.frame);
const smallDark = await sized(dark, 300, 400);
report.axeSmallDark = await axe(smallDark.frame);
const big = await sized(light, 300, 400, 32);
report.bigText = big.facts;
report.axeBigText = await axe(big.frame);
if (config.shots) {
  fs.mkdirSync(config.shots, { recursive: true });
  for (const [name, made] of [["embed-300x400-light", small], ["embed-300x400-dark", smallDark],
    ["embed-300x400-text-200pc", big]]) {
    await made.frame.evaluate(() => {
      document.activeElement.blur(); scrollTo(0, 0);
      document.querySelector(".embed-transcript").scrollTop = 0;
    });
    await (await made.page.$("iframe")).screenshot({ path: shot(name) });
  }
  await page.screenshot({ path: shot("partner-page-1000-light"), fullPage: true });
}

// The episode page itself may not be framed by another site (frame-ancestors 'self').
const refused = await light.newPage();
await refused.goto(config.refused, { waitUntil: "load" });
await refused.waitForTimeout(1000);
const refusedFrame = refused.frames().find((f) => f !== refused.mainFrame());
report.refused = {
  url: refusedFrame ? refusedFrame.url() : null,
  h1: refusedFrame ? await refusedFrame.evaluate(() => {
    const h = document.querySelector("h1"); return h ? h.textContent : null;
  }).catch((e) => `unreadable: ${e.message.split("\n")[0]}`) : null,
};

// A link of the embed opens in the top window: the partner's page is replaced by the
// episode page, not loaded inside the frame.
await Promise.all([
  page.waitForURL((u) => u.href !== config.partner, { timeout: 15000 }).catch(() => {}),
  frame.locator("h1 a").click(),
]);
await page.waitForLoadState("load");
report.afterLink = {
  topUrl: page.url(),
  frames: page.frames().length,
  h1: await page.evaluate(() => document.querySelector("h1") && document.querySelector("h1").textContent),
};

// The episode page's copy button (share.js): shown, copies the embed code, says so once.
await light.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(config.canonical).origin });
const button = page.locator(".share-button button");
report.copy = { visible: await button.isVisible() };
await button.click();
await page.waitForFunction(() => document.querySelector(".share-status").textContent !== "", null,
  { timeout: 5000 }).catch(() => {});
Object.assign(report.copy, await page.evaluate(async () => ({
  status: document.querySelector(".share-status").textContent,
  role: document.querySelector(".share-status").getAttribute("role"),
  clipboard: await navigator.clipboard.readText(),
  field: document.getElementById("embed-code").value,
  focusOnButton: document.activeElement === document.querySelector(".share-button button"),
})));

await browser.close();
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
