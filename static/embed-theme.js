/* Inside an embed, before it is drawn: ?theme=light or ?theme=dark sets the embed's theme to match
 * its host page instead of the reader's system setting (auto, the default, follows the system;
 * so does every embed without scripts). Run in the <head>, so no other theme shows first. */
(function () {
  "use strict";
  var theme = new URLSearchParams(window.location.search).get("theme");
  if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
})();
