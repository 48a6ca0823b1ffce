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
 * the checklist's version differs from the saved one, the checklist's
 * migrations (data-migrations) newer than the saved version are applied in
 * order: a renamed item's tick moves to its new id, and the reader is told by
 * name which ticked items were removed. Ticks for ids that still exist are
 * kept. With the same version, ids the page does not know are kept in storage.
 *
 * A saved value that cannot be read (broken JSON, or JSON of another shape)
 * is never overwritten silently: it stays where it is, nothing is saved over
 * it, and the reader is told and offered to restore what can be read from it,
 * download it, or remove it. (Older versions of this script copied such a
 * value to "kc-checklist:<id>:unreadable"; it is offered the same way.)
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

  // -1, 0 or 1 as version a ("MAJOR.MINOR") is older than, equal to or newer than b.
  function compareVersions(a, b) {
    var x = String(a).split("."), y = String(b).split(".");
    for (var i = 0; i < 2; i++) {
      var d = (parseInt(x[i], 10) || 0) - (parseInt(y[i], 10) || 0);
      if (d) return d < 0 ? -1 : 1;
    }
    return 0;
  }

  function isPlainObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  // The saved state, or null when the value is not one this script wrote.
  function parseSaved(raw) {
    var value;
    try { value = JSON.parse(raw); } catch (e) { return null; }
    if (!isPlainObject(value) || !Array.isArray(value.done)) return null;
    if (value.format !== undefined && value.format !== FORMAT) return null;
    if (value.note !== undefined && typeof value.note !== "string") return null;
    if (value.version !== undefined && typeof value.version !== "string") return null;
    return value;
  }

  // What can still be read from a value parseSaved refused: ticks for known
  // ids and the note, where the text shows them unambiguously.
  function salvage(raw, known) {
    var ids = [], note = "";
    function addIds(list) {
      list.forEach(function (x) {
        if (typeof x === "string" && known[x] && ids.indexOf(x) < 0) ids.push(x);
      });
    }
    var value, parsed = true;
    try { value = JSON.parse(raw); } catch (e) { parsed = false; }
    if (parsed) {
      if (Array.isArray(value)) addIds(value);
      if (isPlainObject(value)) {
        if (Array.isArray(value.done)) addIds(value.done);
        else if (typeof value.done === "string") addIds(value.done.split(/[\s,;]+/));
        if (typeof value.note === "string") note = value.note;
      }
    } else {
      // Cut short or damaged: read the "done" list and the note as far as they go.
      var list = /"done"\s*:\s*\[([^\]]*)/.exec(raw);
      if (list) addIds((list[1].match(/"[^"\\]*"/g) || []).map(function (q) { return q.slice(1, -1); }));
      var text = /"note"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(raw);
      if (text) { try { note = JSON.parse(text[1]); } catch (e) { note = ""; } }
    }
    return { done: ids, note: note };
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
    var migrations = [];
    try { migrations = JSON.parse(root.getAttribute("data-migrations") || "[]"); } catch (e) { migrations = []; }
    if (!Array.isArray(migrations)) migrations = [];

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
    var unreadableBox = root.querySelector("[data-kc-unreadable]");
    var unreadableText = root.querySelector("[data-kc-unreadable-text]");
    var restoreButton = root.querySelector('[data-kc-action="restore"]');

    var store = storage();
    var key = KEY_PREFIX + id;

    var messageParts = [];
    // A saved value that cannot be read: {key, raw, found}; while it sits
    // under the main key nothing is written over it.
    var pending = null;
    // Ticks for ids this page does not know, kept as they are (same version).
    var extra = [];

    function empty() { return { done: [], note: "" }; }

    function migrate(done, from) {
      var removed = [];
      migrations.forEach(function (m) {
        if (!m || compareVersions(m.version, from) <= 0 || compareVersions(m.version, version) > 0) return;
        var renamed = isPlainObject(m.renamed) ? m.renamed : {};
        var gone = isPlainObject(m.removed) ? m.removed : {};
        done = done.map(function (x) {
          return Object.prototype.hasOwnProperty.call(renamed, x) ? renamed[x] : x;
        }).filter(function (x) {
          if (!Object.prototype.hasOwnProperty.call(gone, x)) return true;
          removed.push(String(gone[x]));
          return false;
        });
      });
      return { done: done.filter(function (x, i) { return done.indexOf(x) === i; }), removed: removed };
    }

    function findPending() {
      pending = null;
      if (!store) return;
      [key, key + ":unreadable"].some(function (k) {
        var raw = store.getItem(k);
        if (raw === null || (k === key && parseSaved(raw))) return false;
        pending = { key: k, raw: raw, found: salvage(raw, known) };
        return true;
      });
    }

    function showPending() {
      if (!pending) {
        unreadableBox.hidden = true;
        return;
      }
      var words = [S.unreadable];
      if (pending.found.done.length) words.push(fill(S.unreadable_found, { count: pending.found.done.length }));
      if (pending.found.note) words.push(S.unreadable_found_note);
      restoreButton.hidden = !(pending.found.done.length || pending.found.note);
      unreadableBox.hidden = false;
      // Set after the box is shown, so screen readers announce it.
      window.setTimeout(function () { unreadableText.textContent = words.join(" "); }, 50);
    }

    function read(announceUpdate) {
      findPending();
      if (!store) return empty();
      var raw = store.getItem(key);
      var saved = raw === null ? null : parseSaved(raw);
      if (!saved) {
        extra = [];
        return empty();
      }
      var done = saved.done.filter(function (x) { return typeof x === "string"; });
      var note = typeof saved.note === "string" ? saved.note : "";
      if (saved.version && saved.version !== version) {
        var moved = migrate(done, saved.version);
        var kept = moved.done.filter(function (x) { return known[x]; });
        var state = { done: kept, note: note };
        if (announceUpdate) {
          extra = [];
          messageParts.push(fill(S.updated, { old: saved.version, "new": version }));
          if (moved.removed.length) messageParts.push(S.updated_removed_items, moved.removed);
          if (kept.length < moved.done.length) {
            messageParts.push(fill(S.updated_removed, { count: moved.done.length - kept.length }));
          }
          write(state);
        }
        return state;
      }
      extra = done.filter(function (x) { return !known[x]; });
      return { done: done.filter(function (x) { return known[x]; }), note: note };
    }

    function write(state) {
      if (!store || (pending && pending.key === key)) return;
      try {
        store.setItem(key, JSON.stringify({
          format: FORMAT, version: version,
          done: state.done.concat(extra.filter(function (x) { return state.done.indexOf(x) < 0; })),
          note: state.note, saved: new Date().toISOString()
        }));
      } catch (e) {
        say(S.storage_unavailable);
      }
    }

    // Shows texts in the live region: a string is a paragraph, a list of strings a list.
    function sayParts(parts) {
      message.textContent = "";
      parts.forEach(function (part) {
        if (!part) return;
        var element;
        if (Array.isArray(part)) {
          element = document.createElement("ul");
          part.forEach(function (text) {
            var li = document.createElement("li");
            li.textContent = text;
            element.appendChild(li);
          });
        } else {
          element = document.createElement("p");
          element.textContent = part;
        }
        message.appendChild(element);
      });
    }

    function say(text) {
      sayParts(text ? [text] : []);
    }

    // -- an unreadable saved value: restore, download or remove it -----------
    function settlePending(restore) {
      if (!pending) return;
      var was = pending;
      var state = current();
      if (restore) {
        was.found.done.forEach(function (x) { if (state.done.indexOf(x) < 0) state.done.push(x); });
        if (was.found.note && state.note !== was.found.note) {
          state.note = state.note ? state.note + "\n\n" + was.found.note : was.found.note;
        }
        apply(state);
      }
      pending = null;
      try { if (was.key !== key) store.removeItem(was.key); } catch (e) { /* nothing more to do */ }
      write(state);
      if (!restore && was.key === key && !state.done.length && !state.note) {
        try { store.removeItem(key); } catch (e) { /* nothing saved to remove */ }
      }
      findPending();
      showPending();
      say(restore ? S.unreadable_restored : S.unreadable_discarded);
      message.setAttribute("tabindex", "-1");
      message.focus();
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
      extra = [];
      // An unreadable value under the main key stays until the reader removes it in its own box.
      if (store && !(pending && pending.key === key)) {
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
    showPending();
    if (!store) messageParts.push(S.storage_unavailable);
    if (messageParts.length) {
      // Set after the live region is shown, so screen readers announce it.
      window.setTimeout(function () { sayParts(messageParts); }, 50);
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
        case "restore": settlePending(true); break;
        case "discard": settlePending(false); break;
        case "keep-copy": if (pending) download(id + "-" + today() + ".txt", pending.raw, "text/plain;charset=utf-8"); break;
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
      if (event.key !== key && event.key !== key + ":unreadable") return;
      apply(read(false), document.activeElement === note);
      showPending();
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
