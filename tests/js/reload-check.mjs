#!/usr/bin/env node
// Does a page served by `nmo-feed serve` reload itself after a rebuild? Run by
// tests/browser/test_serve_in_chromium.py.
//
//   node reload-check.mjs URL TEXT
//
// Opens URL in Debian's headless Chromium (through playwright-core) and prints one JSON line,
// {"loaded": <h1 text>}, once the page has loaded and its event stream is open. The test then
// edits the show. The script does nothing more to the page: it waits (up to 60 s) for the
// page's h1 to hold TEXT, which can only happen if the page reloaded itself, and prints
// {"h1": ..., "loads": <how many times the page loaded>}. Exit 0 unless it crashed or timed out.
// Environment: CHROMIUM (default /usr/bin/chromium; no browser is ever downloaded).

import { chromium } from "playwright-core";

const [url, text] = process.argv.slice(2);
if (!url || !text) {
  console.error("usage: node reload-check.mjs URL TEXT");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});
try {
  const page = await browser.newPage();
  let loads = 0;
  page.on("load", () => { loads += 1; });
  // The reload script's EventSource is open once the server has sent it the first event.
  const opened = page.waitForResponse((response) => response.url().endsWith("/_nmo-feed/events"));
  await page.goto(url);
  await opened;
  await page.waitForTimeout(500); // the first event, with the build number, is read
  const first = await page.locator("h1").textContent();
  console.log(JSON.stringify({ loaded: first }));
  await page.waitForFunction(
    (wanted) => (document.querySelector("h1")?.textContent || "").includes(wanted),
    text,
    { timeout: 60000 },
  );
  console.log(JSON.stringify({ h1: await page.locator("h1").textContent(), loads }));
} finally {
  await browser.close();
}
