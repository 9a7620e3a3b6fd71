/* Compare: pick 2-4 vendors; the table is rebuilt from the JSON block the build wrote
 * (site_builder/site/pages/compare.py), with the same rows and values as the server-rendered default.
 * The block holds each thing once: rows as [group, label, 1 for a fact], every distinct text in `strings`, and a
 * vendor's cells as a flat list of four integers per cell (row, text, state, note).
 * The selection lives in the URL hash (#vendors=a,b,c) so it can be shared. Vendor text is set
 * with textContent only.
 */
(function () {
  "use strict";

  var root = document.getElementById("sb-compare");
  var source = document.getElementById("sb-compare-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var table = root.querySelector(".sb-compare-table");
  var status = document.getElementById("sb-compare-status");
  var boxes = Array.prototype.slice.call(root.querySelectorAll("input[name=pick]"));
  var diffOnly = document.getElementById("sb-diff-only");
  var picked = [];
  var note = "";
  var UNKNOWN = ["unknown", 0, ""];
  /* A row of a named list item (row flag 2: an SLA tier, a price) for a vendor without that item. */
  var ABSENT = [data.strings[1], 3, ""];

  /* A vendor's cells by row index: [text, state (0 unknown, 1 known, 2 known-bad), note]. */
  var cellCache = {};
  function cellsOf(id) {
    if (cellCache[id]) return cellCache[id];
    var flat = data.vendors[id].cells, out = {};
    for (var i = 0; i < flat.length; i += 4) out[flat[i]] = [data.strings[flat[i + 1]], flat[i + 2], data.strings[flat[i + 3]]];
    cellCache[id] = out;
    return out;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  /* One explanation per cause, worded as compare.py's shared_notes: an unknown's note that several
     picked vendors share is said once, in the row's header; their cells keep the unknown mark. */
  function rowNotes(cells) {
    var byNote = {}, order = [];
    cells.forEach(function (c, i) {
      if (c[1] !== 0 || !c[2]) return;
      if (!(c[2] in byNote)) { byNote[c[2]] = []; order.push(c[2]); }
      byNote[c[2]].push(i);
    });
    var notes = [], said = {};
    order.forEach(function (n) {
      var at = byNote[n];
      if (at.length < 2) return;
      var names = at.map(function (i) { return data.vendors[picked[i]].name; });
      var who = at.length === cells.length ? (cells.length === 2 ? "both" : "all " + cells.length) :
        names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
      notes.push("Unknown for " + who + ": " + (n.indexOf("Unknown: ") === 0 ? n.slice(9) : n));
      at.forEach(function (i) { said[i] = true; });
    });
    return { notes: notes, cellNotes: cells.map(function (c, i) { return said[i] ? "" : c[2]; }) };
  }

  function hasItem(id, group) {
    return data.vendors[id].items.some(function (i) { return data.strings[i] === group; });
  }

  function build() {
    while (table.tBodies.length) table.removeChild(table.tBodies[0]);
    var head = table.tHead.rows[0];
    while (head.cells.length > 1) head.removeChild(head.lastChild);
    table.className = "sb-compare-table sb-cols-" + picked.length;
    root.querySelector(".sb-compare-names").textContent = picked.map(function (id) { return data.vendors[id].name; }).join(", ");
    picked.forEach(function (id) {
      var th = el("th"), a = el("a", data.vendors[id].name);
      th.scope = "col"; a.href = data.vendors[id].href; th.appendChild(a); head.appendChild(th);
    });
    var group = null, body = null, differing = 0, rows = 0, allUnknown = 0;
    var columns = picked.map(cellsOf);
    data.rows.forEach(function (def, index) {
      var cells = columns.map(function (col, i) {
        return col[index] || (def[2] === 2 && !hasItem(picked[i], def[0]) ? ABSENT : UNKNOWN);
      });
      if (def[2] && !cells.some(function (c) { return c[1] === 1 || c[1] === 2; })) return;
      var texts = cells.map(function (c) { return c[0]; });
      var differs = texts.some(function (t) { return t !== texts[0]; });
      if (differs) differing++;
      rows++;
      if (cells.every(function (c) { return c[1] === 0; })) allUnknown++;
      if (diffOnly.checked && !differs) return;
      if (def[0] !== group) {
        group = def[0];
        body = el("tbody");
        var gr = el("tr", null, "sb-compare-group"), gh = el("th", group);
        gh.scope = "rowgroup"; gh.colSpan = picked.length + 1; gr.appendChild(gh); body.appendChild(gr);
        table.appendChild(body);
      }
      var tr = el("tr", null, differs ? "sb-differs" : ""), th = el("th", def[1]);
      th.scope = "row";
      if (differs) { th.appendChild(document.createTextNode(" ")); th.appendChild(el("span", "≠ differs", "sb-differs-mark")); }
      var shared = rowNotes(cells);
      shared.notes.forEach(function (n) { th.appendChild(el("span", n, "sb-row-note")); });
      tr.appendChild(th);
      cells.forEach(function (c, i) {
        var td = el("td", c[0], c[1] === 2 ? "sb-bad" : c[1] === 3 ? "sb-absent" : c[1] ? "" : "sb-unknown");
        if (shared.cellNotes[i]) td.appendChild(el("span", shared.cellNotes[i], def[2] ? "sb-cell-source" : "sb-cell-note"));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    sourceLists();
    boxes.forEach(function (b) { b.checked = picked.indexOf(b.value) >= 0; });
    var words = picked.length < 2 ? "Pick at least two vendors." :
      "Comparing " + picked.length + " vendors: " + differing + " of " + rows + " rows differ" +
      (diffOnly.checked ? " (only those are shown" + (allUnknown ? "; " + allUnknown + " unknown for every one of them are hidden" : "") + ")." : ".");
    status.textContent = (note ? note + " " : "") + words;
    var hash = "#vendors=" + picked.map(encodeURIComponent).join(",") + (diffOnly.checked ? "&diff=1" : "");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  /* Under the table: each picked vendor's sources, numbered as the facts' notes cite them. */
  function sourceLists() {
    var box = root.querySelector(".sb-compare-source-lists");
    box.textContent = "";
    picked.forEach(function (id) {
      var div = el("div"), list = data.vendors[id].sources;
      div.appendChild(el("h3", data.vendors[id].name));
      if (list.length) {
        var ol = el("ol");
        list.forEach(function (i) { ol.appendChild(el("li", data.strings[i])); });
        div.appendChild(ol);
      } else div.appendChild(el("p", "No fact on record cites a source."));
      box.appendChild(div);
    });
  }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) params[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
    });
    note = "";
    if (params.vendors !== undefined) {
      var asked = params.vendors.split(",").filter(Boolean);
      var unknown = asked.filter(function (id) { return !(id in data.vendors); });
      picked = asked.filter(function (id, i) { return id in data.vendors && asked.indexOf(id) === i; }).slice(0, data.max);
      if (unknown.length) note = "Not found and left out: " + unknown.join(", ") + ".";
      if (asked.length - unknown.length > data.max) note += " Only the first " + data.max + " are shown.";
    } else {
      picked = data.defaults.slice();
    }
    diffOnly.checked = params.diff === "1";
  }

  boxes.forEach(function (b) {
    b.addEventListener("change", function () {
      note = "";
      if (b.checked) {
        if (picked.length >= data.max) {
          b.checked = false;
          note = "At most " + data.max + " vendors: remove one before adding " + data.vendors[b.value].name + ".";
        } else picked.push(b.value);
      } else picked = picked.filter(function (id) { return id !== b.value; });
      build();
    });
  });
  diffOnly.addEventListener("change", build);
  document.getElementById("sb-pick-filter").addEventListener("input", function (e) {
    var q = e.target.value.trim().toLowerCase();
    var all = root.querySelector(".sb-pick-all");  /* past OPEN_LIST vendors the list starts closed */
    if (q !== "" && all) all.open = true;
    boxes.forEach(function (b) { b.parentNode.hidden = q !== "" && b.parentNode.textContent.toLowerCase().indexOf(q) < 0; });
  });
  window.addEventListener("hashchange", function () { readHash(); build(); });

  readHash();
  build();
  root.querySelector(".sb-picker").disabled = false;
  diffOnly.disabled = false;
})();
