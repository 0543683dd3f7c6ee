/* The timeline page's filter and search: progressive enhancement, no framework, no third party.
 *
 * Without this script the page is complete: every event (or every page of events) and plain
 * links to the kind, status, party and year pages. With it, a form filters by kind, status,
 * party, year and the site's own taxonomies (the page says which, in data-facets) and searches title, summary, parties and place across *all* events (from
 * search-index.json, fetched on first use); the query string holds the state, so a filtered
 * view can be shared and the back button undoes a change; a live region says "N of M events".
 * It listens to its own form only: no key is captured anywhere else on the page.
 */
(function () {
  "use strict";

  var form = document.getElementById("filter");
  if (!form || !window.fetch || !window.URLSearchParams || !("hidden" in form)) return;
  var results = document.getElementById("filter-results");
  var list = document.getElementById("timeline-list");
  var status = document.getElementById("filter-count");
  // the facets come from the page (the site's taxonomies): each names its query parameter, the search
  // index's field it matches and whether that field is a range of years
  var FACETS = JSON.parse(form.getAttribute("data-facets") || "[]");
  var FIELDS = ["q"].concat(FACETS.map(function (facet) { return facet.name; }));
  var LIMIT = 300; // results drawn at once; the count still covers them all
  var index = null;
  var pending = null;
  var typing = false;
  // what it says comes from the page, in the page's language, with the language's plural rules
  var strings = JSON.parse(form.getAttribute("data-strings") || "{}");
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;

  // In an embed the form shows only with ?controls=1 (the query still filters without it), and
  // filtering never adds to the history: the host page's back button must leave the article.
  var embedded = form.hasAttribute("data-embed");
  form.hidden = embedded && new URLSearchParams(window.location.search).get("controls") !== "1";
  jumpToAnchor();

  // -- state: the form <-> the query string ------------------------------------------------------

  function fromQuery() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FIELDS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function fromForm() {
    var state = {};
    FIELDS.forEach(function (name) { state[name] = form.elements[name].value.trim(); });
    return state;
  }

  function showInForm(state) {
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      field.value = state[name];
      if (field.value !== state[name]) field.value = ""; // a value no option has
    });
  }

  function isActive(state) {
    return FIELDS.some(function (name) { return state[name] !== ""; });
  }

  function queryOf(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    if (embedded) { // keep the embed's own options
      var current = new URLSearchParams(window.location.search);
      ["controls", "start", "theme"].forEach(function (name) { if (current.get(name)) params.set(name, current.get(name)); });
    }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function record(state, replace) {
    var url = queryOf(state);
    if (url === window.location.pathname + window.location.search) return;
    if (replace || embedded) window.history.replaceState(state, "", url);
    else window.history.pushState(state, "", url);
  }

  function say(name, number, values) {
    var forms = strings[name];
    if (forms === undefined) return "";
    var text = typeof forms === "string" ? forms : forms[plurals ? plurals.select(number) : "other"] || forms.other;
    return text.replace(/\{(\w+)\}/g, function (whole, key) { return String(values[key]); });
  }

  // -- matching ------------------------------------------------------------------------------------

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!pending) {
      pending = window.fetch(form.getAttribute("data-index"))
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          data.events.forEach(function (event) {
            var names = event.parties.map(function (id) { return data.parties[id] || id; });
            event.partyNames = names;
            event.text = fold([event.title, event.summary, event.location].concat(names).join(" \u0001 "));
          });
          index = data;
          return data;
        });
      pending.catch(function () { pending = null; });
    }
    return pending;
  }

  function hasTerm(event, facet, chosen) {
    var value = facet.terms ? (event.terms || {})[facet.field] || [] : event[facet.field];
    if (facet.range) return value[0] <= Number(chosen) && Number(chosen) <= value[1];
    return Array.isArray(value) ? value.indexOf(chosen) >= 0 : value === chosen;
  }

  function matches(event, state, words) {
    var outside = FACETS.some(function (facet) { return state[facet.name] && !hasTerm(event, facet, state[facet.name]); });
    return !outside && words.every(function (word) { return event.text.indexOf(word) >= 0; });
  }

  // -- drawing -------------------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // An event not yet translated shows its text in the original: marked with its lang, as the
  // pages mark it, and with the pages' visible badge.
  function inOriginal(event, field, node) {
    if (event.original && event.original.fields.indexOf(field) >= 0) node.lang = event.original.lang;
    return node;
  }

  function card(event, data) {
    var item = element("li", "event kind-" + event.kind + " shape-" + (data.shapes[event.kind] || "circle"));
    var article = element("article");
    article.appendChild(element("p", "event-date", event.date));
    var heading = element("h3", "event-title");
    var link = inOriginal(event, "title", element("a", "", event.title));
    link.href = event.url;
    heading.appendChild(link);
    article.appendChild(heading);
    var meta = element("p", "meta");
    meta.appendChild(element("span", "badge kind kind-" + event.kind, data.kinds[event.kind] || event.kind));
    if (event.status) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "badge status", data.statuses[event.status] || event.status));
    }
    if (event.location) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(inOriginal(event, "location", element("span", "location", event.location)));
    }
    if (event.original) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "badge untranslated", strings.untranslated));
    }
    article.appendChild(meta);
    if (event.summary) article.appendChild(inOriginal(event, "summary", element("p", "summary", event.summary)));
    if (event.partyNames.length) {
      var parties = element("p", "parties-line", event.partyNames.join(", "));
      article.appendChild(parties);
    }
    item.appendChild(article);
    return item;
  }

  function draw(found, data) {
    var ordered = data.order === "newest-first" ? found.slice().reverse() : found;
    var shown = ordered.slice(0, LIMIT);
    var fragment = document.createDocumentFragment();
    var year = null;
    var events = null;
    shown.forEach(function (event) {
      if (event.years[0] !== year) {
        year = event.years[0];
        var section = element("section", "year");
        section.appendChild(element("h2", "year-heading", String(year)));
        events = element("ol", "events");
        section.appendChild(events);
        fragment.appendChild(section);
      }
      events.appendChild(card(event, data));
    });
    if (found.length > shown.length) {
      fragment.appendChild(element("p", "filter-more", say("more", shown.length, {shown: shown.length})));
    }
    if (!found.length) fragment.appendChild(element("p", "filter-none", say("none", 0, {})));
    results.replaceChildren(fragment);
  }

  function apply(state) {
    if (!isActive(state)) {
      results.hidden = true;
      results.replaceChildren();
      list.hidden = false;
      var total = Number(form.getAttribute("data-total"));
      status.textContent = index || status.textContent ? say("all", total, {total: total}) : "";
      return Promise.resolve();
    }
    return load().then(function (data) {
      if (JSON.stringify(state) !== JSON.stringify(fromForm())) return; // a newer change is on its way
      var words = fold(state.q).split(/\s+/).filter(Boolean);
      var found = data.events.filter(function (event) { return matches(event, state, words); });
      draw(found, data);
      list.hidden = true;
      results.hidden = false;
      status.textContent = say("count", data.events.length, {shown: found.length, total: data.events.length});
    }, function () {
      status.textContent = say("failed", 0, {});
    });
  }

  // -- events --------------------------------------------------------------------------------------

  var timer = null;
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var state = fromForm();
      record(state, typing); // the first keystroke makes a history entry, the rest refine it
      typing = true;
      apply(state);
    }, 150);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName !== "SELECT") return;
    typing = false;
    var state = fromForm();
    record(state, false);
    apply(state);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter in the search box: already applied
    typing = false;
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      typing = false;
      var state = fromForm();
      record(state, false);
      apply(state);
    }, 0);
  });
  window.addEventListener("popstate", function () {
    typing = false;
    var state = fromQuery();
    showInForm(state);
    apply(state);
  });

  var initial = fromQuery();
  if (isActive(initial)) {
    showInForm(initial);
    apply(initial);
  }

  // A timeline page's address as this view has it: in an embed, the embed's page of the same events.
  function inThisView(page) {
    var embed = form.getAttribute("data-embed");
    if (!embed) return page;
    var home = embed.slice(0, embed.length - "embed/".length);
    return embed + page.slice(home.length);
  }

  // An anchor (#slug), or an embed's ?start=<slug>, naming an event on another page of a paginated
  // timeline: go to that page (keeping the embed's options; embedded.js then opens at the event).
  function jumpToAnchor() {
    var start = embedded ? new URLSearchParams(window.location.search).get("start") : null;
    var slug = decodeURIComponent(window.location.hash.slice(1)) || start || "";
    if (!slug || document.getElementById(slug) || !/^[a-z0-9-]+$/.test(slug)) return;
    load().then(function (data) {
      var event = data.events.filter(function (e) { return e.slug === slug; })[0];
      var page = event && event.page && inThisView(event.page);
      if (page && page !== window.location.pathname) {
        window.location.replace(page + (embedded ? window.location.search : "") + (start ? "" : "#" + slug));
      }
    }, function () {});
  }
})();
