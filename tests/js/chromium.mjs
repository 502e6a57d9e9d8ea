// What the browser scripts share (browser-check.mjs, embed-check.mjs): axe-core with the
// tags the project holds its pages to, and Debian's Chromium launched for a closed network.

import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_VERSION = require("axe-core/package.json").version;
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"];
// Flags for a closed network and a root user (reference/accessibility.md §3.1); autoplay is
// allowed so play() after a seek cannot be refused for want of a user gesture.
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-quic", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
  // No host name resolves: nothing can leave this machine even if a request escaped routing.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

// Environment: CHROMIUM (default /usr/bin/chromium, Debian's; no browser is ever downloaded).
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS,
  });
}

// axe-core's violations in a page or a frame (its own document only).
export async function axe(target) {
  await target.addScriptTag({ content: AXE_SOURCE });
  return target.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  }, AXE_TAGS);
}
