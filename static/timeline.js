/* The timeline page's filter and search: progressive enhancement, no framework, no third party.
 *
 * Without this script the page is complete: every event (or every page of events) and plain
 * links to the kind, status, party and year pages. With it, a form filters by kind, status,
 * party, year and the site's own taxonomies (the page says which, in data-facets) and searches
 * every word of *all* events (titles, summaries, bodies, quoted passages, places, parties, the
 * site's own fields) in our index (static/search.js), loaded in pieces on first use: a search
 * downloads the chunks of its words and the cards it draws, 20 at a time. The query
 * string holds the state, so a filtered view can be shared and the back button undoes a change;
 * a live region says "N of M events".
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
  var PAGE = 20; // cards drawn at once (each fetches its fragment); a button draws the next ones
  var pending = null; // the index, loading or loaded
  var shown = null; // the results drawn, all of them (the cards of the first ones)
  var searched = false;
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

  // -- searching: our index (static/search.js), loaded on first use -------------------------------

  function load() {
    if (!pending) {
      pending = import(form.getAttribute("data-search")).then(function (search) {
        return search.open(form.getAttribute("data-index"));
      });
      pending.catch(function () { pending = null; });
    }
    return pending;
  }

  // Every event the state asks for: with words, ranked by how well they match; with choices alone,
  // in the timeline's order. Each result is only a handle: its card's data is fetched when drawn.
  function find(index, state) {
    var filters = {};
    FACETS.forEach(function (facet) { if (state[facet.name]) filters[facet.name] = state[facet.name]; });
    var words = state.q.trim();
    var options = {filters: filters};
    if (!words) options.sort = form.getAttribute("data-order") === "newest-first" ? "desc" : "asc";
    return index.search(words, options);
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
  function inOriginal(meta, field, node) {
    if (meta.original && (" " + meta.original_fields + " ").indexOf(" " + field + " ") >= 0) node.lang = meta.original;
    return node;
  }

  // The excerpt: the text around the words found, which it marks with <mark>; each part read
  // as a textarea reads its content (entities decoded, no element made), so nothing else is markup.
  var decoder = document.createElement("textarea");
  function excerpt(html) {
    var node = element("p", "excerpt");
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>" || part === "</mark>") return part === "<mark>";
      decoder.innerHTML = part;
      var text = decoder.value;
      node.appendChild(marked ? element("mark", "", text) : document.createTextNode(text));
      return marked;
    }, false);
    return node;
  }

  function card(data, ranked) {
    var meta = data.meta;
    var item = element("li", "event kind-" + meta.kind + " shape-" + (meta.shape || "circle"));
    var article = element("article");
    article.appendChild(element("p", "event-date", meta.date));
    var heading = element("h3", "event-title");
    var link = inOriginal(meta, "title", element("a", "", meta.title));
    link.href = data.url;
    heading.appendChild(link);
    article.appendChild(heading);
    var line = element("p", "meta");
    line.appendChild(element("span", "badge kind kind-" + meta.kind, meta.kind_label));
    if (meta.status) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "badge status", meta.status));
    }
    if (meta.location) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(inOriginal(meta, "location", element("span", "location", meta.location)));
    }
    if (meta.original) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "badge untranslated", strings.untranslated));
    }
    article.appendChild(line);
    if (meta.summary) article.appendChild(inOriginal(meta, "summary", element("p", "summary", meta.summary)));
    if (ranked && data.excerpt) article.appendChild(excerpt(data.excerpt));
    if (meta.parties) article.appendChild(element("p", "parties-line", meta.parties));
    item.appendChild(article);
    return item;
  }

  // Draw the next PAGE of results after those drawn: in the timeline's order under year headings,
  // or ranked in one list; a button fetches the page after.
  function drawMore(found, ranked, drawn) {
    var next = found.slice(drawn, drawn + PAGE);
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (cards) {
      if (found !== shown) return; // a newer search has drawn since
      var more = results.querySelector(".filter-more");
      if (more) more.remove();
      var lists = results.querySelectorAll("ol.events");
      var events = lists.length ? lists[lists.length - 1] : null;
      var year = events && events.getAttribute("data-year");
      cards.forEach(function (data) {
        var cardYear = ranked ? "" : data.meta.year;
        if (!events || cardYear !== year) {
          year = cardYear;
          events = element("ol", "events");
          events.setAttribute("data-year", year);
          var section = element("section", ranked ? "year results" : "year");
          if (!ranked) section.appendChild(element("h2", "year-heading", year));
          section.appendChild(events);
          results.appendChild(section);
        }
        events.appendChild(card(data, ranked));
      });
      var left = found.length - drawn - next.length;
      if (left > 0) {
        var button = element("button", "filter-more", say("more", Math.min(left, PAGE), {count: Math.min(left, PAGE)}));
        button.type = "button";
        button.addEventListener("click", function () {
          button.disabled = true;
          var focusAt = results.querySelectorAll(".event").length;
          drawMore(found, ranked, drawn + next.length).then(function () {
            var first = results.querySelectorAll(".event .event-title a")[focusAt];
            if (first) first.focus(); // the reader goes on from the first card added
          });
        });
        results.appendChild(button);
      }
    });
  }

  function apply(state) {
    if (!isActive(state)) {
      shown = null;
      results.hidden = true;
      results.replaceChildren();
      list.hidden = false;
      var total = Number(form.getAttribute("data-total"));
      status.textContent = searched ? say("all", total, {total: total}) : "";
      return Promise.resolve();
    }
    return load().then(function (index) {
      return find(index, state);
    }).then(function (search) {
      if (!search || JSON.stringify(state) !== JSON.stringify(fromForm())) return; // a newer change is on its way
      searched = true;
      shown = search.results;
      var found = shown;
      results.replaceChildren();
      if (!found.length) results.appendChild(element("p", "filter-none", say("none", 0, {})));
      list.hidden = true;
      results.hidden = false;
      return drawMore(found, Boolean(state.q.trim()), 0).then(function () {
        if (found !== shown) return;
        var total = Number(form.getAttribute("data-total"));
        status.textContent = say("count", total, {shown: found.length, total: total}); // said once the cards are there
      });
    }).catch(function () {
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

  // -- jumps: to an event, or a date, on another page of a paginated timeline -----------------------

  // The page of this view (the timeline, or the embed's) holding a day, from the pages' links:
  // each says the first and last day its events start on; a day between two pages goes to the later.
  function pageOf(day) {
    var pages = Array.prototype.slice.call(document.querySelectorAll(".pagination ol a[data-first]"));
    var holding = pages.filter(function (a) { return a.getAttribute("data-first") <= day && day <= a.getAttribute("data-last"); });
    if (holding.length) return holding[0];
    var later = pages.filter(function (a) { return a.getAttribute("data-first") > day; });
    later.sort(function (a, b) { return a.getAttribute("data-first") < b.getAttribute("data-first") ? -1 : 1; });
    return later[0] || pages[form.getAttribute("data-order") === "newest-first" ? 0 : pages.length - 1] || null;
  }

  // "Go to a date" (a paginated timeline's): the page holding the day, at the event nearest to it.
  var jump = document.getElementById("jump");
  if (jump) {
    jump.hidden = false;
    jump.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = jump.elements.date.value;
      var link = /^\d{4}-\d{2}-\d{2}$/.test(day) && pageOf(day);
      if (link && link.pathname !== window.location.pathname) window.location.assign(link.pathname + "#on-" + day);
      else if (day) showDay(day);
    });
    var asked = /^#on-(\d{4}-\d{2}-\d{2})$/.exec(window.location.hash);
    if (asked) showDay(asked[1]);
  }

  // The card starting nearest to a day, scrolled to and focused (its title's link).
  function showDay(day) {
    var target = Date.parse(day);
    var nearest = null;
    var distance = Infinity;
    Array.prototype.forEach.call(list.querySelectorAll("li.event"), function (card) {
      var time = card.querySelector(".event-date time");
      var when = time && Date.parse((time.getAttribute("datetime") + "-01-01").slice(0, 10));
      if (when !== null && Math.abs(when - target) < distance) {
        distance = Math.abs(when - target);
        nearest = card;
      }
    });
    var link = nearest && nearest.querySelector(".event-title a");
    if (!link) return;
    nearest.scrollIntoView({block: "start"});
    link.focus({preventScroll: true});
  }

  // An anchor (#slug), or an embed's ?start=<slug>, naming an event on another page: its page says
  // when it starts (its JSON-LD), and the pages' links which page holds that day. Embeds keep their options.
  function jumpToAnchor() {
    var start = embedded ? new URLSearchParams(window.location.search).get("start") : null;
    var slug = decodeURIComponent(window.location.hash.slice(1)) || start || "";
    if (!slug || document.getElementById(slug) || !/^[a-z0-9-]+$/.test(slug) || /^on-\d{4}-\d{2}-\d{2}$/.test(slug)) return;
    if (!document.querySelector(".pagination ol a[data-first]")) return;
    window.fetch(form.getAttribute("data-home") + "events/" + slug + "/").then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var when = Array.prototype.map.call(page.querySelectorAll('script[type="application/ld+json"]'), function (data) {
        return String(JSON.parse(data.textContent).startDate || "");
      }).filter(Boolean)[0] || "";
      var link = /^\d{4}/.test(when) && pageOf((when + "-01-01").slice(0, 10));
      if (link && link.pathname !== window.location.pathname) {
        window.location.replace(link.pathname + (embedded ? window.location.search : "") + (start ? "" : "#" + slug));
      }
    }).catch(function () {});
  }
})();
