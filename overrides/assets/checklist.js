/* Interactive checklists: saving, progress, note, reset, print and export.
 *
 * The HTML comes from overrides/partials/kc-checklist.html and is a complete,
 * readable list without this script. Everything here stays in the browser:
 * nothing is sent anywhere, and downloads are made on the spot as Blob files.
 *
 * Saved state: localStorage key "kc-checklist:<checklist id>", value
 *   {"format": 1, "version": "1.0", "done": ["item-id", ...], "note": "...", "saved": "<ISO time>"}
 * Item ids are the stable ids from data/checklists/<id>.yml and do not depend
 * on the language, so the Swedish and the English page share one state. When
 * the checklist's version differs from the saved one, ticks for ids that still
 * exist are kept, the others are dropped, and the reader is told.
 *
 * Interface texts come from data/strings.yml through the data-strings attribute.
 */
(function () {
  "use strict";

  var KEY_PREFIX = "kc-checklist:";
  var FORMAT = 1;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function storage() {
    try {
      var s = window.localStorage;
      var probe = KEY_PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function csvCell(value) {
    var text = String(value);
    // A cell that starts like a formula is shown as text by spreadsheets.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 1000);
  }

  function init(root) {
    var id = root.getAttribute("data-checklist-id");
    var version = root.getAttribute("data-checklist-version");
    var title = root.getAttribute("data-checklist-title");
    var S = {};
    try { S = JSON.parse(root.getAttribute("data-strings") || "{}"); } catch (e) { S = {}; }

    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-item-id]"));
    var known = {};
    boxes.forEach(function (box) { known[box.getAttribute("data-item-id")] = true; });

    var panel = root.querySelector("[data-kc-panel]");
    var noteSection = root.querySelector("[data-kc-note-section]");
    var note = root.querySelector("[data-kc-note]");
    var notePrint = root.querySelector("[data-kc-note-print]");
    var progress = root.querySelector("[data-kc-progress]");
    var message = root.querySelector("[data-kc-message]");
    var printInfo = root.querySelector("[data-kc-printinfo]");
    var confirmBox = root.querySelector("[data-kc-confirm]");
    var resetButton = root.querySelector('[data-kc-action="reset"]');
    var noJs = root.querySelector("[data-kc-nojs]");

    var store = storage();
    var key = KEY_PREFIX + id;
    var messages = [];

    function empty() { return { done: [], note: "" }; }

    function read(announceUpdate) {
      if (!store) return empty();
      var raw = store.getItem(key);
      if (raw === null) return empty();
      var saved;
      try {
        saved = JSON.parse(raw);
      } catch (e) {
        // Keep what cannot be read instead of overwriting it.
        try { store.setItem(key + ":unreadable", raw); } catch (e2) { /* nothing more to do */ }
        return empty();
      }
      if (!saved || typeof saved !== "object") return empty();
      var done = Array.isArray(saved.done) ? saved.done.filter(function (x) { return typeof x === "string"; }) : [];
      var kept = done.filter(function (x) { return known[x]; });
      var state = { done: kept, note: typeof saved.note === "string" ? saved.note : "" };
      if (announceUpdate && saved.version && saved.version !== version) {
        messages.push(fill(S.updated, { old: saved.version, "new": version }));
        if (kept.length < done.length) {
          messages.push(fill(S.updated_removed, { count: done.length - kept.length }));
        }
        write(state);
      }
      return state;
    }

    function write(state) {
      if (!store) return;
      try {
        store.setItem(key, JSON.stringify({
          format: FORMAT, version: version, done: state.done, note: state.note,
          saved: new Date().toISOString()
        }));
      } catch (e) {
        say(S.storage_unavailable);
      }
    }

    function say(text) {
      message.textContent = text || "";
    }

    function doneIds() {
      return boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.getAttribute("data-item-id"); });
    }

    function current() {
      return { done: doneIds(), note: note.value };
    }

    function showProgress() {
      progress.textContent = fill(S.progress, { done: doneIds().length, total: boxes.length });
    }

    function showNote() {
      notePrint.textContent = note.value;
    }

    function showPrintInfo() {
      printInfo.textContent = fill(S.printed, { date: today() }) + " · " + fill(S.version, { version: version });
    }

    function apply(state, keepNote) {
      var done = {};
      state.done.forEach(function (x) { done[x] = true; });
      boxes.forEach(function (box) { box.checked = !!done[box.getAttribute("data-item-id")]; });
      if (!keepNote) note.value = state.note;
      showNote();
      showProgress();
    }

    // -- reset with an inline confirmation step ----------------------------
    function openConfirm() {
      confirmBox.hidden = false;
      resetButton.setAttribute("aria-expanded", "true");
      confirmBox.querySelector('[data-kc-action="reset-cancel"]').focus();
    }

    function closeConfirm() {
      confirmBox.hidden = true;
      resetButton.setAttribute("aria-expanded", "false");
      resetButton.focus();
    }

    function reset() {
      if (store) {
        try { store.removeItem(key); } catch (e) { /* nothing saved to remove */ }
      }
      apply(empty());
      closeConfirm();
      say(S.reset_done);
    }

    // -- export ------------------------------------------------------------
    function rows() {
      return boxes.map(function (box) {
        var list = box.closest("ul");
        return {
          section: list ? list.getAttribute("data-section-title") || "" : "",
          id: box.getAttribute("data-item-id"),
          text: box.labels && box.labels[0] ? box.labels[0].textContent.trim() : "",
          done: box.checked
        };
      });
    }

    function fileName(extension) {
      return id + "-" + today() + "." + extension;
    }

    function exportCsv() {
      var date = today();
      var table = [[S.col_checklist, S.col_version, S.col_date, S.col_section, S.col_id, S.col_item, S.col_done]];
      rows().forEach(function (row) {
        table.push([title, version, date, row.section, row.id, row.text, row.done ? S.yes : S.no]);
      });
      table.push([title, version, date, S.note_heading, "", note.value, ""]);
      var text = "\ufeff" + table.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
      download(fileName("csv"), text, "text/csv;charset=utf-8");
    }

    function exportMarkdown() {
      var out = ["# " + title, "", fill(S.version, { version: version }) + " · " + fill(S.exported, { date: today() }), "",
        S.source + ": " + window.location.href.split("#")[0], ""];
      var section = null;
      rows().forEach(function (row) {
        if (row.section !== section) {
          if (section !== null) out.push("");
          section = row.section;
          out.push("## " + section, "");
        }
        out.push("- [" + (row.done ? "x" : " ") + "] " + row.text);
      });
      out.push("", "## " + S.note_heading, "", note.value.trim() ? note.value : S.note_empty, "");
      download(fileName("md"), out.join("\n"), "text/markdown;charset=utf-8");
    }

    // -- wiring ------------------------------------------------------------
    root.classList.add("kc-checklist--ready");
    panel.hidden = false;
    noteSection.hidden = false;
    noJs.hidden = true;
    showPrintInfo();
    apply(read(true));
    if (!store) messages.push(S.storage_unavailable);
    if (messages.length) {
      // Set after the live region is shown, so screen readers announce it.
      window.setTimeout(function () { say(messages.join(" ")); }, 50);
    }

    root.addEventListener("change", function (event) {
      if (!event.target.matches || !event.target.matches("input[type=checkbox][data-item-id]")) return;
      write(current());
      showProgress();
    });

    note.addEventListener("input", function () {
      write(current());
      showNote();
    });

    root.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-kc-action]") : null;
      if (!button || !root.contains(button)) return;
      switch (button.getAttribute("data-kc-action")) {
        case "print": showPrintInfo(); window.print(); break;
        case "csv": exportCsv(); break;
        case "markdown": exportMarkdown(); break;
        case "reset": if (confirmBox.hidden) { openConfirm(); } else { closeConfirm(); } break;
        case "reset-confirm": reset(); break;
        case "reset-cancel": closeConfirm(); break;
      }
    });

    confirmBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeConfirm();
      }
    });

    window.addEventListener("beforeprint", showPrintInfo);

    // Another tab (perhaps the other language) changed the same checklist.
    window.addEventListener("storage", function (event) {
      if (event.key !== key) return;
      apply(read(false), document.activeElement === note);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".kc-checklist[data-checklist-id]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
