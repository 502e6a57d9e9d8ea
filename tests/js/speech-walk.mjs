#!/usr/bin/env node
// What a screen reader says reading nmo-feed's built pages from the top, run by
// tests/speech/test_spoken_walkthrough.py.
//
//   node speech-walk.mjs SITE_DIR PAGE...
//
// Each PAGE (a path under SITE_DIR) is parsed by jsdom (scripts off: the page as it is
// without JavaScript) and read from the top to "end of document" by Guidepup's Virtual Screen
// Reader (npm @guidepup/virtual-screen-reader), which builds the accessibility tree from the
// ARIA and HTML-AAM specifications and speaks each node as a phrase ("heading, Transcript,
// level 2"). Prints {"pages": {PAGE: [phrase, ...]}} as JSON; the tests hold the expectations.
//
// One normalisation: the virtual reader speaks a link's name and then, again, the text of
// each element inside it ("link, Food and Drug Administration (FDA)", "Food and Drug
// Administration (", "FDA", ")", "end of link, ..."). Real screen readers speak such a link
// once (Orca: "Food and Drug Administration (FDA) link"), so when the pieces inside a link
// only spell out its name again they are dropped and the link is one phrase, as it is for a
// link of plain text. Anything else inside a link is kept, so a link whose text differs
// from its name still shows.
//
// It does not see what CSS does to Chromium's accessibility tree (text dropped from flex
// containers, say): the browser tests and a run of Orca cover that.

import fs from "node:fs";
import path from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";

const [root, ...pages] = process.argv.slice(2);
if (!root || !pages.length) {
  console.error("usage: node speech-walk.mjs SITE_DIR PAGE...");
  process.exit(2);
}

// The virtual reader and the Testing Library it uses look for a DOM in the globals.
const GLOBALS = ["window", "document", "navigator", "Node", "Element", "HTMLElement",
  "MutationObserver", "getComputedStyle"];
const MAX_PHRASES = 20000;

function install(dom) {
  for (const name of GLOBALS) {
    const value = dom.window[name];
    globalThis[name] = typeof value === "function" && name === "getComputedStyle"
      ? value.bind(dom.window) : value;
  }
}

function squash(text) {
  return text.replace(/\s+/g, " ").trim();
}

// "link, NAME", pieces that spell NAME, "end of link, NAME" -> "link, NAME".
function collapseLinks(phrases) {
  const out = [];
  for (let i = 0; i < phrases.length; i++) {
    const open = /^link, (.*)$/.exec(phrases[i]);
    if (open) {
      const close = phrases.indexOf(`end of link, ${open[1]}`, i + 1);
      if (close > i) {
        const inner = phrases.slice(i + 1, close);
        if (squash(inner.join(" ")).replace(/ ?([().,]) ?/g, "$1") ===
            squash(open[1]).replace(/ ?([().,]) ?/g, "$1")) {
          out.push(phrases[i]);
          i = close;
          continue;
        }
      }
    }
    out.push(phrases[i]);
  }
  return out;
}

const { virtual } = await import("@guidepup/virtual-screen-reader");
const result = { pages: {} };
for (const page of pages) {
  const file = path.join(root, page);
  // jsdom cannot compute styles of pseudo-elements and says so on its console: quiet it.
  const dom = new JSDOM(fs.readFileSync(file, "utf8"), {
    url: "http://127.0.0.1/" + page, virtualConsole: new VirtualConsole(),
  });
  // Browsers hide the content of a closed <details> from the accessibility tree; jsdom's
  // built-in style sheet does not, so the rule browsers follow is added here.
  const style = dom.window.document.createElement("style");
  style.textContent = "details:not([open]) > :not(summary:first-of-type) { display: none; }";
  dom.window.document.head.append(style);
  install(dom);
  await virtual.start({ container: dom.window.document.body, window: dom.window });
  let count = 0;
  while ((await virtual.lastSpokenPhrase()) !== "end of document") {
    if (++count > MAX_PHRASES) throw new Error(`${page}: no end of document after ${MAX_PHRASES} phrases`);
    await virtual.next();
  }
  result.pages[page] = collapseLinks((await virtual.spokenPhraseLog()).map(squash));
  await virtual.stop();
  dom.window.close();
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
