/* Small enhancements of the DTI results site. Every page works without them: tables are complete and
   ordered by rank, charts have text alternatives, and the compare page shows an example. */
(function () {
  "use strict";

  var collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });
  var numberFormat = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var compactFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  /* A map is as tall as its province is for the width it gets (data-aspect = width / height), plus its
     legends, and never taller than most of the screen. */
  function fitMap(el) {
    var aspect = parseFloat(el.getAttribute("data-aspect"));
    if (!aspect) return;
    var legend = parseFloat(el.getAttribute("data-legend")) || 0;
    function fit() {
      var tallest = Math.max(240, Math.min(640, window.innerHeight * 0.8));
      el.style.height = Math.round(Math.min(el.clientWidth / aspect + legend, tallest)) + "px";
    }
    fit();
    window.addEventListener("resize", fit);
  }

  /* Charts: Vega-Lite specifications embedded as JSON, drawn with the bundled vega-embed. */
  function drawCharts() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll(".dti-chart-canvas[data-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source) return;
      fitMap(el);
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then(function () {
        var svg = el.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
      });
    });
  }

  /* Sortable tables: every header with data-sort becomes a button. */
  function cellValue(row, index, kind) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-value") !== null ? cell.getAttribute("data-value") : cell.textContent.trim()) : "";
    if (kind === "number") return raw === "" ? null : parseFloat(raw);
    return raw;
  }

  function makeSortable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    headers.forEach(function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dti-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          if (x === null || x === "") return (y === null || y === "") ? 0 : 1;
          if (y === null || y === "") return -1;
          var order = kind === "number" ? x - y : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* District filter of the commune ranking. */
  function makeFilter(select) {
    var table = document.getElementById(select.getAttribute("data-table"));
    var counter = document.querySelector('.dti-count[data-for="' + select.getAttribute("data-table") + '"]');
    select.addEventListener("change", function () {
      var wanted = select.value, shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = !wanted || row.getAttribute("data-district") === wanted;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (counter) counter.textContent = shown + " đơn vị" + (wanted ? " thuộc " + wanted : "");
    });
  }

  /* Compare page: reads data/<year>/scorecards.json and shows the chosen units side by side. */
  function makeCompare(form) {
    var result = document.getElementById("dti-compare-result");
    var source = result.getAttribute("data-source");
    var yearSelect = document.getElementById("dti-compare-year");
    var typeSelect = document.getElementById("dti-compare-type");
    var unitSelects = Array.prototype.slice.call(form.querySelectorAll(".dti-compare-unit"));
    var params = new URLSearchParams(window.location.search);
    var wanted = (params.get("don-vi") || "").split(",").filter(Boolean);
    var cache = {};
    if (params.get("nam")) yearSelect.value = params.get("nam");
    if (params.get("loai")) typeSelect.value = params.get("loai");
    form.hidden = false;

    function load(year) {
      if (!cache[year]) {
        cache[year] = fetch(source + year + "/scorecards.json").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        });
      }
      return cache[year];
    }

    function fmt(value) { return value === null || value === undefined ? "–" : numberFormat.format(value); }
    function compact(value) { return value === null || value === undefined ? "–" : compactFormat.format(value); }

    function text(tag, content, attrs) {
      var el = document.createElement(tag);
      if (content !== undefined) el.textContent = content;
      Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      return el;
    }

    function render(data) {
      var group = data.types[typeSelect.value];
      var chosen = unitSelects.map(function (s) { return s.value; }).filter(Boolean);
      var units = chosen.map(function (id) { return group.units.filter(function (u) { return u.id === id; })[0]; }).filter(Boolean);
      result.innerHTML = "";
      if (units.length < 2) {
        result.appendChild(text("p", "Chọn ít nhất hai đơn vị để so sánh.", { "class": "dti-note" }));
        return;
      }
      var wrap = text("div", undefined, { "class": "dti-table-wrap", tabindex: "0", role: "region", "aria-label": "Bảng so sánh" });
      var table = text("table", undefined, { "class": "dti-table dti-compare" });
      table.appendChild(text("caption", group.label + " năm " + data.year + ": " + units.map(function (u) { return u.name; }).join(", ")));
      var head = table.createTHead().insertRow();
      head.appendChild(text("th", "Chỉ tiêu", { scope: "col" }));
      units.forEach(function (u) {
        var th = text("th", undefined, { scope: "col", "class": "num" });
        var a = text("a", u.name, { href: "../" + u.url });
        th.appendChild(a);
        head.appendChild(th);
      });
      var body = table.createTBody();
      function line(label, values, cls) {
        var row = body.insertRow();
        if (cls) row.className = cls;
        row.appendChild(text("th", label, { scope: "row" }));
        values.forEach(function (v) { row.appendChild(text("td", v, { "class": "num" })); });
      }
      line("Thứ hạng", units.map(function (u) { return u.rank ? String(u.rank) : "không xếp hạng"; }));
      line("Chỉ số DTI (%)", units.map(function (u) { return fmt(u.percent); }));
      line("Tổng điểm", units.map(function (u) { return fmt(u.score) + "/" + compact(u.max); }));
      group.indicators.forEach(function (ind) {
        var label = ind.id + ". " + ind.name + " (" + compact(ind.max) + ")";
        line(label, units.map(function (u) {
          var v = u.scores[ind.id];
          return v === null || v === undefined ? "KĐG" : fmt(v);
        }), ind.main ? "dti-parent" : "dti-detail");
      });
      wrap.appendChild(table);
      result.appendChild(wrap);
      var ids = units.map(function (u) { return u.id; }).join(",");
      var query = "?nam=" + data.year + "&loai=" + typeSelect.value + "&don-vi=" + ids;
      window.history.replaceState(null, "", query);
    }

    /* The unit types assessed that year (no districts from 2025): the type list follows the year. */
    function syncTypes(data) {
      var keep = typeSelect.value;
      var order = data.order || Object.keys(data.types);
      while (typeSelect.options.length) typeSelect.remove(0);
      order.forEach(function (t) { typeSelect.add(new Option(data.types[t].label, t, false, t === keep)); });
      if (!data.types[keep]) typeSelect.value = order[0];
    }

    function fillUnits(data) {
      syncTypes(data);
      var group = data.types[typeSelect.value];
      if (!group) {
        typeSelect.value = Object.keys(data.types)[0];
        group = data.types[typeSelect.value];
      }
      unitSelects.forEach(function (select, i) {
        var keep = select.value || wanted[i] || "";
        while (select.options.length > 1) select.remove(1);
        group.units.forEach(function (u) {
          var label = u.name + (u.district ? " (" + u.district + ")" : "");
          select.add(new Option(label, u.id, false, u.id === keep));
        });
        if (!group.units.some(function (u) { return u.id === keep; })) select.value = "";
      });
      if (unitSelects.filter(function (s) { return s.value; }).length === 0) {
        var top = group.units.filter(function (u) { return u.rank; }).sort(function (a, b) { return a.rank - b.rank; });
        if (top[0]) unitSelects[0].value = top[0].id;
        if (top[1]) unitSelects[1].value = top[1].id;
      }
      wanted = [];
      render(data);
    }

    function refresh(resetUnits) {
      if (resetUnits) unitSelects.forEach(function (s) { s.value = ""; });
      load(yearSelect.value).then(fillUnits).catch(function () {
        result.innerHTML = "";
        result.appendChild(text("p", "Không tải được dữ liệu so sánh.", { "class": "dti-note" }));
      });
    }

    yearSelect.addEventListener("change", function () { refresh(false); });
    typeSelect.addEventListener("change", function () { refresh(true); });
    unitSelects.forEach(function (s) { s.addEventListener("change", function () { load(yearSelect.value).then(render); }); });
    refresh(false);
  }

  /* Search page: Pagefind's interface, filled in from ?q= when coming from the home page. */
  function makeSearch(el) {
    if (typeof window.PagefindUI !== "function") return;
    var ui = new window.PagefindUI({ element: el, bundlePath: el.getAttribute("data-bundle"), showSubResults: true, showImages: false });
    var input = el.querySelector("input");
    if (input) input.setAttribute("aria-label", "Tìm đơn vị hoặc chỉ số");
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }

  ready(function () {
    drawCharts();
    document.querySelectorAll("table.dti-sortable").forEach(makeSortable);
    document.querySelectorAll("select.dti-filter").forEach(makeFilter);
    var compare = document.getElementById("dti-compare-form");
    if (compare) makeCompare(compare);
    var search = document.getElementById("dti-search");
    if (search) makeSearch(search);
  });
})();
