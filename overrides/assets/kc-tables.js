/* Wide tables scroll sideways on small screens inside the wrapper that
 * Material's script puts around each table (div.md-typeset__scrollwrap).
 * A keyboard user can scroll that box only if it can take focus (WCAG 2.1.1;
 * axe rule scrollable-region-focusable), so every wrapper gets tabindex="0".
 * Loaded after Material's bundle; marks the wrappers that exist when it runs
 * and any that Material adds later. No texts, no storage, no requests.
 */
(function () {
  "use strict";

  function mark(root) {
    var wraps = root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    for (var i = 0; i < wraps.length; i++) {
      wraps[i].tabIndex = 0;
    }
  }

  mark(document);
  if ("MutationObserver" in window) {
    new MutationObserver(function () { mark(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
})();
