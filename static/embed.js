/* For the page that embeds a timeline: fits each <iframe data-timeline-embed> to its content.
 *
 * Load it once, anywhere on the page, with the snippet's <script async>. It listens for the
 * height the embed posts (pym.js and AMP embed-size formats), only from the frame it belongs to
 * and only from the frame's own origin, and sets that frame's height; without it (or without
 * scripts) the frame keeps the shape its aspect-ratio gives it. It sets no cookie and loads
 * nothing.
 */
(function () {
  "use strict";

  if (window.__timelineEmbeds) return; // the snippet pasted twice: one listener is enough
  window.__timelineEmbeds = true;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-timeline-embed]"));
  }

  function heightIn(data) {
    if (data && typeof data === "object" && data.sentinel === "amp" && data.type === "embed-size") {
      return Number(data.height);
    }
    if (typeof data === "string") {
      var parts = data.split("xPYMx");
      if (parts.length === 4 && parts[2] === "height") return Number(parts[3]);
    }
    return NaN;
  }

  window.addEventListener("message", function (event) {
    var height = heightIn(event.data);
    if (!(height > 0 && height < 100000)) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      if (new URL(frame.src, window.location.href).origin !== event.origin) return;
      frame.style.aspectRatio = "auto";
      frame.style.height = height + "px";
    });
  });

  // A frame loaded before this script ran has already spoken: ask it again.
  frames().forEach(function (frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage("timeline-embed:height", "*"); // says nothing: any origin may hear it
  });
})();
