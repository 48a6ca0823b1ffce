/* Site search on Pagefind's JavaScript API, one script for both languages.
 *
 * The form and all texts come from overrides/partials/kc-search.html (texts
 * from data/strings.yml). Pagefind loads the index of the page's <html lang>,
 * so Swedish pages search Swedish pages and English pages English ones.
 * Nothing is loaded until the reader uses the search box, every request goes
 * to this site's own pagefind/ folder, and there is no inline script or style.
 *
 * Keyboard: type to search (Enter searches at once); Down arrow moves from the
 * box into the results, Up/Down move between result links, Escape closes the
 * results and returns to the box. The result count is announced through the
 * polite live region (role="status").
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-kc-search]");
  if (!form || !("noModule" in HTMLScriptElement.prototype)) {
    return; // no dynamic import(): the form stays hidden
  }

  // Each shown result fetches its fragment (its text, for the excerpt): five
  // fill a phone's screen and halve a first search's bytes; "more" adds five.
  var PAGE_SIZE = 5;
  var SECTIONS_PER_RESULT = 2;
  // No pause after a key: one search runs at a time, and the next one takes
  // the box's newest text, so the middle keys of a fast typist (or of a first
  // search typed while the index loads) are never searched (make bench).
  var DEBOUNCE_MS = 0;
  // The tag of the entry file and each language's meta and WebAssembly file,
  // written in by the build (search.write_index_files in scripts/build/search.py).
  var INDEX_FILES = {};
  var input = form.querySelector(".kc-search__input");
  var panel = form.querySelector(".kc-search__panel");
  var status = form.querySelector(".kc-search__status");
  var results = form.querySelector(".kc-search__results");
  var list = form.querySelector(".kc-search__list");
  var more = form.querySelector(".kc-search__more");
  var closeButton = form.querySelector(".kc-search__close");
  var text = form.dataset;

  var lang = (document.documentElement.getAttribute("lang") || "").split("-")[0];
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
  var siteRoot = new URL("../", bundle).pathname;

  var engine = null;     // Promise of the Pagefind module, loaded on first use
  var current = null;    // {query, found, shown}
  var sequence = 0;      // newest search wins
  var timer = null;
  var running = false;   // a search is under way ...
  var again = false;     // ... and the box changed since it began
  var searched = null;   // the text the last search looked for

  function preload(name) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous"; // as Pagefind's fetch() asks, so it gets this answer
    link.href = bundle.href + name;
    document.head.appendChild(link);
  }

  function load() {
    if (!engine) {
      // In the page for a small index, in Pagefind's worker for a large one:
      // the build decides (search.uses_worker in scripts/build/search.py).
      var inPage = form.getAttribute("data-worker") !== "true";
      var files = INDEX_FILES.languages && INDEX_FILES.languages[lang];
      var settings = {
        noWorker: inPage,
        baseUrl: siteRoot,
        excerptLength: 24,
        // Editors' search words and glossary long forms (scripts/search.py)
        // count like words in the title.
        ranking: { metaWeights: { title: 5.0, keywords: 5.0 } }
      };
      if (INDEX_FILES.tag) {
        settings.metaCacheTag = INDEX_FILES.tag;
      }
      if (inPage && files) {
        // Pagefind asks for these one after the other; asked for now, beside
        // pagefind.js, they are there when it does. (A worker does not see a
        // page's preloads, so a large index keeps Pagefind's order.)
        ["pagefind-entry.json?ts=" + INDEX_FILES.tag].concat(files).forEach(preload);
      }
      engine = import(bundle.href + "pagefind.js").then(function (pagefind) {
        return pagefind.options(settings).then(function () {
          var starting = pagefind.init(); // its first requests are on their way
          warmTextBreaking();
          return starting;
        }).then(function () {
          // init() only starts loading. filters() answers once the index and
          // its WebAssembly are ready (the site has no filters, so it fetches
          // nothing): the first search then looks for the box's whole text,
          // not for the letters typed before the index came.
          return pagefind.filters();
        }).then(function () {
          return pagefind;
        });
      });
      engine.catch(function () {
        engine = null; // try again on the next search
      });
    }
    return engine;
  }

  // Pagefind's first search splits the query with an Intl.Segmenter, and a
  // page's first Segmenter loads the browser's text-break data (11-14 ms in
  // Chromium, once per page). Made once Pagefind has asked for its index, it
  // loads while the index downloads, and not while the reader's keys wait.
  function warmTextBreaking() {
    if (typeof Intl === "object" && typeof Intl.Segmenter === "function") {
      try {
        new Intl.Segmenter(lang || undefined, { granularity: "grapheme" });
      } catch (ignore) {
        // an unknown language tag: Pagefind falls back the same way
      }
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function element(name, className, content) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (content) {
      node.textContent = content;
    }
    return node;
  }

  function sameLanguage(result) {
    // Pagefind falls back to another language's index when the page's own
    // language has none; never show those results.
    return !lang || result.id.indexOf(lang + "_") === 0;
  }

  function renderResult(data) {
    var item = element("li", "kc-search__result");
    var title = (data.meta && data.meta.title) || data.url;
    var heading = element("a", "kc-search__title", title);
    heading.href = data.url;
    item.appendChild(heading);

    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.anchor && sub.anchor.element !== "h1" && sub.title && sub.title !== title;
    }).slice(0, SECTIONS_PER_RESULT);

    if (sections.length === 0) {
      var excerpt = element("p", "kc-search__excerpt");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds <mark>
      item.appendChild(excerpt);
      return item;
    }
    var sectionList = element("ul", "kc-search__sections");
    sections.forEach(function (sub) {
      var row = element("li", "kc-search__section");
      var label = element("span", "kc-search__section-label", text.textSection + ": ");
      var link = element("a", "kc-search__section-link", sub.title);
      link.href = sub.url;
      var subExcerpt = element("p", "kc-search__excerpt");
      subExcerpt.innerHTML = sub.excerpt;
      row.appendChild(label);
      row.appendChild(link);
      row.appendChild(subExcerpt);
      sectionList.appendChild(row);
    });
    item.appendChild(sectionList);
    return item;
  }

  function announce(shown) {
    var count = current.found.length;
    var message;
    if (count === 0) {
      message = fill(text.textNone, { query: current.query });
    } else if (count === 1) {
      message = fill(text.textOne, { query: current.query });
    } else {
      message = fill(text.textMany, { query: current.query, count: count });
    }
    if (shown < count) {
      message += " " + fill(text.textShowing, { shown: shown });
    }
    status.textContent = message;
  }

  function open() {
    form.classList.add("kc-search--open");
    results.hidden = list.children.length === 0;
  }

  function close(focusInput) {
    form.classList.remove("kc-search--open");
    results.hidden = true;
    if (focusInput) {
      input.focus();
    }
  }

  function clear() {
    sequence += 1;
    current = null;
    list.textContent = "";
    status.textContent = "";
    more.hidden = true;
    close(false);
  }

  function showMore(focusFirstNew) {
    var state = current;
    var batch = state.found.slice(state.shown, state.shown + PAGE_SIZE);
    var total = state.shown + batch.length;
    // The texts load side by side; each result shows as soon as it and the
    // ones above it have come, and the count is announced once, with the first.
    var loads = batch.map(function (result) {
      var loading = result.data();
      loading.catch(function () {}); // a failure is reported once, below
      return loading;
    });
    var done = Promise.resolve();
    loads.forEach(function (loading, index) {
      done = done.then(function () {
        return loading;
      }).then(function (data) {
        if (state !== current) {
          return;
        }
        var item = renderResult(data);
        list.appendChild(item);
        state.shown += 1;
        if (index === 0) {
          announce(total);
          open();
          if (focusFirstNew) {
            item.querySelector("a").focus();
          }
        }
      });
    });
    return done.then(function () {
      if (state !== current) {
        return;
      }
      more.hidden = state.shown >= state.found.length;
      if (batch.length === 0) {
        announce(state.shown);
        open();
      }
    });
  }

  function search() {
    // The query is read once the index is ready, so that a search typed
    // while it loads looks for what the box says then, not for its first letter.
    var mine = ++sequence;
    var query = "";
    if (!input.value.trim()) {
      clear();
      return Promise.resolve();
    }
    form.setAttribute("aria-busy", "true");
    return load().then(function (pagefind) {
      query = searched = input.value.trim();
      if (mine !== sequence || !query) {
        return null;
      }
      return pagefind.search(query);
    }).then(function (response) {
      // Typed on while it searched: the next search shows its results, and
      // this one fetches no result texts.
      if (!response || mine !== sequence || input.value.trim() !== query) {
        return;
      }
      current = { query: query, found: response.results.filter(sameLanguage), shown: 0 };
      list.textContent = "";
      return showMore(false);
    }).catch(function () {
      if (mine === sequence) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = text.textError;
        open();
      }
    }).then(function () {
      if (mine === sequence) {
        form.removeAttribute("aria-busy");
      }
    });
  }

  // One search at a time; a change of the box while one runs searches again
  // when it is done, with the newest text.
  function run() {
    window.clearTimeout(timer);
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    search().then(function () {
      running = false;
      if (again && input.value.trim() !== searched) {
        run();
      }
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function schedule() {
    var query = input.value.trim();
    if (running && engine && query) {
      // Fetch the index part of the newest text while the search before it ends.
      engine.then(function (pagefind) {
        if (input.value.trim() === query) {
          pagefind.preload(query);
        }
      });
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  }

  form.hidden = false;

  // The index starts loading when the reader reaches for the box: on
  // pointer-down (before the focus) or on focus from the keyboard.
  form.addEventListener("pointerdown", function () {
    load();
  });
  input.addEventListener("focus", function () {
    load();
    if (current && list.children.length) {
      open();
    }
  });
  input.addEventListener("input", schedule);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  form.addEventListener("keydown", function (event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (form.classList.contains("kc-search--open")) {
        event.preventDefault();
        close(true);
      }
    } else if (event.key === "ArrowDown" && all.length) {
      if (document.activeElement === input || index !== -1) {
        event.preventDefault();
        open();
        all[Math.min(index + 1, all.length - 1)].focus();
      }
    } else if (event.key === "ArrowUp" && index !== -1) {
      event.preventDefault();
      if (index === 0) {
        input.focus();
      } else {
        all[index - 1].focus();
      }
    }
  });

  more.addEventListener("click", function () {
    if (current) {
      showMore(true);
    }
  });
  closeButton.addEventListener("click", function () {
    close(true);
  });

  // Close when the reader moves on: focus or a click outside the search.
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) {
      close(false);
    }
  });
  document.addEventListener("pointerdown", function (event) {
    if (!form.contains(event.target)) {
      close(false);
    }
  });
  panel.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) {
      close(false);
    }
  });
}());
