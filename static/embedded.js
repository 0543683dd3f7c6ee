/* Inside an embed (/embed/...): tell the host page how tall the content is, and open at ?start=.
 *
 * The height goes to the parent in the two formats newsroom CMSs already understand: pym.js's
 * "pymxPYMx<id>xPYMxheightxPYMx<px>" string and AMP's {sentinel: "amp", type: "embed-size"}.
 * It is sent on load, whenever the content's size changes (a filter, a resize, fonts, pictures)
 * and when a frame first shown in a hidden tab becomes visible. Nothing else leaves the frame.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  startAt(params.get("start"));
  keepOptions(["controls", "theme"]);
  if (window.parent === window) return; // opened on its own: no host to tell its height
  var pymId = params.get("childId") || "";
  var root = document.documentElement;
  var last = 0;

  function post() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (!height || height === last) return;
    last = height;
    window.parent.postMessage({sentinel: "amp", type: "embed-size", height: height}, "*");
    window.parent.postMessage("pymxPYMx" + pymId + "xPYMxheightxPYMx" + height, "*");
  }

  // Not on the next animation frame: Chrome runs none in a cross-origin frame outside the viewport,
  // and a frame below the fold must be sized before the reader scrolls to it.
  function soon() { window.setTimeout(post, 0); }

  if (window.ResizeObserver) new ResizeObserver(soon).observe(root);
  window.addEventListener("load", soon);
  window.addEventListener("resize", function () { last = 0; soon(); });
  document.addEventListener("visibilitychange", function () { last = 0; soon(); });
  window.addEventListener("message", function (event) { // the host asks again (embed.js, pym's "height" request)
    if (event.source === window.parent && (event.data === "timeline-embed:height" ||
        String(event.data).indexOf("xPYMxheight") >= 0)) { last = 0; soon(); }
  });
  soon();

  // The embed's own options (?controls=1, ?theme=) follow the reader to its other pages.
  function keepOptions(names) {
    var kept = names.filter(function (name) { return params.get(name); });
    if (!kept.length) return;
    document.querySelectorAll('a[target="_self"]').forEach(function (link) {
      var url = new URL(link.href);
      kept.forEach(function (name) { url.searchParams.set(name, params.get(name)); });
      link.href = url.toString();
    });
  }

  // ?start=<slug>: open at that event, with the earlier ones a click away.
  function startAt(slug) {
    if (!slug || !/^[a-z0-9-]+$/.test(slug)) return;
    var card = document.getElementById(slug);
    if (!card || !card.closest(".events")) return; // on another page: timeline.js goes there
    var hidden = [];
    var cards = document.querySelectorAll("#timeline-list .events > li");
    for (var i = 0; i < cards.length && cards[i] !== card; i++) hidden.push(cards[i]);
    if (!hidden.length) return;
    hidden.forEach(function (item) { item.hidden = true; });
    document.querySelectorAll("#timeline-list section.year").forEach(function (section) {
      if (!section.querySelector(".events > li:not([hidden])")) section.hidden = true;
    });
    card.classList.add("start");
    var more = document.createElement("button");
    more.type = "button";
    more.className = "show-earlier";
    more.textContent = (document.body.getAttribute("data-earlier") || "Show the %n before").replace("%n", hidden.length);
    more.addEventListener("click", function () {
      hidden.forEach(function (item) { item.hidden = false; });
      document.querySelectorAll("#timeline-list section.year[hidden]").forEach(function (s) { s.hidden = false; });
      more.remove();
      card.querySelector("a").focus();
    });
    var list = document.querySelector("#timeline-list .timeline");
    list.parentNode.insertBefore(more, list);
  }
})();
