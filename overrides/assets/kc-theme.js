/* The theme's behaviour, in place of Material's JavaScript bundle.
 *
 * Material's bundle (about 35 KB compressed) carries its search, instant
 * loading, clipboard, tooltips, tabs, annotations, consent and palette
 * toggles: this site uses none of them (mkdocs.yml theme.features; our own
 * search is assets/kc-search.js). This script does what the features we use
 * need, on Material's own markup and CSS classes, so the look is the same:
 *
 * - the "js" class on <html> (Material's CSS styles some parts only then);
 * - wide tables in Material's scroll box, which takes keyboard focus, and
 *   code blocks that scroll sideways take it too (WCAG 2.1.1; axe rule
 *   scrollable-region-focusable);
 * - the page title in the header once the heading has scrolled away;
 * - navigation.top: the back-to-top button, shown while scrolling up;
 * - the table of contents marks the section being read (toc.follow: and
 *   keeps it in view); the sidebars fit the window;
 * - menu sections open with Enter, and say whether they are open
 *   (aria-expanded); the drawer closes when a link in the page is followed;
 * - every <details> opens for printing, and closes again after.
 *
 * No texts, no storage, no requests, no inline script.
 */
(function () {
  "use strict";

  var doc = document.documentElement;
  doc.classList.remove("no-js");
  doc.classList.add("js");

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // Tables: Material's scroll box (div.md-typeset__scrollwrap > div.md-typeset__table).
  all(".md-typeset table:not([class])").forEach(function (table) {
    if (table.parentNode.classList.contains("md-typeset__table")) {
      return;
    }
    var wrap = document.createElement("div");
    var inner = document.createElement("div");
    wrap.className = "md-typeset__scrollwrap";
    inner.className = "md-typeset__table";
    wrap.tabIndex = 0;
    table.parentNode.insertBefore(wrap, table);
    inner.appendChild(table);
    wrap.appendChild(inner);
  });

  // Code blocks that scroll sideways take keyboard focus too (as Material's do).
  var codes = all(".md-typeset pre > code");
  function focusableCode() {
    codes.forEach(function (code) {
      if (code.scrollWidth > code.clientWidth) {
        code.tabIndex = 0;
      } else {
        code.removeAttribute("tabindex");
      }
    });
  }
  focusableCode();

  var header = document.querySelector("[data-md-component=header]");
  var title = document.querySelector("[data-md-component=header-title]");
  var heading = document.querySelector(".md-content h1");
  var top = document.querySelector("[data-md-component=top]");
  var main = document.querySelector("[data-md-component=main]");
  var sidebars = all("[data-md-component=sidebar]");
  var tocLinks = all("[data-md-component=toc] a.md-nav__link[href^='#']");
  var targets = tocLinks.map(function (link) {
    return document.getElementById(decodeURIComponent(link.hash.slice(1)));
  });
  var lastY = window.pageYOffset;
  var active = null;
  var queued = false;

  function headerHeight() {
    return header ? header.offsetHeight : 0;
  }

  function fitSidebars(offset) {
    var mainBox = main ? main.getBoundingClientRect() : null;
    sidebars.forEach(function (bar) {
      var wide = window.matchMedia(bar.getAttribute("data-md-type") === "navigation"
        ? "(min-width: 76.25em)" : "(min-width: 60em)").matches;
      var inner = bar.querySelector(".md-sidebar__scrollwrap");
      if (!inner) {
        return;
      }
      if (!wide || !mainBox) {
        inner.style.height = "";
        bar.style.top = "";
        return;
      }
      // Visible height of the main area below the header, as Material computes it.
      var visible = Math.min(window.innerHeight, mainBox.bottom) - Math.max(offset, mainBox.top);
      var pad = inner.getBoundingClientRect().top - bar.getBoundingClientRect().top;
      inner.style.height = Math.max(0, visible - 2 * pad) + "px";
      bar.style.top = offset + "px";
    });
  }

  function markToc(offset) {
    if (!tocLinks.length) {
      return;
    }
    var index = -1;
    for (var i = 0; i < targets.length; i++) {
      if (targets[i] && targets[i].getBoundingClientRect().top <= offset + 1) {
        index = i;
      }
    }
    // At the bottom of the page the last section is the one being read.
    if (window.innerHeight + window.pageYOffset >= doc.scrollHeight - 2 && targets.length) {
      index = targets.length - 1;
    }
    var link = index >= 0 ? tocLinks[index] : null;
    tocLinks.forEach(function (other, j) {
      other.classList.toggle("md-nav__link--passed", j < index);
      other.classList.toggle("md-nav__link--active", j === index);
    });
    if (link && link !== active) {
      var box = link.closest(".md-sidebar__scrollwrap");
      if (box && link.offsetParent) {
        var linkTop = link.getBoundingClientRect().top - box.getBoundingClientRect().top;
        if (linkTop < 0 || linkTop > box.clientHeight - link.offsetHeight) {
          box.scrollTop += linkTop - box.clientHeight / 2;
        }
      }
    }
    active = link;
  }

  function update() {
    queued = false;
    var offset = headerHeight();
    var y = window.pageYOffset;
    if (title && heading) {
      var box = heading.getBoundingClientRect();
      title.classList.toggle("md-header__title--active", box.height > 0 && box.bottom <= offset);
    }
    if (top) {
      var past = main ? main.getBoundingClientRect().top <= offset : y > 0;
      var hidden = !(past && y < lastY && y > 0);
      top.hidden = hidden;
      if (hidden) {
        top.setAttribute("tabindex", "-1");
        if (document.activeElement === top) {
          top.blur();
        }
      } else {
        top.removeAttribute("tabindex");
      }
      top.style.top = offset + 16 + "px";
    }
    fitSidebars(offset);
    markToc(offset);
    lastY = y;
  }

  function queue() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(update);
    }
  }

  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", function () {
    focusableCode();
    queue();
  });
  window.addEventListener("load", queue);
  update();

  if (top) {
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0 });
    });
  }

  // The menu: the section being read in view, aria-expanded kept true.
  all("[data-md-component=sidebar] .md-nav__link--active[href]").forEach(function (link) {
    var box = link.closest(".md-sidebar__scrollwrap");
    if (box && link.clientHeight) {
      box.scrollTop = link.offsetTop - box.offsetTop - box.clientHeight / 2;
    }
  });
  all("[data-md-component=sidebar] label[tabindex]").forEach(function (label) {
    label.addEventListener("click", function () {
      window.setTimeout(function () {
        var input = document.getElementById(label.htmlFor);
        var nav = document.querySelector("[aria-labelledby='" + label.id + "']");
        if (input && nav) {
          nav.setAttribute("aria-expanded", String(input.checked));
        }
      });
    });
  });

  // The drawer closes when a link within this page is followed.
  window.addEventListener("hashchange", function () {
    window.setTimeout(function () {
      var drawer = document.getElementById("__drawer");
      if (drawer) {
        drawer.checked = false;
      }
    }, 125);
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) {
      return;
    }
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) {
      return;
    }
    if (event.key === "Enter" && el instanceof HTMLLabelElement) {
      event.preventDefault();
      el.click();
    }
  });

  // Printing: open every <details>, close again those that were closed.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = all("details:not([open])");
    closed.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (details) { details.open = false; });
    closed = [];
  });
}());
