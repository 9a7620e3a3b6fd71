/* Scoring matrix: persona switcher, must-have toggles, weight sliders, sorting, filters, and a
 * category opened into its criteria.
 *
 * The page as served is the first persona's complete view: the ranked table, its category cells,
 * the leaderboard and the status line (site_builder/site/pages/matrix.py). At load this script only
 * enables the controls, unless the URL hash asks for another view; it reads its JSON block on the
 * first input. A persona's own view shows the totals, ranges, ranks and order score.py computed
 * (shipped in the block); moved weights or toggled must-haves are recomputed by `weigh` alone,
 * which re-weights the scores exactly as score.py does (the browser tests compare it with Python).
 * Every update writes only what differs from what the page shows, so a slider rewrites the totals,
 * the order and its own category's cells, and nothing else. State lives in the URL hash so a view
 * can be shared:
 *   #persona=<id>&w.<criterion>=<weight>&must=<id>,<id>&sort=<key>&dir=asc|desc&flags=any&cov=0.5&open=<category>
 * Vendor text is set with textContent only.
 */
(function () {
  "use strict";

  var root = document.getElementById("sb-matrix");
  var source = document.getElementById("sb-matrix-data");
  if (!root || !source) return;
  var table = root.querySelector(".sb-matrix-table");
  var tbody = table.tBodies[0];
  var noMatch = tbody.querySelector(".sb-no-match");
  var personaSelect = document.getElementById("sb-persona");
  var status = document.getElementById("sb-status");
  var flagFilter = document.getElementById("sb-flag-filter");
  var coverageFilter = document.getElementById("sb-coverage-filter");
  var sliders = Array.prototype.slice.call(root.querySelectorAll("input[name=weight]"));
  var mustBoxes = Array.prototype.slice.call(root.querySelectorAll("input[name=must]"));
  var MUSTS = { p: "pass", f: "fail", u: "unconfirmed" };
  var BOARD = 5; /* vendors on the leaderboard (matrix.py's BOARD) */

  var data = null, vendors, rowOf, criterionIndex, categories, weightTags, SEVERITIES;
  var state = null;

  /* The JSON block, decoded once on first need: per vendor its score/worst/best/known arrays in
     column order, whether each cell is known-bad, each cell's value, must-have results and flag
     counts; per persona the view score.py computed. */
  function load() {
    if (data) return;
    data = JSON.parse(source.textContent);
    SEVERITIES = data.severities;
    vendors = data.vendors;
    criterionIndex = {};
    data.criteria.forEach(function (c, i) { criterionIndex[c.id] = i; });
    var rows = {};
    Array.prototype.forEach.call(tbody.rows, function (tr) { if (tr.hasAttribute("data-id")) rows[tr.getAttribute("data-id")] = tr; });
    rowOf = vendors.map(function (v) { return rows[v.id]; });
    vendors.forEach(function (v) {
      v.score = v.s; v.worst = v.w || v.s; v.best = v.b;
      v.known = []; v.bad = []; v.value = [];
      for (var i = 0, at = 0; i < v.k.length; i++) {
        var st = v.k.charAt(i);
        v.known.push(st === "k" || st === "b" ? 1 : 0);
        v.bad.push(st === "b" || st === "x");
        v.value.push(st === "u" ? "unknown" : v.v[at++]);
      }
      v.must = {};
      data.mustHaves.forEach(function (m, j) { v.must[m.id] = MUSTS[v.m.charAt(j)]; });
      v.flags = {};
      SEVERITIES.forEach(function (sev, j) { v.flags[sev] = v.f[j]; });
    });
    data.personas.forEach(function (p) { p.view = pythonView(p); });
    /* criterion indexes per category, in column order */
    data.categories.forEach(function (cat) {
      cat.idx = [];
      data.criteria.forEach(function (c, i) { if (c.category === cat.id) cat.idx.push(i); });
    });
    categories = data.categories.filter(function (cat) { return cat.idx.length > 0; });
    weightTags = {};
    Array.prototype.forEach.call(table.querySelectorAll(".sb-weight-tag"), function (tag) {
      weightTags[tag.getAttribute("data-criterion")] = tag;
    });
  }

  /* A persona's view at its own weights and must-haves, as score.py computed it. */
  function pythonView(p) {
    var count = {};
    p.r.forEach(function (rank) { if (rank !== null) count[rank] = (count[rank] || 0) + 1; });
    return {
      rows: vendors.map(function (v, i) {
        return {
          total: p.t[i], low: (p.l || p.t)[i], high: p.h[i], coverage: p.c[i], rank: p.r[i],
          tied: p.r[i] !== null && count[p.r[i]] > 1, excluded: p.r[i] === null
        };
      }),
      order: p.o, weightSum: 1
    };
  }

  /* numpy's round(x, 9): round half to even at the 9th decimal. */
  function round9(x) {
    var y = x * 1e9, r = Math.round(y);
    if (Math.abs(y - Math.trunc(y)) === 0.5 && r % 2 !== 0) r -= 1;
    return r / 1e9;
  }

  /* The one recompute, as score.py's _persona_scores does it: per vendor the weighted mean of its
     scores, worst and best cases and known shares (each weight over their sum); a vendor failing an
     enabled must-have is excluded; totals rounded to 9 decimals, equal ones share a rank (1, 2, 2, 4);
     within a rank fewer red flags (high first), then more coverage (rounded to 9 decimals), then the
     id. Returns each vendor's numbers in data order and the order: the ranked, then the excluded. */
  function weigh(weights, musts) {
    load();
    var sum = 0, i, j;
    for (i = 0; i < weights.length; i++) sum += weights[i];
    var rows = vendors.map(function (v) {
      var r = {
        total: null, low: null, high: null, coverage: null, rank: null, tied: false,
        excluded: musts.some(function (m) { return v.must[m] === "fail"; })
      };
      if (sum > 0) {
        var t = 0, lo = 0, hi = 0, cov = 0;
        for (j = 0; j < weights.length; j++) {
          var share = weights[j] / sum;
          t += v.score[j] * share; lo += v.worst[j] * share; hi += v.best[j] * share; cov += v.known[j] * share;
        }
        r.total = t; r.low = lo; r.high = hi; r.coverage = cov;
      }
      return r;
    });
    var ranked = [], excluded = [];
    rows.forEach(function (r, at) { (r.excluded ? excluded : ranked).push(at); });
    if (sum > 0) {
      var total = rows.map(function (r) { return round9(r.total); });
      var cover = rows.map(function (r) { return round9(r.coverage); });
      ranked.sort(function (a, b) {
        if (total[a] !== total[b]) return total[b] - total[a];
        for (var s = 0; s < SEVERITIES.length; s++) {
          var fa = vendors[a].flags[SEVERITIES[s]], fb = vendors[b].flags[SEVERITIES[s]];
          if (fa !== fb) return fa - fb;
        }
        if (cover[a] !== cover[b]) return cover[b] - cover[a];
        return a - b; /* the data lists vendors in id order */
      });
      ranked.forEach(function (at, n) {
        var before = n > 0 ? ranked[n - 1] : null;
        rows[at].rank = before !== null && total[before] === total[at] ? rows[before].rank : n + 1;
        if (before !== null && total[before] === total[at]) rows[at].tied = rows[before].tied = true;
      });
    }
    return { rows: rows, order: ranked.concat(excluded), weightSum: sum };
  }
  root.sbWeigh = weigh; /* for the browser tests, which compare it with score.py */

  function persona(id) {
    for (var i = 0; i < data.personas.length; i++) if (data.personas[i].id === id) return data.personas[i];
    return data.personas[0];
  }

  function defaults(id) {
    var p = persona(id);
    return {
      persona: p.id, weights: p.weights.slice(), musts: p.mustHaves.slice(), sort: "rank", dir: "asc",
      flags: "all", cov: 0, open: null
    };
  }

  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /* The numbers for the current state: the persona's own view as score.py computed it, or weighed. */
  function view() {
    var p = persona(state.persona);
    if (sameList(state.weights, p.weights) && sameList(state.musts.slice().sort(), p.mustHaves.slice().sort())) return p.view;
    return weigh(state.weights, state.musts);
  }

  function mustLabel(id) {
    for (var i = 0; i < data.mustHaves.length; i++) if (data.mustHaves[i].id === id) return data.mustHaves[i].label;
    return id;
  }

  function flagCount(v) { return SEVERITIES.reduce(function (n, s) { return n + v.flags[s]; }, 0); }

  /* The rows' order: the ranking's own (reversed for descending; the excluded stay last), or by a
     column, equal keys in id order. */
  function ordered(out) {
    var dir = state.dir === "desc" ? -1 : 1;
    if (state.sort === "rank") {
      var ranked = out.order.filter(function (i) { return !out.rows[i].excluded; });
      if (dir < 0) ranked.reverse();
      return ranked.concat(out.order.filter(function (i) { return out.rows[i].excluded; }));
    }
    var key = vendors.map(function (v, i) { return sortKey(v, out.rows[i]); });
    return vendors.map(function (v, i) { return i; }).sort(function (a, b) {
      if (key[a] < key[b]) return -dir;
      if (key[a] > key[b]) return dir;
      return a - b;
    });
  }

  function sortKey(v, r) {
    var k = state.sort;
    if (k === "name") return v.name.toLowerCase();
    if (k === "total") return r.total === null ? -Infinity : r.total;
    if (k === "coverage") return r.coverage === null ? -Infinity : r.coverage;
    if (k === "flags") return v.flags.high * 10000 + v.flags.medium * 100 + v.flags.low;
    if (k.charAt(0) === "g") {
      var got = categoryScore(v, categories[Number(k.slice(1))], state.weights);
      return got === null || got.informed === 0 ? -Infinity : got.score;
    }
    return v.score[Number(k.slice(1))];
  }

  /* Python's format(x, ".1f"): toFixed rounds an exact half up (33.25 -> 33.3), Python to even (33.2).
     Only binary-exact halves (multiples of 0.25) can tie; every other value rounds the same. */
  function fmt(x) {
    if (x === null) return "–";
    var y = x * 10, f = Math.floor(y);
    if (y - f === 0.5 && x * 4 === Math.round(x * 4)) return ((f % 2 === 0 ? f : f + 1) / 10).toFixed(1);
    return x.toFixed(1);
  }

  /* Python's format(x, ".0f") (and ".0%" of x / 100): an exact half goes to the even integer. */
  function fmt0(x) {
    var f = Math.floor(x);
    if (x - f === 0.5) return String(f % 2 === 0 ? f : f + 1);
    return String(Math.round(x));
  }

  function band(score) { return Math.min(4, Math.floor(score / 20)); }

  /* A category's score at these weights, as matrix.py's category_score: the weighted mean of its
     weighted criteria, with how many rest on a fact; null when none of them is weighted. */
  function categoryScore(v, cat, w) {
    var total = 0, weight = 0, informed = 0, counted = 0;
    cat.idx.forEach(function (i) {
      if (w[i] > 0) {
        total += v.score[i] * w[i]; weight += w[i]; counted++;
        if (v.known[i] || v.bad[i]) informed++;
      }
    });
    return counted ? { score: total / weight, informed: informed, counted: counted } : null;
  }

  /* --- writing the page: only what differs from what it shows ------------------------------- */

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  function setHidden(node, hidden) { if (node.hidden !== hidden) node.hidden = hidden; }
  function setClass(node, name) { if (node.className !== name) node.className = name; }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function categoryCell(td, v, cat) {
    var got = categoryScore(v, cat, state.weights) || { score: 0, informed: 0, counted: 0 };
    var known = got.informed + " of " + got.counted + " known";
    var shown = got.informed ? fmt0(got.score) : "unknown";
    var cls = "sb-cat-cell " + (got.informed ? "sb-b" + band(got.score) : "sb-unknown");
    setClass(td, cls);
    if (td.textContent === shown + known) return;
    td.textContent = "";
    if (got.informed) td.appendChild(el("span", shown, "sb-score"));
    else td.appendChild(document.createTextNode(shown));
    td.appendChild(el("span", known, "sb-val"));
  }

  /* One criterion's cell, as the category's open view shows it. */
  function criterionCell(v, i) {
    var c = data.criteria[i], td = document.createElement("td"), shown = fmt0(v.score[i]);
    td.setAttribute("data-cat", c.category);
    td.setAttribute("data-criterion", c.id);
    td.setAttribute("data-label", c.label);
    if (v.bad[i]) {
      td.className = "sb-cell sb-bad";
      if (v.known[i]) td.appendChild(el("span", shown, "sb-score"));
      td.appendChild(el("span", v.value[i], "sb-val"));
      td.title = c.label + ": " + v.value[i] + (v.known[i] ? "; score " + shown : "; scores as the worst case");
    } else if (v.known[i]) {
      td.className = "sb-cell sb-b" + band(v.score[i]);
      td.appendChild(el("span", shown, "sb-score"));
      td.appendChild(el("span", v.value[i], "sb-val"));
      td.title = c.label + ": " + v.value[i] + "; score " + shown;
    } else {
      td.className = "sb-cell sb-unknown";
      td.textContent = "unknown";
      td.title = c.label + ": unknown; scored as the worst case until it is known";
    }
    return td;
  }

  /* The whole view for the current state. `only`, a category id, says the change was one of its
     weights: the other categories' cells cannot have changed and are not recomputed. */
  function render(only) {
    load();
    var out = view(), shown = 0, excluded = 0, unconfirmed = 0;
    var p = persona(state.persona);
    var order = ordered(out);
    order.forEach(function (i) {
      var v = vendors[i], r = out.rows[i], tr = rowOf[i];
      if (tr.classList.contains("sb-excluded") !== r.excluded) tr.classList.toggle("sb-excluded", r.excluded);
      setText(tr.querySelector(".sb-rank"), r.rank === null ? "–" : (r.tied ? "=" : "") + r.rank);
      setText(tr.querySelector(".sb-total"), fmt(r.total));
      setText(tr.querySelector(".sb-range"), r.total === null ? "" : fmt(r.low) + "–" + fmt(r.high));
      setText(tr.querySelector(".sb-col-coverage"), r.coverage === null ? "–" : fmt0(r.coverage * 100) + "%");
      var failed = state.musts.filter(function (m) { return v.must[m] === "fail"; }).map(mustLabel);
      setText(tr.querySelector(".sb-why"), failed.length ? " excluded: fails " + failed.join("; ") : "");
      /* An enabled must-have whose fact is unknown neither passes nor excludes: say so on the row. */
      var open = r.excluded ? [] : state.musts.filter(function (m) { return v.must[m] === "unconfirmed"; });
      var note = tr.querySelector(".sb-unconfirmed");
      var words = open.length ? "unconfirmed: " + open.map(mustLabel).join("; ") : "";
      if (note.textContent !== (words && "? " + words)) {
        note.textContent = "";
        if (words) {
          var mark = el("span", "? ");
          mark.setAttribute("aria-hidden", "true");
          note.appendChild(mark);
          note.appendChild(document.createTextNode(words));
        }
      }
      if (open.length) unconfirmed++;
      var hide = (state.flags === "any" && flagCount(v) === 0) ||
        (state.flags === "no-high" && v.flags.high > 0) ||
        (state.cov > 0 && (r.coverage === null || r.coverage < state.cov));
      setHidden(tr, hide);
      if (!hide) shown++;
      if (r.excluded) excluded++;
      categoryCells(tr, v, only);
    });
    reorder(order);
    setText(root.querySelector(".sb-caption-persona"), p.label);
    Array.prototype.forEach.call(root.querySelectorAll(".sb-decision-box"), function (box) {
      setHidden(box, box.getAttribute("data-persona") !== p.id);
    });
    sliders.forEach(function (s) {
      var id = s.getAttribute("data-criterion"), w = state.weights[criterionIndex[id]];
      if (Number(s.value) !== w) s.value = String(w);
      setText(document.getElementById(s.id + "-out"), String(w));
      if (weightTags[id]) setText(weightTags[id], "weight " + w);
    });
    mustBoxes.forEach(function (b) {
      var on = state.musts.indexOf(b.value) >= 0;
      if (b.checked !== on) b.checked = on;
    });
    if (personaSelect.value !== state.persona) personaSelect.value = state.persona;
    if (flagFilter.value !== state.flags) flagFilter.value = state.flags;
    if (Number(coverageFilter.value) !== state.cov) coverageFilter.value = String(state.cov);
    columns();
    sortIndicators();
    var words = out.weightSum > 0
      ? "Ranked for " + p.label + ": " + (vendors.length - excluded) + " ranked, " + excluded + " excluded" +
        (unconfirmed ? ", " + unconfirmed + " with a must-have unconfirmed (its fact is unknown)" : "")
      : "Every weight is 0: nothing to rank. Raise a weight or reset to the persona.";
    if (shown < vendors.length) words += "; " + (vendors.length - shown) + " hidden by the filters";
    setHidden(noMatch, shown > 0);
    var lead = leaderboard(out);
    setText(status, (lead ? lead + " " : "") + words + ".");
    writeHash();
  }

  /* The rows in this order (the "no vendor matches" row last), moved only when the order changed. */
  function reorder(order) {
    var now = tbody.rows, same = now.length === order.length + 1;
    for (var n = 0; same && n < order.length; n++) same = now[n] === rowOf[order[n]];
    if (same && now[order.length] === noMatch) return;
    order.forEach(function (i) { tbody.appendChild(rowOf[i]); });
    tbody.appendChild(noMatch);
  }

  /* The leader and the top vendors at the current weights, next to the sliders: who leads, who ties. */
  function leaderboard(out) {
    var ranked = out.order.filter(function (i) { return out.rows[i].rank !== null; }).sort(function (a, b) {
      return out.rows[a].rank - out.rows[b].rank || a - b;
    });
    var list = document.getElementById("sb-leaderboard"), leader = document.getElementById("sb-leader");
    var lines = ranked.slice(0, BOARD).map(function (i) {
      var r = out.rows[i];
      return [vendors[i].id, (r.tied ? "=" : "") + r.rank, " " + vendors[i].name + " ", fmt(r.total), " (" + fmt(r.low) + "–" + fmt(r.high) + ")"];
    });
    var items = list.querySelectorAll("li"), same = items.length === lines.length;
    for (var n = 0; same && n < lines.length; n++) {
      same = items[n].getAttribute("data-id") === lines[n][0] && items[n].textContent === lines[n].slice(1).join("");
    }
    if (!same) {
      list.textContent = "";
      lines.forEach(function (line) {
        var li = document.createElement("li");
        li.setAttribute("data-id", line[0]);
        li.appendChild(el("span", line[1], "sb-rank"));
        li.appendChild(document.createTextNode(line[2]));
        li.appendChild(el("strong", line[3], "sb-total"));
        li.appendChild(el("span", line[4], "sb-range"));
        list.appendChild(li);
      });
    }
    if (!ranked.length) { setText(leader, ""); return ""; }
    var rows = out.rows;
    var first = ranked.filter(function (i) { return rows[i].rank === 1; });
    var name = function (i) { return vendors[i].name; };
    var words = first.length > 1
      ? "Tied first at " + fmt(rows[first[0]].total) + ": " + first.map(name).join(", ") + "."
      : "Leader: " + name(first[0]) + " at " + fmt(rows[first[0]].total) +
        (ranked.length > 1 ? ", " + fmt(rows[first[0]].total - rows[ranked[1]].total) + " ahead of " + name(ranked[1]) : "") + ".";
    setText(leader, words);
    return words;
  }

  /* The category cells, and the open category's criterion cells (built on first need); a category
     or criterion the weights leave out is hidden. */
  function categoryCells(tr, v, only) {
    categories.forEach(function (cat) {
      if (only && cat.id !== only) return;
      var td = tr.querySelector('td.sb-cat-cell[data-cat="' + cat.id + '"]');
      categoryCell(td, v, cat);
      var open = state.open === cat.id, built = tr.querySelector('td.sb-cell[data-cat="' + cat.id + '"]');
      if (open && !built) {
        var after = td;
        cat.idx.forEach(function (i) {
          var cell = criterionCell(v, i);
          after.parentNode.insertBefore(cell, after.nextSibling);
          after = cell;
        });
      }
      setHidden(td, !weighted(cat));
      if (!open && !built) return;
      Array.prototype.forEach.call(tr.querySelectorAll('td.sb-cell[data-cat="' + cat.id + '"]'), function (cell) {
        setHidden(cell, !open || !(state.weights[criterionIndex[cell.getAttribute("data-criterion")]] > 0));
      });
    });
  }

  function weighted(cat) {
    return cat.idx.some(function (i) { return state.weights[i] > 0; });
  }

  function columns() {
    categories.forEach(function (cat) {
      var open = state.open === cat.id;
      var head = table.querySelector('th.sb-cat[data-cat="' + cat.id + '"]');
      setHidden(head, !weighted(cat));
      var button = head.querySelector("button.sb-expand");
      if (button.getAttribute("aria-expanded") !== String(open)) button.setAttribute("aria-expanded", String(open));
      Array.prototype.forEach.call(table.querySelectorAll('th.sb-crit[data-cat="' + cat.id + '"]'), function (th) {
        setHidden(th, !open || !(state.weights[criterionIndex[th.getAttribute("data-criterion")]] > 0));
      });
    });
    var count = 4 + categories.filter(weighted).length;
    if (state.open !== null) {
      count += categories.filter(function (c) { return c.id === state.open; })[0].idx.filter(function (i) { return state.weights[i] > 0; }).length;
    }
    var cell = noMatch.cells[0];
    if (cell.colSpan !== count) cell.colSpan = count;
  }

  function sortIndicators() {
    Array.prototype.forEach.call(table.querySelectorAll("button.sb-sort"), function (b) {
      var th = b.closest("th");
      var want = b.getAttribute("data-key") === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : null;
      if (th.getAttribute("aria-sort") === want) return;
      if (want) th.setAttribute("aria-sort", want);
      else th.removeAttribute("aria-sort");
    });
  }

  /* --- the URL hash ------------------------------------------------------------------------ */

  function writeHash() {
    var base = defaults(state.persona), parts = ["persona=" + encodeURIComponent(state.persona)];
    data.criteria.forEach(function (c, i) {
      if (state.weights[i] !== base.weights[i]) parts.push("w." + c.id + "=" + state.weights[i]);
    });
    if (state.musts.slice().sort().join(",") !== base.musts.slice().sort().join(",")) parts.push("must=" + state.musts.join(","));
    if (state.sort !== "rank" || state.dir !== "asc") parts.push("sort=" + state.sort, "dir=" + state.dir);
    if (state.flags !== "all") parts.push("flags=" + state.flags);
    if (state.cov > 0) parts.push("cov=" + state.cov);
    if (state.open !== null) parts.push("open=" + state.open);
    var hash = "#" + parts.join("&");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function readHash() {
    load();
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      params[decodeURIComponent(at < 0 ? pair : pair.slice(0, at))] = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1));
    });
    var s = defaults(params.persona || (state && state.persona) || root.getAttribute("data-persona"));
    Object.keys(params).forEach(function (key) {
      if (key.indexOf("w.") === 0 && key.slice(2) in criterionIndex) {
        var w = Number(params[key]);
        if (isFinite(w) && w >= 0) s.weights[criterionIndex[key.slice(2)]] = w;
      }
    });
    var known = data.mustHaves.map(function (m) { return m.id; });
    if ("must" in params) s.musts = params.must.split(",").filter(function (m) { return known.indexOf(m) >= 0; });
    var keys = ["rank", "name", "total", "coverage", "flags"]
      .concat(data.criteria.map(function (c, i) { return "c" + i; }))
      .concat(categories.map(function (c, i) { return "g" + i; }));
    if (keys.indexOf(params.sort) >= 0) s.sort = params.sort;
    if (params.dir === "asc" || params.dir === "desc") s.dir = params.dir;
    if (["all", "any", "no-high"].indexOf(params.flags) >= 0) s.flags = params.flags;
    if (isFinite(Number(params.cov))) s.cov = Math.min(1, Math.max(0, Number(params.cov || 0)));
    if (categories.some(function (c) { return c.id === params.open; })) s.open = params.open;
    state = s;
  }

  /* The state the page was served in, read on the first input when the URL had no hash. */
  function current() {
    if (!state) { load(); state = defaults(root.getAttribute("data-persona")); }
    return state;
  }

  /* --- events -------------------------------------------------------------------------------- */

  personaSelect.addEventListener("change", function () {
    var keep = current();
    state = defaults(personaSelect.value);
    state.sort = keep.sort; state.dir = keep.dir; state.flags = keep.flags; state.cov = keep.cov;
    state.open = keep.open;
    render();
  });
  sliders.forEach(function (s) {
    s.addEventListener("input", function () {
      var id = s.getAttribute("data-criterion");
      current().weights[criterionIndex[id]] = Number(s.value);
      render(data.criteria[criterionIndex[id]].category);
    });
  });
  mustBoxes.forEach(function (b) {
    b.addEventListener("change", function () {
      current().musts = mustBoxes.filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      render();
    });
  });
  flagFilter.addEventListener("change", function () { current().flags = flagFilter.value; render(); });
  coverageFilter.addEventListener("change", function () { current().cov = Number(coverageFilter.value); render(); });
  document.getElementById("sb-reset").addEventListener("click", function () { state = defaults(current().persona); render(); });
  noMatch.querySelector(".sb-clear-filters").addEventListener("click", function () {
    current().flags = "all"; state.cov = 0;
    render();
  });
  table.addEventListener("click", function (e) {
    var sort = e.target.closest("button.sb-sort");
    if (sort) {
      var key = sort.getAttribute("data-key");
      current();
      if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
      else { state.sort = key; state.dir = key === "rank" || key === "name" ? "asc" : "desc"; }
      render();
      return;
    }
    var expand = e.target.closest("button.sb-expand");
    if (expand) {
      var cat = expand.getAttribute("data-cat");
      current().open = state.open === cat ? null : cat;
      render();
      expand.focus();
    }
  });
  window.addEventListener("hashchange", function () { readHash(); render(); });

  /* At load: the page already shows the first persona's view; only a hash asks for another. */
  if (location.hash.length > 1) { readHash(); render(); }
  root.querySelector(".sb-controls-set").disabled = false;
})();
