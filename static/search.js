// Full-text search in our own index (generator/outputs/search_index.py says how it is laid out):
// a search fetches the index's table, the chunks its words fall in, the lists of the events those
// words are in and the cards it draws; every piece fetched is kept for the next search. Loaded by
// static/timeline.js on first use.

const pieces = new Map(); // address -> the promise of its JSON
const NEAR = 0.75; // a form a word begins weighs this much of the word itself

function get(address) {
  if (!pieces.has(address)) {
    const loading = fetch(address).then((response) => {
      if (!response.ok) throw new Error(`${address}: HTTP ${response.status}`);
      return response.json();
    });
    loading.catch(() => pieces.delete(address)); // tried again next time
    pieces.set(address, loading);
  }
  return pieces.get(address);
}

// As search_index.py folds and splits: lower case, accents dropped, runs of letters and digits.
export const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
export const words = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) || [];

// The number of the last entry of a sorted list that is at most `key` (0 when none is).
function chunkOf(starts, key) {
  let low = 0, high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= key) low = middle; else high = middle - 1;
  }
  return low;
}

const termFile = (term) => /^[a-z0-9][a-z0-9-]{0,80}$/.test(term) ? term
  : "x" + [...new TextEncoder().encode(term)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function open(base) {
  const index = await get(base + "index.json");

  // The stems a word stands for, each with how near it is (1, or less for a longer word it
  // begins): its own (as the text has it, or as a stem); that of the form it would be with an ending
  // the text has shown; while it is being typed, those of the forms it begins; and in a language
  // with no stemmer, those of the forms sharing all but its last two letters ("апулії": "апулія").
  async function stemsOf(word, typing) {
    const found = new Map();
    const lookUp = async (key) => {
      const chunk = await get(`${base}w/${chunkOf(index.forms, key)}.json`);
      const entry = chunk.find((pair) => pair[0] === key);
      return entry ? entry[1] : null;
    };
    const own = await lookUp(word);
    if (own !== null) found.set(own, 1);
    else {
      for (const ending of index.endings) {
        if (ending && word.endsWith(ending) && word.length - ending.length >= 3) {
          const stem = await lookUp(word.slice(0, -ending.length));
          if (stem !== null) { found.set(stem, 1); break; }
        }
      }
    }
    const stemmed = index.endings.length > 0;
    const prefix = stemmed || word.length <= 4 ? word : word.slice(0, Math.max(4, word.length - 2));
    if (typing || !stemmed) {
      let n = chunkOf(index.forms, prefix), more = 0;
      for (; more < 40 && n < index.forms.length; n++) {
        const chunk = await get(`${base}w/${n}.json`);
        for (const [key, stem] of chunk) {
          if (key.startsWith(prefix) && more < 40 && !found.has(stem)) { found.set(stem, NEAR); more++; }
        }
        const last = chunk.length ? chunk[chunk.length - 1][0] : prefix;
        if (last >= prefix && !last.startsWith(prefix)) break; // the next chunk starts past its forms
      }
    }
    return found;
  }

  // The events a stem is in: event number -> weight (1 to 9).
  async function postings(stem) {
    const n = chunkOf(index.stems, stem);
    const chunk = await get(`${base}s/${n}.json`);
    const events = new Map();
    let event = -1;
    for (const value of chunk[stem - index.stems[n]]) {
      event += Math.floor(value / 10);
      events.set(event, value % 10);
    }
    return events;
  }

  async function filtered(param, term) {
    if (!(index.filters[param] || []).includes(term)) return new Set();
    const gaps = await get(`${base}f/${param}/${termFile(term)}.json`);
    let event = -1;
    return new Set(gaps.map((gap) => (event += gap)));
  }

  // Every event the words and filters ask for: with words, every word must match (in any of its
  // forms), ranked by weight and rarity; without, in the timeline's order (`sort`: "asc" or "desc").
  async function search(query, {filters = {}, sort = "asc"} = {}) {
    const asked = words(query);
    let scores = null;
    // each word: the events it matches, scored by the weight of its nearest form there and by how
    // rare the word is (all its forms together)
    const found = await Promise.all(asked.map(async (word, i) => {
      const stems = [...(await stemsOf(word, i === asked.length - 1)).entries()];
      const lists = await Promise.all(stems.map(([stem]) => postings(stem)));
      const matched = new Map();
      lists.forEach((list, n) => {
        for (const [event, weight] of list) matched.set(event, Math.max(matched.get(event) || 0, weight * stems[n][1]));
      });
      const rarity = Math.log(1 + index.count / Math.max(matched.size, 1));
      for (const [event, weight] of matched) matched.set(event, weight * rarity);
      return matched;
    }));
    for (const matched of found) {
      if (scores === null) scores = matched;
      else {
        const both = new Map();
        for (const [event, score] of matched) if (scores.has(event)) both.set(event, scores.get(event) + score);
        scores = both;
      }
    }
    let events = scores === null ? Array.from({length: index.count}, (_, n) => n) : [...scores.keys()];
    const chosen = await Promise.all(Object.entries(filters).filter(([, term]) => term)
      .map(([param, term]) => filtered(param, term)));
    for (const set of chosen) events = events.filter((event) => set.has(event));
    if (scores !== null) events.sort((a, b) => scores.get(b) - scores.get(a) || b - a);
    else if (sort === "desc") events.reverse();
    return {results: events.map((event) => ({id: event, data: () => card(event, asked)}))};
  }

  async function card(event, asked) {
    const shown = await get(`${base}e/${event}.json`);
    return {url: shown.url, meta: shown.meta, excerpt: excerpt(shown.text || "", asked)};
  }

  return {search};
}

// The text around the first word found, about 24 words, each word found marked (as HTML, the text
// escaped): a word of the text is found when it begins with the word asked, or shares most of it.
const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function matches(token, asked) {
  return asked.some((word) => token.startsWith(word) ||
    (word.length >= 5 && token.startsWith(word.slice(0, Math.max(4, word.length - 3)))));
}

export function excerpt(text, asked, length = 24) {
  const tokens = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  if (!tokens.length) return "";
  const first = Math.max(0, tokens.findIndex((token) => matches(fold(token[0]), asked)));
  const from = Math.max(0, Math.min(first - 6, tokens.length - length));
  const shown = tokens.slice(from, from + length);
  let html = "", at = shown[0].index;
  for (const token of shown) {
    html += escape(text.slice(at, token.index));
    html += matches(fold(token[0]), asked) ? `<mark>${escape(token[0])}</mark>` : escape(token[0]);
    at = token.index + token[0].length;
  }
  return html;
}
