// Parse WebVTT files with the strict npm webvtt-parser (the validator behind quuz.org/webvtt)
// and print, as JSON on stdout, each file's errors and cues:
//   {"path": {"errors": [{message, line, col}], "cues": [{start, end, voice, text}]}}
//
//   node check-vtt.mjs a.vtt b.vtt ...
//
// Strict: no parse mode is given, so cue text is checked too (the "metadata" mode would skip
// that), and the full HTML entity table is loaded as the README advises for spec behaviour.
import { readFileSync } from "node:fs";
import webvtt from "webvtt-parser";

const entities = JSON.parse(
  readFileSync(new URL("./node_modules/webvtt-parser/html-entities.json", import.meta.url), "utf8"),
);
const parser = new webvtt.WebVTTParser(entities);

// The text of a cue tree, tags removed and character references decoded.
function plainText(node) {
  if (node.type === "text") return node.value;
  return (node.children ?? []).map(plainText).join("");
}

// The annotation of the cue's first <v> span, or null when the cue has no voice.
function voice(node) {
  for (const child of node.children ?? []) {
    if (child.type === "object" && child.name === "v") return child.value;
  }
  return null;
}

const report = {};
for (const path of process.argv.slice(2)) {
  const { cues, errors } = parser.parse(readFileSync(path, "utf8"));
  report[path] = {
    errors,
    cues: cues.map((cue) => ({
      start: cue.startTime,
      end: cue.endTime,
      voice: voice(cue.tree),
      text: plainText(cue.tree),
    })),
  };
}
process.stdout.write(JSON.stringify(report));
