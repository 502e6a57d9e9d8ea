// Read one podcast feed with the npm parsers podcast apps and directories use, and print every
// view as one JSON object on stdout: {"partytime": ..., "feedsmith": ..., "rssParser": ...,
// "podverse": ...}.
//
//   node read-feed.mjs path/to/feed.xml
//
// podcast-partytime is Podcast Index's own parser; feedsmith is a second, namespace-aware
// reader; rss-parser is the most used RSS reader on npm; @podverse/podcast-feed-parser is the
// parser the Podverse project publishes. The pytest suite (tests/external/test_feed_readers.py)
// runs this once per built site (NMO, full, video) and asks each view for items, guids,
// enclosures, authors, summaries and page links, transcripts, people, chapters, alternate
// enclosures, locked, medium, seasons and episode numbers. Every view is printed whole, so a
// test can ask for any field without changing this script.
import { readFileSync } from "node:fs";
import partytime from "podcast-partytime";
import { parseFeed } from "feedsmith";
import RssParser from "rss-parser";
import podverse from "@podverse/podcast-feed-parser";

const [feedPath] = process.argv.slice(2);
if (!feedPath) {
  console.error("usage: node read-feed.mjs FEED.xml");
  process.exit(2);
}
const xml = readFileSync(feedPath, "utf8");

// partytime stamps the time of parsing as lastUpdate; drop it so the output depends only on
// the feed.
const { lastUpdate, ...partytimeFeed } = partytime.parseFeed(xml);
const feedsmith = parseFeed(xml);
const rssParser = await new RssParser().parseString(xml);
// Only the parsing half of the Podverse parser: getPodcastFromURL would fetch.
const podverseFeed = podverse.getPodcastFromFeed(xml);

process.stdout.write(
  JSON.stringify({ partytime: partytimeFeed, feedsmith, rssParser, podverse: podverseFeed }),
);
