/* "Copy embed code": the button beside the snippet, for browsers that can write the clipboard.
 * Without it the snippet is still there to select and copy. */
(function () {
  "use strict";

  document.querySelectorAll(".embed-code").forEach(function (box) {
    var button = box.querySelector("button.copy");
    var code = box.querySelector("textarea");
    var status = box.querySelector(".copy-status");
    if (!button || !code || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        code.select();
      });
    });
    code.addEventListener("focus", function () { code.select(); });
  });
})();
