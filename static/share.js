/* The embed snippet's box: a "Copy embed code" button for browsers that can write the clipboard,
 * and the embed's options (its theme; a maximum height, past which it scrolls inside) written
 * into the snippet as they are chosen. Without it the snippet is still there to select and copy,
 * and its options are the defaults (the reader's theme, the whole height). */
(function () {
  "use strict";

  document.querySelectorAll(".embed-code").forEach(function (box) {
    var button = box.querySelector("button.copy");
    var code = box.querySelector("textarea");
    var status = box.querySelector(".copy-status");
    var options = box.querySelector(".embed-options");
    if (!code) return;
    if (options) offer(options, code, status);
    code.addEventListener("focus", function () { code.select(); });
    if (!button || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        code.select();
      });
    });
  });

  function offer(options, code, status) {
    var original = code.value;
    var theme = options.querySelector("select[name=theme]");
    var most = options.querySelector("input[name=max-height]");
    options.hidden = false;
    function write() {
      var height = parseInt(most.value, 10);
      code.value = original
        .replace(/(<iframe src=")([^"?]*)/, function (all, start, src) {
          return start + src + (theme.value ? "?theme=" + theme.value : "");
        })
        .replace(/(<iframe [^>]*style="[^"]*)"/, function (all, style) {
          return style + (height >= 100 ? ";max-height:" + height + "px" : "") + '"';
        });
      status.textContent = "";
    }
    theme.addEventListener("change", write);
    most.addEventListener("input", write);
  }
})();
