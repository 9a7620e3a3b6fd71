/* Scoring matrix: persona switcher, must-have toggles, weight sliders, sorting, filters, and a
 * category opened into its criteria.
 *
 * The page is a complete ranked table without this script, one column per category. The criterion
 * scores come from the JSON block the build wrote (site_builder/site/pages/matrix.py), each thing
 * once; this script decodes it, builds a criterion's cells only when its category is opened, hides
 * the criteria weighted 0 (and the categories with no weighted criterion), and re-weights the scores
 * exactly as site_builder/score.py does: total = sum(score_i * w_i / sum(w)), totals rounded to
 * 9 decimals, equal totals share a rank (1, 2, 2, 4) and keep vendor-id order, and a vendor that
 * fails an enabled must-have is excluded. State lives in the URL hash so a view can be shared:
 *   #persona=<id>&w.<criterion>=<weight>&must=<id>,<id>&sort=<key>&dir=asc|desc&flags=any&cov=0.5&open=<category>
 * Vendor text is set with textContent only.
 */
(function () {
  "use strict";

  var root = document.getElementById("sb-matrix");
  var source = document.getElementById("sb-matrix-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var table = root.querySelector(".sb-matrix-table");
  var tbody = table.tBodies[0];
  var personaSelect = document.getElementById("sb-persona");
  var status = document.getElementById("sb-status");
  var sliders = Array.prototype.slice.call(root.querySelectorAll("input[name=weight]"));
  var mustBoxes = Array.prototype.slice.call(root.querySelectorAll("input[name=must]"));
  var criterionIndex = {};
  data.criteria.forEach(function (c, i) { criterionIndex[c.id] = i; });
  var rows = {};
  Array.prototype.forEach.call(tbody.rows, function (tr) { if (tr.hasAttribute("data-id")) rows[tr.getAttribute("data-id")] = tr; });
  var SEVERITIES = data.severities;
  var MUSTS = { p: "pass", f: "fail", u: "unconfirmed" };

  /* The compact block, decoded once: per vendor score/worst/best/known arrays in column order,
     whether each cell is known-bad, each cell's value, must-have results and flag counts. */
  data.vendors.forEach(function (v) {
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
  var vendorById = {};
  data.vendors.forEach(function (v) { vendorById[v.id] = v; });
  /* criterion indexes per category, in column order */
  data.categories.forEach(function (cat) {
    cat.idx = [];
    data.criteria.forEach(function (c, i) { if (c.category === cat.id) cat.idx.push(i); });
  });
  var categories = data.categories.filter(function (cat) { return cat.idx.length > 0; });

  var state = null;

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

  /* numpy's round(x, 9): round half to even at the 9th decimal. */
  function round9(x) {
    var y = x * 1e9, r = Math.round(y);
    if (Math.abs(y - Math.trunc(y)) === 0.5 && r % 2 !== 0) r -= 1;
    return r / 1e9;
  }

  /* Totals, ranges, coverage and ranks for the current weights and must-haves. */
  function compute() {
    var w = state.weights, sum = 0, i;
    for (i = 0; i < w.length; i++) sum += w[i];
    var results = data.vendors.map(function (v) {
      var excluded = state.musts.some(function (m) { return v.must[m] === "fail"; });
      var r = { id: v.id, vendor: v, excluded: excluded, total: null, low: null, high: null, coverage: null, rank: null };
      if (sum > 0) {
        var t = 0, lo = 0, hi = 0, cov = 0;
        for (var j = 0; j < w.length; j++) {
          var share = w[j] / sum;
          t += v.score[j] * share; lo += v.worst[j] * share; hi += v.best[j] * share; cov += v.known[j] * share;
        }
        r.total = t; r.low = lo; r.high = hi; r.coverage = cov; r.rounded = round9(t);
      }
      return r;
    });
    if (sum > 0) {
      var ranked = results.filter(function (r) { return !r.excluded; });
      ranked.forEach(function (r) {
        r.rank = 1 + ranked.filter(function (o) { return o.rounded > r.rounded; }).length;
        r.tied = ranked.some(function (o) { return o !== r && o.rounded === r.rounded; });
      });
    }
    return { results: results, weightSum: sum };
  }

  function mustLabel(id) {
    for (var i = 0; i < data.mustHaves.length; i++) if (data.mustHaves[i].id === id) return data.mustHaves[i].label;
    return id;
  }

  function flagCount(v) { return SEVERITIES.reduce(function (n, s) { return n + v.flags[s]; }, 0); }

  function sortKey(r) {
    var k = state.sort;
    if (k === "rank") return r.rank === null ? Infinity : r.rank;
    if (k === "name") return r.vendor.name.toLowerCase();
    if (k === "total") return r.total === null ? -Infinity : r.total;
    if (k === "coverage") return r.coverage === null ? -Infinity : r.coverage;
    if (k === "flags") return r.vendor.flags.high * 10000 + r.vendor.flags.medium * 100 + r.vendor.flags.low;
    if (k.charAt(0) === "g") {
      var got = categoryScore(r.vendor, categories[Number(k.slice(1))], state.weights);
      return got === null || got.informed === 0 ? -Infinity : got.score;
    }
    return r.vendor.score[Number(k.slice(1))];
  }

  function ordered(results) {
    var dir = state.dir === "desc" ? -1 : 1;
    return results.slice().sort(function (a, b) {
      if (state.sort === "rank" && a.excluded !== b.excluded) return a.excluded ? 1 : -1;
      var x = sortKey(a), y = sortKey(b);
      if (x < y) return -dir;
      if (x > y) return dir;
      if (state.sort === "rank" && a.rank !== null) {
        /* a shared rank, as the Python engine orders it: fewer red flags (high first), then more coverage */
        var fa = a.vendor.flags, fb = b.vendor.flags;
        for (var i = 0; i < SEVERITIES.length; i++) {
          if (fa[SEVERITIES[i]] !== fb[SEVERITIES[i]]) return fa[SEVERITIES[i]] < fb[SEVERITIES[i]] ? -1 : 1;
        }
        var ca = round9(a.coverage), cb = round9(b.coverage);
        if (ca !== cb) return ca > cb ? -1 : 1;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  /* Python's format(x, ".1f"): toFixed rounds an exact half up (33.25 -> 33.3), Python to even (33.2).
     Only binary-exact halves (multiples of 0.25) can tie; every other value rounds the same. */
  function fmt(x) {
    if (x === null) return "–";
    var y = x * 10, f = Math.floor(y);
    if (y - f === 0.5 && x * 4 === Math.round(x * 4)) return ((f % 2 === 0 ? f : f + 1) / 10).toFixed(1);
    return x.toFixed(1);
  }

  /* Python's format(x, ".0f"): an exact half goes to the even integer. */
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

  function categoryCell(td, v, cat) {
    var got = categoryScore(v, cat, state.weights) || { score: 0, informed: 0, counted: 0 };
    td.className = "sb-cat-cell " + (got.informed ? "sb-b" + band(got.score) : "sb-unknown");
    td.textContent = "";
    if (got.informed) td.appendChild(el("span", fmt0(got.score), "sb-score"));
    else td.appendChild(document.createTextNode("unknown"));
    td.appendChild(el("span", got.informed + " of " + got.counted + " known", "sb-val"));
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

  function render() {
    var out = compute(), shown = 0, excluded = 0, unconfirmed = 0;
    var p = persona(state.persona);
    ordered(out.results).forEach(function (r) {
      var tr = rows[r.id];
      tbody.appendChild(tr);
      tr.classList.toggle("sb-excluded", r.excluded);
      tr.querySelector(".sb-rank").textContent = r.rank === null ? "–" : (r.tied ? "=" : "") + r.rank;
      tr.querySelector(".sb-total").textContent = fmt(r.total);
      tr.querySelector(".sb-range").textContent = r.total === null ? "" : fmt(r.low) + "–" + fmt(r.high);
      tr.querySelector(".sb-col-coverage").textContent = r.coverage === null ? "–" : Math.round(r.coverage * 100) + "%";
      var failed = state.musts.filter(function (m) { return r.vendor.must[m] === "fail"; }).map(mustLabel);
      tr.querySelector(".sb-why").textContent = failed.length ? " excluded: fails " + failed.join("; ") : "";
      /* An enabled must-have whose fact is unknown neither passes nor excludes: say so on the row. */
      var open = r.excluded ? [] : state.musts.filter(function (m) { return r.vendor.must[m] === "unconfirmed"; });
      var note = tr.querySelector(".sb-unconfirmed");
      note.textContent = "";
      if (open.length) {
        var mark = document.createElement("span");
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "? ";
        note.appendChild(mark);
        note.appendChild(document.createTextNode("unconfirmed: " + open.map(mustLabel).join("; ")));
        unconfirmed++;
      }
      var hide = (state.flags === "any" && flagCount(r.vendor) === 0) ||
        (state.flags === "no-high" && r.vendor.flags.high > 0) ||
        (state.cov > 0 && (r.coverage === null || r.coverage < state.cov));
      tr.hidden = hide;
      if (!hide) shown++;
      if (r.excluded) excluded++;
      categoryCells(tr, r.vendor);
    });
    root.querySelector(".sb-caption-persona").textContent = p.label;
    Array.prototype.forEach.call(root.querySelectorAll(".sb-decision-box"), function (box) {
      box.hidden = box.getAttribute("data-persona") !== p.id;
    });
    sliders.forEach(function (s) {
      var w = state.weights[criterionIndex[s.getAttribute("data-criterion")]];
      s.value = String(w);
      document.getElementById(s.id + "-out").textContent = String(w);
      var tag = table.querySelector('.sb-weight-tag[data-criterion="' + s.getAttribute("data-criterion") + '"]');
      if (tag) tag.textContent = "weight " + w;
    });
    mustBoxes.forEach(function (b) { b.checked = state.musts.indexOf(b.value) >= 0; });
    personaSelect.value = state.persona;
    columns();
    sortIndicators();
    var words = out.weightSum > 0
      ? "Ranked for " + p.label + ": " + (data.vendors.length - excluded) + " ranked, " + excluded + " excluded" +
        (unconfirmed ? ", " + unconfirmed + " with a must-have unconfirmed (its fact is unknown)" : "")
      : "Every weight is 0: nothing to rank. Raise a weight or reset to the persona.";
    if (shown < data.vendors.length) words += "; " + (data.vendors.length - shown) + " hidden by the filters";
    var noMatch = tbody.querySelector(".sb-no-match");
    noMatch.hidden = shown > 0;
    tbody.appendChild(noMatch);
    var lead = leaderboard(out.results);
    status.textContent = (lead ? lead + " " : "") + words + ".";
    writeHash();
  }

  /* The leader and the top vendors at the current weights, next to the sliders: who leads, who ties. */
  var BOARD = 5;
  function leaderboard(results) {
    var ranked = results.filter(function (r) { return r.rank !== null; }).sort(function (a, b) {
      return a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var list = document.getElementById("sb-leaderboard"), leader = document.getElementById("sb-leader");
    list.textContent = "";
    ranked.slice(0, BOARD).forEach(function (r) {
      var li = document.createElement("li");
      li.setAttribute("data-id", r.id);
      li.appendChild(el("span", (r.tied ? "=" : "") + r.rank, "sb-rank"));
      li.appendChild(document.createTextNode(" " + r.vendor.name + " "));
      li.appendChild(el("strong", fmt(r.total), "sb-total"));
      li.appendChild(el("span", " (" + fmt(r.low) + "–" + fmt(r.high) + ")", "sb-range"));
      list.appendChild(li);
    });
    if (!ranked.length) { leader.textContent = ""; return ""; }
    var first = ranked.filter(function (r) { return r.rank === 1; });
    var words = first.length > 1
      ? "Tied first at " + fmt(first[0].total) + ": " + first.map(function (r) { return r.vendor.name; }).join(", ") + "."
      : "Leader: " + first[0].vendor.name + " at " + fmt(first[0].total) +
        (ranked.length > 1 ? ", " + fmt(first[0].total - ranked[1].total) + " ahead of " + ranked[1].vendor.name : "") + ".";
    leader.textContent = words;
    return words;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  /* The category cells, and the open category's criterion cells (built on first need); a category
     or criterion the weights leave out is hidden. */
  function categoryCells(tr, v) {
    categories.forEach(function (cat) {
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
      td.hidden = !weighted(cat);
      Array.prototype.forEach.call(tr.querySelectorAll('td.sb-cell[data-cat="' + cat.id + '"]'), function (cell) {
        cell.hidden = !open || !(state.weights[criterionIndex[cell.getAttribute("data-criterion")]] > 0);
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
      head.hidden = !weighted(cat);
      head.querySelector("button.sb-expand").setAttribute("aria-expanded", String(open));
      Array.prototype.forEach.call(table.querySelectorAll('th.sb-crit[data-cat="' + cat.id + '"]'), function (th) {
        th.hidden = !open || !(state.weights[criterionIndex[th.getAttribute("data-criterion")]] > 0);
      });
    });
    var count = 4 + categories.filter(weighted).length;
    if (state.open !== null) {
      count += categories.filter(function (c) { return c.id === state.open; })[0].idx.filter(function (i) { return state.weights[i] > 0; }).length;
    }
    tbody.querySelector(".sb-no-match td").colSpan = count;
  }

  function sortIndicators() {
    Array.prototype.forEach.call(table.querySelectorAll("button.sb-sort"), function (b) {
      var th = b.closest("th");
      var key = b.getAttribute("data-key");
      if (key === state.sort) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
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
    document.getElementById("sb-flag-filter").value = s.flags;
    document.getElementById("sb-coverage-filter").value = String(s.cov);
  }

  /* --- events -------------------------------------------------------------------------------- */

  personaSelect.addEventListener("change", function () {
    var keep = state;
    state = defaults(personaSelect.value);
    state.sort = keep.sort; state.dir = keep.dir; state.flags = keep.flags; state.cov = keep.cov;
    state.open = keep.open;
    render();
  });
  sliders.forEach(function (s) {
    s.addEventListener("input", function () {
      state.weights[criterionIndex[s.getAttribute("data-criterion")]] = Number(s.value);
      render();
    });
  });
  mustBoxes.forEach(function (b) {
    b.addEventListener("change", function () {
      state.musts = mustBoxes.filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      render();
    });
  });
  document.getElementById("sb-flag-filter").addEventListener("change", function (e) { state.flags = e.target.value; render(); });
  document.getElementById("sb-coverage-filter").addEventListener("change", function (e) { state.cov = Number(e.target.value); render(); });
  document.getElementById("sb-reset").addEventListener("click", function () { state = defaults(state.persona); render(); });
  tbody.querySelector(".sb-clear-filters").addEventListener("click", function () {
    state.flags = "all"; state.cov = 0;
    document.getElementById("sb-flag-filter").value = "all";
    document.getElementById("sb-coverage-filter").value = "0";
    render();
  });
  table.addEventListener("click", function (e) {
    var sort = e.target.closest("button.sb-sort");
    if (sort) {
      var key = sort.getAttribute("data-key");
      if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
      else { state.sort = key; state.dir = key === "rank" || key === "name" ? "asc" : "desc"; }
      render();
      return;
    }
    var expand = e.target.closest("button.sb-expand");
    if (expand) {
      var cat = expand.getAttribute("data-cat");
      state.open = state.open === cat ? null : cat;
      render();
      expand.focus();
    }
  });
  window.addEventListener("hashchange", function () { readHash(); render(); });

  readHash();
  render();
  root.querySelector(".sb-controls-set").disabled = false;
})();
