// Smooth zoom and pan of the overview strip (site/overview.py). The strip is drawn at build time
// over the time it covers; each mark, bar and era band says the days it covers (data-from,
// data-to), so this script draws them again over a narrower window as the reader zooms. It
// listens only inside the strip: keys while focus is in it, the wheel only with Ctrl (a trackpad's
// pinch), a drag to pan; the page's own scroll and keys are left alone. Without it, the links under
// the strip (site/zoom.py) go from level to level.
(() => {
  "use strict";
  const DAY = 864e5, WIDTH = 960, LEFT = 12, RIGHT = 12, MARK = 7, SPAN = WIDTH - LEFT - RIGHT;
  const FEWEST_DAYS = 45; // the narrowest window: a month and a half
  const STEP = 2; // a button's or key's zoom
  const reduced = matchMedia("(prefers-reduced-motion: reduce)");
  const day = (iso) => Date.parse(iso + "T00:00:00Z");
  const clamp = (x) => Math.min(Math.max(x, LEFT), WIDTH - RIGHT);

  function zoomable(figure) {
    const svg = figure.querySelector(".overview-strip");
    if (!svg || !svg.dataset.start) return;
    const whole = [day(svg.dataset.start), day(svg.dataset.end)];
    const fewest = Math.min(FEWEST_DAYS * DAY, whole[1] - whole[0]);
    const mirrored = getComputedStyle(figure).direction === "rtl";
    const months = (svg.dataset.months || "").split("|");
    const language = document.documentElement.lang || undefined;
    const xAt = (view) => (t) => LEFT + SPAN * (t - view[0]) / (view[1] - view[0]);
    const drawn = xAt(whole);
    const pieces = [...svg.querySelectorAll("[data-from]")].map((node) => piece(node, drawn, mirrored));
    const ticks = svg.querySelector(".ticks");
    let view = whole.slice(), animation = 0;

    // -- the buttons, and what they say the window is -------------------------------------------
    const tools = document.createElement("div");
    tools.className = "zoom-tools";
    const button = (word, act) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = word;
      b.addEventListener("click", act);
      tools.append(b);
      return b;
    };
    const words = figure.dataset;
    const zoomIn = button(words.zoomIn, () => zoomBy(1 / STEP));
    const zoomOut = button(words.zoomOut, () => zoomBy(STEP));
    const earlier = button(words.earlier, () => pan(-1 / 3));
    const later = button(words.later, () => pan(1 / 3));
    const reset = button(words.reset, () => go(whole));
    const shown = document.createElement("output");
    shown.setAttribute("aria-live", "polite");
    tools.append(shown);
    let nav = figure.querySelector("nav.zoom"); // beside the links to the other levels, or where they would be
    if (!nav) {
      nav = document.createElement("div");
      nav.className = "zoom";
      (figure.querySelector("figcaption") || figure).append(nav);
    }
    nav.append(tools);
    svg.classList.add("zoomable");
    svg.setAttribute("tabindex", "0");

    function fit(target) {
      let [a, b] = target;
      const width = Math.min(Math.max(b - a, fewest), whole[1] - whole[0]);
      a = Math.min(Math.max(a, whole[0]), whole[1] - width);
      return [a, a + width];
    }
    function zoomBy(factor, at = (view[0] + view[1]) / 2, smooth = true) {
      const share = (at - view[0]) / (view[1] - view[0]);
      const width = (view[1] - view[0]) * factor;
      go([at - share * width, at - share * width + width], smooth);
    }
    function pan(share) {
      go([view[0] + share * (view[1] - view[0]), view[1] + share * (view[1] - view[0])]);
    }
    function go(target, smooth = true) {
      const to = fit(target), from = view.slice();
      cancelAnimationFrame(animation);
      if (!smooth || reduced.matches) return draw(to);
      const started = performance.now();
      const step = (now) => {
        const k = Math.min((now - started) / 200, 1), ease = 1 - (1 - k) ** 3;
        draw([from[0] + (to[0] - from[0]) * ease, from[1] + (to[1] - from[1]) * ease]);
        if (k < 1) animation = requestAnimationFrame(step);
      };
      animation = requestAnimationFrame(step);
    }

    function draw(next) {
      view = next;
      svg.dataset.view = view.map((t) => new Date(t).toISOString().slice(0, 10)).join("/"); // the days shown
      const x = xAt(view);
      for (const p of pieces) p.place(x);
      if (ticks) drawAxis(x);
      const atWhole = view[0] <= whole[0] && view[1] >= whole[1];
      zoomIn.disabled = view[1] - view[0] <= fewest + DAY / 2;
      zoomOut.disabled = reset.disabled = atWhole;
      earlier.disabled = view[0] <= whole[0];
      later.disabled = view[1] >= whole[1];
      shown.value = atWhole ? "" : new Intl.DateTimeFormat(language, {month: "short", year: "numeric", timeZone: "UTC"})
        .formatRange(new Date(view[0]), new Date(view[1] - DAY));
    }

    // -- the axis, as site/overview_drawing.py draws it: years, or months over two years or less --
    function drawAxis(x) {
      const y = Number(ticks.dataset.y), marks = [`M${LEFT} ${y}H${WIDTH - RIGHT}`], labels = [];
      const first = new Date(view[0]), last = new Date(view[1]);
      const add = (t, label, major) => {
        let at = x(t);
        if (at < LEFT - 0.5 || at > WIDTH - RIGHT + 0.5) return;
        at = mirrored ? WIDTH - at : at;
        marks.push(`M${at.toFixed(1)} ${y}v${major ? 6 : 3}`);
        if (label) labels.push([mirrored ? at - 3 : at + 3, label, major]);
      };
      if (view[1] - view[0] > 731 * DAY) {
        let step = 1;
        const yearWidth = x(Date.UTC(2001, 0, 1)) - x(Date.UTC(2000, 0, 1));
        while (yearWidth * step < 44) step = {1: 2, 2: 5, 5: 10, 10: 20, 20: 50}[step] || step * 2;
        for (let year = first.getUTCFullYear(); year <= last.getUTCFullYear(); year++) {
          add(Date.UTC(year, 0, 1), year % step === 0 ? String(year) : "", year % step === 0);
        }
      } else {
        let step = 1;
        const monthWidth = x(30.4 * DAY) - x(0);
        while (monthWidth * step < 44 && step < 12) step = {1: 2, 2: 3, 3: 6, 6: 12}[step];
        for (let m = first.getUTCFullYear() * 12 + first.getUTCMonth(); m <= last.getUTCFullYear() * 12 + last.getUTCMonth(); m++) {
          const year = Math.floor(m / 12), month = m % 12;
          const t = Date.UTC(year, month, 1), opening = !labels.length && x(t) >= LEFT - 0.5; // the first names its year
          const labelled = month % step === 0 || opening;
          add(t, labelled ? (month === 0 || opening ? String(year) : months[month] || "") : "", month === 0 || opening);
        }
      }
      const path = ticks.querySelector("path"), text = ticks.querySelector("text");
      path.setAttribute("d", marks.join(""));
      text.replaceChildren(...labels.map(([at, label, major]) => {
        const span = document.createElementNS(svg.namespaceURI, "tspan");
        span.setAttribute("x", at.toFixed(1));
        if (major) span.setAttribute("class", "major");
        span.textContent = label;
        return span;
      }));
    }

    // -- the reader's hands: keys within the strip, Ctrl and the wheel, a drag ----------------------
    svg.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const forward = mirrored ? "ArrowLeft" : "ArrowRight", back = mirrored ? "ArrowRight" : "ArrowLeft";
      const act = {"+": () => zoomBy(1 / STEP), "=": () => zoomBy(1 / STEP), "-": () => zoomBy(STEP),
                   "0": () => go(whole), [forward]: () => pan(1 / 3), [back]: () => pan(-1 / 3)}[event.key];
      if (!act) return;
      event.preventDefault();
      act();
    });
    const timeAt = (clientX) => {
      const box = svg.getBoundingClientRect();
      let units = (clientX - box.left) * WIDTH / box.width;
      if (mirrored) units = WIDTH - units;
      return view[0] + (units - LEFT) / SPAN * (view[1] - view[0]);
    };
    svg.addEventListener("wheel", (event) => {
      if (!event.ctrlKey) return; // the page scrolls as usual; a pinch (or Ctrl and the wheel) zooms
      event.preventDefault();
      zoomBy(Math.exp(event.deltaY * 0.01), timeAt(event.clientX), false);
    }, {passive: false});
    let dragged = null;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      dragged = {x: event.clientX, view: view.slice(), moved: false, id: event.pointerId};
    });
    svg.addEventListener("pointermove", (event) => {
      if (!dragged || dragged.id !== event.pointerId) return;
      const box = svg.getBoundingClientRect();
      const units = (event.clientX - dragged.x) * WIDTH / box.width * (mirrored ? -1 : 1);
      if (!dragged.moved && Math.abs(event.clientX - dragged.x) < 4) return;
      if (!dragged.moved) svg.setPointerCapture(event.pointerId);
      dragged.moved = true;
      const shift = -units / SPAN * (dragged.view[1] - dragged.view[0]);
      go([dragged.view[0] + shift, dragged.view[1] + shift], false);
    });
    const drop = () => { setTimeout(() => { dragged = null; }); };
    svg.addEventListener("pointerup", drop);
    svg.addEventListener("pointercancel", drop);
    svg.addEventListener("click", (event) => { // a drag that ends on a mark does not follow its link
      if (dragged && dragged.moved) event.preventDefault();
    }, true);

    draw(view);
  }

  // One piece of the strip, and how to place it for another window: a mark (a point, or a bar
  // with its kind's shape at its start), a bar counting events, or an era's band or name (placed
  // as the axis's labels are: mirrored in a right-to-left language, where the rest is drawn so).
  function piece(node, drawn, mirrored) {
    const from = day(node.dataset.from), to = day(node.dataset.to);
    const x1 = drawn(from), x2 = drawn(to);
    const span = node.querySelector(".span"), bar = node.querySelector(".year-bar, .month-bar");
    const shape = node.querySelector(".mark");
    const clip = node.classList.contains("era-name") &&
      node.ownerSVGElement.querySelector(node.getAttribute("clip-path").slice(5, -1) + " rect");
    const hide = (hidden) => {
      node.style.visibility = hidden ? "hidden" : "";
    };
    return {place(x) {
      const a = x(from), b = x(to), left = clamp(a), right = clamp(b);
      if (node.classList.contains("era-band")) {
        node.setAttribute("x", left.toFixed(1));
        node.setAttribute("width", Math.max(right - left, 0).toFixed(1));
      } else if (clip) {
        clip.setAttribute("x", (mirrored ? WIDTH - right : left).toFixed(1));
        clip.setAttribute("width", Math.max(right - left, 0).toFixed(1));
        node.setAttribute("x", (mirrored ? WIDTH - left - 4 : left + 4).toFixed(1));
      } else if (bar) {
        bar.setAttribute("x", (left + 1).toFixed(1));
        bar.setAttribute("width", Math.max(right - left - 2, 0).toFixed(1));
      } else if (span) {
        span.setAttribute("x", left.toFixed(1));
        span.setAttribute("width", Math.max(right - left, 0).toFixed(1));
        shape.setAttribute("transform", `translate(${(left - clamp(x1)).toFixed(1)} 0)`);
      } else if (shape) {
        shape.setAttribute("transform", `translate(${((a + b - x1 - x2) / 2).toFixed(1)} 0)`);
      }
      const middle = (a + b) / 2;
      hide(span || bar || clip || node.classList.contains("era-band") ? right - left < 1 : middle < LEFT || middle > WIDTH - RIGHT);
    }};
  }

  for (const figure of document.querySelectorAll("figure.overview")) zoomable(figure);
})();
