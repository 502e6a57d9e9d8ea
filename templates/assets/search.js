// nmo-feed: the search page, on Pagefind's JavaScript API (not its own interface).
// The index is in shards (render/search_index.py): the primary bundle (Pagefind's script,
// WebAssembly and the glossary) is loaded, then each episode shard is merged into it.
// A result links to the paragraph where the words were said: Pagefind keeps where each
// element with an id starts, and the first match's paragraph is the last of those before it.
// Nothing from the index reaches the page as HTML: titles and excerpts are text nodes, and
// the <mark> elements around matched words are made here.
// The result count is said once per search, in one polite status message, after the reader
// presses Enter or stops typing; never on each key, and never "Searching..." first.
// Every word comes from the page (data- attributes of #search), in the page's language: the
// count's message is chosen by the plural category of the number in that language.
const PAUSE_MS = 800;    // a pause in typing this long searches
const WORDS = 30;        // words in an excerpt

const box = document.getElementById("search");
const form = box && box.querySelector("form");
const field = document.getElementById("search-query");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const SHOWN = box ? Number(box.dataset.shown) : 0; // results listed (render/search_page.py)
const language = document.documentElement.lang || "en";

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

function message(name, values) {
  return fill(box.dataset[name], values);
}

// "3 results for …": the page gives one message per plural category of its language
// (data-results-one, data-results-other, ...), with the number written as that language does.
function counted(count, query) {
  const category = new Intl.PluralRules(language).select(count);
  const key = `results${category[0].toUpperCase()}${category.slice(1)}`;
  const text = box.dataset[key] || box.dataset.resultsOther;
  const sentence = fill(text, { count: new Intl.NumberFormat(language).format(count), query });
  return count > SHOWN ? `${sentence} ${box.dataset.listed}` : sentence;
}

let pagefind = null;
async function load() {
  if (!pagefind) {
    pagefind = (async () => {
      const base = new URL(box.dataset.pagefind, document.baseURI).href;
      const api = await import(`${base}pagefind.js`);
      await api.options({ basePath: base, excerptLength: WORDS });
      await api.init();
      const shards = box.dataset.shards.split(" ").filter(Boolean);
      await Promise.all(
        shards.map((shard) => api.mergeIndex(new URL(shard, document.baseURI).href)),
      );
      return api;
    })();
  }
  return pagefind;
}

// The first matched word in reading order (the transcript comes first in each record), and
// the element with an id it is in.
function firstPlace(data) {
  const at = Math.min(...(data.locations || []), Infinity);
  const anchors = (data.anchors || [])
    .filter((a) => a.id)
    .sort((a, b) => a.location - b.location);
  let anchor = null;
  let end = Infinity;
  for (const candidate of anchors) {
    if (candidate.location <= at) anchor = candidate;
    else { end = candidate.location; break; }
  }
  return { at: at === Infinity ? 0 : at, anchor, start: anchor ? anchor.location : 0, end };
}

function link(data, anchor) {
  const root = new URL(box.dataset.root || "./", document.baseURI);
  const page = new URL(data.raw_url || data.url, root);
  if (anchor) page.hash = anchor.id;
  return page.href;
}

// The excerpt as text and <mark> elements: the words around the match, within its paragraph.
function excerpt(data, place) {
  const words = (data.content || "").split(/[\r\n\s]+/g);
  const last = Math.min(words.length, place.end);
  let from = Math.max(place.start, place.at - Math.floor(WORDS / 3));
  const to = Math.min(last, from + WORDS);
  from = Math.max(place.start, Math.min(from, to - WORDS));
  const marked = new Set(data.locations || []);
  const parts = [];
  if (from > place.start) parts.push("…");
  for (let i = from; i < to; i += 1) {
    if (marked.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = words[i];
      parts.push(mark);
    } else {
      parts.push(words[i]);
    }
  }
  if (to < last) parts.push("…");
  // Runs of words are one text node each, with a space between every two parts.
  const p = document.createElement("p");
  p.className = "excerpt";
  let text = "";
  parts.forEach((part, index) => {
    const gap = index ? " " : "";
    if (typeof part === "string") {
      text += gap + part;
    } else {
      p.append(text + gap, part);
      text = "";
    }
  });
  if (text) p.append(text);
  return p;
}

function item(data) {
  const place = firstPlace(data);
  const li = document.createElement("li");
  const heading = document.createElement("h3");
  const a = document.createElement("a");
  a.href = link(data, place.anchor);
  a.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(a);
  li.append(heading, excerpt(data, place));
  return li;
}

let asked = 0;      // the latest search started; older ones that finish later are dropped
let said = null;    // the query whose count was last said, so it is not said twice
async function search(query) {
  query = query.trim();
  if (!query || query === said) return;
  const mine = ++asked;
  let found;
  let records;
  try {
    const api = await load();
    found = await api.search(query);
    records = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  } catch (error) {
    if (mine === asked) {
      results.replaceChildren();
      status.textContent = message("failed", {});
      said = null;
    }
    return;
  }
  if (mine !== asked) return;
  const count = found.results.length;
  const list = document.createElement("ol");
  list.className = "search-results";
  list.append(...records.map(item));
  results.replaceChildren(...(count ? [list] : []));
  said = query;
  status.textContent = count ? counted(count, query) : message("none", { query });
}

if (box && form && field && status && results) {
  box.hidden = false;
  let timer = 0;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    if (!field.value.trim()) {
      // An emptied field empties the results and the status, which says nothing.
      asked += 1;
      said = null;
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    timer = setTimeout(() => search(field.value), PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(field.value);
  });
  // A link back to this page with ?q=words searches at once (and a reload keeps it).
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    field.value = query;
    search(query);
  }
}
