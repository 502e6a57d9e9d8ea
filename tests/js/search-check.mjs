#!/usr/bin/env node
// The search page in Debian's headless Chromium, run by tests/browser/test_search_in_chromium.py.
//
//   node search-check.mjs ORIGIN QUERY [SHOTS_DIR]
//
// ORIGIN serves a built site (the test starts a real server on 127.0.0.1). Reports as JSON:
//   typed    the query typed key by key into the field: every text the status message took
//            (a MutationObserver counts them), the results (title, link, excerpt's nodes)
//   entered  the same query typed and Enter pressed at once: the status texts again
//   landing  the first result that is an episode followed: the URL's fragment, the :target
//            element's id and text
//   noScript with JavaScript off: whether the form is shown, and the A to Z links
// With SHOTS_DIR it saves the page with results at 320 and 1280 px, light and dark.
// The script judges nothing: the pytest tests hold the expectations.

import { chromium } from "playwright-core";

const [origin, query, shots] = process.argv.slice(2);
if (!origin || !query) {
  console.error("usage: node search-check.mjs ORIGIN QUERY [SHOTS_DIR]");
  process.exit(2);
}
const url = `${origin}/search/index.html`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});

// Every text #search-status takes from now on, in order.
function watchStatus() {
  const status = document.getElementById("search-status");
  window.__statusTexts = [];
  new MutationObserver(() => window.__statusTexts.push(status.textContent)).observe(status, {
    childList: true, characterData: true, subtree: true,
  });
}

async function ready(page) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("#search-query", { state: "visible", timeout: 15000 });
  await page.evaluate(watchStatus);
}

async function results(page) {
  return page.evaluate(() => [...document.querySelectorAll("#search-results li")].map((li) => ({
    title: li.querySelector("h3 a").textContent,
    href: li.querySelector("h3 a").href,
    excerpt: li.querySelector(".excerpt").textContent,
    nodes: [...li.querySelector(".excerpt").childNodes].map((n) => n.nodeName),
    marked: [...li.querySelectorAll("mark")].map((m) => m.textContent),
  })));
}

const report = {};
const errors = [];
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(String(error)));
  await ready(page);
  await page.focus("#search-query");
  await page.keyboard.type(query, { delay: 120 });
  await page.waitForFunction(() => window.__statusTexts.length > 0, null, { timeout: 20000 });
  await page.waitForTimeout(2500);  // anything said later would be a second announcement
  report.typed = {
    statusTexts: await page.evaluate(() => window.__statusTexts),
    role: await page.getAttribute("#search-status", "role"),
    focusInField: await page.evaluate(() => document.activeElement.id === "search-query"),
    results: await results(page),
  };
  if (shots) {
    for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 320], ["dark", 320]]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/search-${width}-${scheme}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
  }
  // Follow the first episode among the results by keyboard, as a reader would.
  await page.focus("#search-results li h3 a[href*='/episodes/']");
  await Promise.all([page.waitForURL((u) => !u.href.startsWith(url)), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  report.landing = await page.evaluate(() => {
    const target = document.querySelector(":target");
    return {
      url: location.href,
      hash: location.hash,
      targetId: target ? target.id : null,
      targetTag: target ? target.tagName.toLowerCase() : null,
      targetText: target ? target.textContent : null,
      inView: target ? target.getBoundingClientRect().top < window.innerHeight : false,
    };
  });
  if (shots) await page.screenshot({ path: `${shots}/landing-1280-light.png` });

  const entered = await context.newPage();
  entered.on("pageerror", (error) => errors.push(String(error)));
  await ready(entered);
  await entered.focus("#search-query");
  await entered.keyboard.type(query);
  await entered.keyboard.press("Enter");
  await entered.waitForFunction(() => window.__statusTexts.length > 0, null, { timeout: 20000 });
  await entered.waitForTimeout(2500);
  report.entered = { statusTexts: await entered.evaluate(() => window.__statusTexts) };
  await context.close();
}
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  report.noScript = await page.evaluate(() => ({
    formShown: !!document.querySelector("#search-query") &&
      document.querySelector("#search-query").getClientRects().length > 0,
    links: [...document.querySelectorAll(".a-to-z a")].map((a) => ({ text: a.textContent, href: a.href })),
    letters: [...document.querySelectorAll("nav.glossary-letters a")].map((a) => a.textContent),
  }));
  if (shots) await page.screenshot({ path: `${shots}/search-nojs-320-light.png`, fullPage: true });
  await context.close();
}
report.errors = errors;
await browser.close();
process.stdout.write(JSON.stringify(report, null, 1));
