/* The quick exit (overrides/partials/kc-exit.html), loaded only on pages for
   people at risk and their relatives. A click on the button, or Escape pressed
   twice within two seconds, replaces this page with the neutral site named in
   the button's href. location.replace() takes this page out of the back-button
   history (earlier pages stay: the "hide your visit" page says so). Nothing is
   stored and no request is made before the reader asks to leave. */
(function () {
  "use strict";
  var button = document.querySelector("[data-kc-exit]");
  if (!button) {
    return;
  }
  var target = button.href;
  var leaving = false;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    if (leaving) {
      return;
    }
    leaving = true;
    // Hide the text at once: the next site may take a moment to load.
    document.documentElement.classList.add("kc-exiting");
    window.location.replace(target);
  }

  button.addEventListener("click", leave);

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= 2000) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
