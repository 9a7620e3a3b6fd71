/* Cost calculator: recomputes each vendor's figures for the reader's inputs.
 *
 * Python hands over data, not rules, wherever it can: the downtime each SLA allows (the same for
 * any input) comes as Python's figure, and the credit a bad month earns as the step function
 * Python's credit rule gives (creditPieces). What is left here is arithmetic on the inputs (seats x
 * price, hours x cost, fee x months left), numbers shown as Python's format_value shows them; the
 * inputs themselves are declared once in site_builder/site/pages/calculator.py (INPUTS). Chromium
 * tests compare every figure with Python's on several inputs. State lives in the URL hash. Vendor
 * text is set with textContent only.
 */
(function () {
  "use strict";

  var root = document.getElementById("sb-calculator");
  var source = document.getElementById("sb-calculator-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var form = document.getElementById("sb-calc-form");
  var status = document.getElementById("sb-calc-status");
  var HPM = data.hoursPerMonth;
  /* The inputs (name, limits, whole numbers only, checkbox), declared once in calculator.py's INPUTS. */
  var FIELDS = {}, BOXES = [];
  data.inputs.forEach(function (spec) { if (spec.checkbox) BOXES.push(spec.name); else FIELDS[spec.name] = spec; });

  /* --- Python's number formatting (metrics.num and format_value) ------------------------- */

  function roundHalfEven(x) {
    var f = Math.floor(x), d = x - f;
    if (d === 0.5) return f % 2 === 0 ? f : f + 1;
    return Math.round(x);
  }

  function strip(s) { return s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s; }

  function pyG(x, p) { /* format(x, ".<p>g") */
    if (x === 0) return "0";
    var e = x.toExponential(p - 1), exp = Number(e.slice(e.indexOf("e") + 1));
    if (exp < -4 || exp >= p) { /* Python: 1.5e-05, 2.5e+07 (two exponent digits at least) */
      var digits = String(Math.abs(exp));
      return strip(e.slice(0, e.indexOf("e"))) + "e" + (exp < 0 ? "-" : "+") + (digits.length < 2 ? "0" : "") + digits;
    }
    return strip(x.toPrecision(p));
  }

  function num(x) {
    if (Math.abs(x) >= 1000) return String(roundHalfEven(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return Math.abs(x) >= 10 ? pyG(x, 4) : pyG(x, 3);
  }

  /* data/words.py's rules: at most three significant digits, durations in the unit a person uses */
  function sig(x) {
    if (Math.abs(x) >= 1000) return num(x);
    return pyG(parseFloat(pyG(x, 3)), 6);
  }

  var UNIT_WORDS = {s: "seconds", min: "minutes", h: "hours", days: "days"};
  var TO_HOURS = {h: 1, min: 1 / 60, days: 24};

  function duration(hours, long) { /* duration_text */
    var seconds = hours * 3600, amount, unit;
    if (hours === 0) { amount = "0"; unit = "min"; }
    else if (seconds < 59.5) { amount = String(roundHalfEven(seconds)); unit = "s"; }
    else if (hours < 1) { amount = sig(hours * 60); unit = "min"; }
    else if (hours < 48 || (hours % 24 && hours < 24 * 14)) { amount = sig(hours); unit = "h"; }
    else { amount = sig(hours / 24); unit = "days"; }
    if (unit === "days" && amount === "1") return "1 day";
    if (!long) return amount + " " + unit;
    var word = UNIT_WORDS[unit];
    return amount + " " + (amount === "1" ? word.slice(0, -1) : word);
  }

  function share(pct) { /* share_text */
    if (pct === 0) return "0%";
    if (Math.abs(pct) < 0.01) return "< 0.01%";
    return (pct >= 99 && pct <= 100 ? pyG(pct, 5) : sig(pct)) + "%";
  }

  function shown(value, unit) {
    if (value === null) return "unknown";
    if (unit === "%") return share(value);
    if (TO_HOURS[unit]) return value === 0 ? "0 " + unit : duration(value * TO_HOURS[unit]);
    if (unit.length === 3 && unit === unit.toUpperCase()) return unit + " " + num(value);
    return (num(value) + " " + unit).trim();
  }

  /* --- the formulas ------------------------------------------------------------------------- */

  function seatBill(v, s) {
    if (!v.prices.length || v.currency === null) return null;
    var best = null;
    v.prices.forEach(function (p) {
      var seats = Math.max(p.concurrent ? s.concurrent : s.named, v.minimumSeats || 0);
      var bill = p.amount * seats;
      if (best === null || bill < best.bill || (bill === best.bill && p.name < best.name)) {
        best = { bill: bill, name: p.name, seats: seats, amount: p.amount, kind: p.concurrent ? "concurrent" : "named",
          rate: p.rate };
      }
    });
    return best;
  }

  /* The credit a month at `availability` earns: the step function Python computed (creditPieces). */
  function creditAt(v, availability) {
    if (v.creditPieces === null) return null;
    var piece = v.creditPieces[0];
    v.creditPieces.forEach(function (p) { if (p[0] !== null && p[0] <= availability) piece = p; });
    return { value: piece[1], why: piece[2], floor: piece[3] };
  }

  function figures(v, s) {
    var out = {}, bill = seatBill(v, s), cur = data.currency, upTo = v.plannedUpTo ? "up to " : "";
    out.price_per_year = bill ? [bill.bill * 12, v.currency,
      bill.name + ": " + v.currency + " " + num(bill.amount) + (bill.rate ? " (" + bill.rate + ")" : "") +
      " a month x " + bill.seats + " " + bill.kind + " seats x 12 months"] :
      [null, "", v.pricesWhy || "No per-seat price is published: unknown."];
    // The downtime the SLA allows does not depend on the inputs: Python's figure, as it shows it.
    var allowed = v.allowed[0];
    out.allowed_downtime_year_h = [allowed, "h", v.allowed[1], "", allowed === null && v.objective, v.allowed[2]];
    var share = Math.min(1, s.openHours / 168);
    out.downtime_cost_year = allowed === null ? [null, cur, v.availabilityWhy || "Needs the availability commitment."] :
      allowed === 0 ? [0, cur, "The SLA allows no downtime at all (100%): every minute down is a breach.", "", false,
        v.allowed[2]] :
      [allowed * share * s.cost, cur, num(allowed) + " h x " + num(share * 100) + "% of the week open x " + cur + " " +
        num(s.cost) + " an hour."];
    var planned = v.plannedQuarter === null ? null : v.plannedQuarter * 4;
    out.planned_downtime_year_h = [planned, "h", planned === null ? "The maintenance windows are unknown." :
      upTo + num(v.plannedQuarter) + " h a quarter x 4" + (upTo ? " (the contract's maximum)." : "."), upTo];
    var plannedCost = planned === null ? null : planned * (s.maint ? 1 : 0) * s.cost;
    out.planned_downtime_cost_year = planned === null ? [null, cur, "Needs the maintenance windows."] :
      [plannedCost, cur, s.maint ?
        upTo + num(planned) + " h in open hours x " + cur + " " + num(s.cost) + " an hour." :
        "The windows fall outside your open hours: no cost.", plannedCost ? upTo : ""];
    var reading = creditAt(v, s.scenario), credit = reading === null ? null : reading.value;
    out.credit_at_scenario_pct = [credit, "%", credit === null ? "Unknown: " + (reading ? reading.why : "no SLA is recorded") + "." :
      "A month at " + s.scenario + "% availability earns a credit of " + credit + "% (" + reading.why + ")" +
      (bill ? ", " + v.currency + " " + num(credit / 100 * bill.bill) + "." : "."), reading && reading.floor ? "at least " : ""];
    var hoursDown = (100 - s.scenario) / 100 * HPM, loss = hoursDown * s.cost;
    out.credit_cover_pct = credit === null || !bill ? [null, "%", "Needs the credit table and a per-seat price."] :
      v.currency !== cur ? [null, "%", "Not comparable: prices are in " + v.currency + ", the cost of downtime in " + cur + "."] :
      loss === 0 ? [null, "%", "The bad month loses nothing (no downtime, or an hour down costs 0)."] :
      [100 * (credit / 100 * bill.bill) / loss, "%", "A month at " + s.scenario + "% is " + duration(hoursDown, true) +
        " down, costing " + cur + " " + num(loss) + "; the credit pays " + cur + " " + num(credit / 100 * bill.bill) + "."];
    var months = null;
    if (v.feePct !== null) {
      var term = Math.max(s.term, v.termMonths || 0);
      months = v.feePct / 100 * Math.max(0, term - s.exit);
    }
    var exposure = months === 0 ? 0 : (months === null || !bill ? null : months * bill.bill);
    out.exit_exposure = [exposure, v.currency || "", exposure === null ?
      "Needs the early-termination fee and a per-seat price." :
      (months === 0 ? "Nothing left to pay." : num(months) + " months of fees x " + v.currency + " " + num(bill.bill) + " a month.")];
    return out;
  }

  /* --- inputs, hash and rendering ------------------------------------------------------------ */

  function read() {
    var s = {}, problems = [];
    Object.keys(FIELDS).forEach(function (name) {
      var spec = FIELDS[name], input = form.elements[name], raw = input.value.trim(), x = Number(raw);
      var ok = raw !== "" && isFinite(x) && x >= spec.min && (spec.max === null || x <= spec.max) &&
        (!spec.whole || Math.floor(x) === x);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (!ok) problems.push(spec.label + ": enter " + (spec.whole ? "a whole number" : "a number") + " of at least " +
        spec.min + (spec.max !== null ? " and at most " + spec.max : ""));
      s[name] = x;
    });
    BOXES.forEach(function (name) { s[name] = form.elements[name].checked; });
    if (!problems.length && s.exit > s.term) problems.push("Leave after: at most the contract term (" + s.term + " months)");
    return { settings: s, problems: problems };
  }

  function render() {
    var r = read();
    if (r.problems.length) {
      status.textContent = "Not recalculated. " + r.problems.join("; ") + ".";
      return;
    }
    var s = r.settings;
    Array.prototype.forEach.call(root.querySelectorAll(".sb-calc-table tbody tr"), function (tr) {
      var v = data.vendors[tr.getAttribute("data-id")], out = figures(v, s);
      Array.prototype.forEach.call(tr.querySelectorAll("td[data-metric]"), function (td) {
        var f = out[td.getAttribute("data-metric")];
        td.querySelector(".sb-fig").textContent = f[4] ? "no limit committed" :
          f[0] !== null && f[5] ? f[5] : (f[0] === null ? "" : f[3] || "") + shown(f[0], f[1]);
        td.querySelector(".sb-why").textContent = f[2];
        if (f[0] === null) td.removeAttribute("data-value"); else td.setAttribute("data-value", String(f[0]));
        td.classList.toggle("sb-unknown", f[0] === null && !f[4]);
        td.classList.toggle("sb-bad", !!f[4]);
      });
    });
    status.textContent = "Recalculated for " + s.named + " named / " + s.concurrent + " concurrent agents, " +
      s.openHours + " open hours a week, " + data.currency + " " + num(s.cost) + " an hour down.";
    var parts = Object.keys(FIELDS).map(function (n) { return n + "=" + encodeURIComponent(form.elements[n].value); });
    BOXES.forEach(function (name) { parts.push(name + "=" + (s[name] ? 1 : 0)); });
    var hash = "#" + parts.join("&");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function readHash() {
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("="), key = pair.slice(0, at), value = decodeURIComponent(pair.slice(at + 1));
      if (key in FIELDS) form.elements[key].value = value;
      if (BOXES.indexOf(key) >= 0) form.elements[key].checked = value === "1";
    });
  }

  form.addEventListener("input", render);
  form.addEventListener("change", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", function () { readHash(); render(); });
  form.hidden = false;
  readHash();
  render();
})();
