/* Small enhancements of the DTI results site. Every page works without them: tables are complete and
   ordered by rank, charts have text alternatives, and the compare page shows an example. */
(function () {
  "use strict";

  var collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });
  var numberFormat = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var compactFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  var countFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });  // counts and ranks: 12.700

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  /* Each chart's table stands open in the page, for readers without this script; with it, the chart is
     drawn and its table waits behind «Số liệu của biểu đồ». This script runs at the end of the page, so
     every table is there already (dti.css keeps them shut until then). */
  document.querySelectorAll("details.dti-chart-data").forEach(function (d) {
    d.open = false;
    d.classList.add("dti-ready");
  });

  /* Header rows that stay in view: while a table's rows pass under the site's header, its header row is
     moved down to stay just below it (until the last row). CSS alone cannot do it for a table in a box
     that scrolls sideways: the box, not the page, would be what it sticks to. A table whose header is not
     shown (an indicator table on a phone, where every figure carries its label) is left alone. */
  var headsPending = false, headsStarted = false;
  function placeHeads() {
    headsPending = false;
    var bar = document.querySelector(".md-header");
    var top = bar ? Math.max(0, bar.getBoundingClientRect().bottom) : 0;
    document.querySelectorAll("table.dti-table").forEach(function (table) {
      var head = table.tHead, body = table.tBodies[0];
      if (!head || !body) return;
      var height = head.offsetHeight;
      var box = body.getBoundingClientRect();
      var rows = body.rows, last = rows.length ? rows[rows.length - 1].offsetHeight : 0;
      var shift = height ? Math.min(Math.max(0, top - (box.top - height)), Math.max(0, box.height - last)) : 0;
      head.style.transform = shift ? "translateY(" + Math.round(shift) + "px)" : "";
      head.classList.toggle("dti-stuck", shift > 0);
    });
  }
  /* A table wider than its box: a line above it says that it scrolls sideways (the box's scrollbar may be
     far below, under the last row). */
  function markWideTables() {
    document.querySelectorAll(".dti-table-wrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("dti-overflows", wide);
      var hint = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains("dti-scroll-hint") ? wrap.previousElementSibling : null;
      if (wide && !hint) {
        hint = document.createElement("p");
        hint.className = "dti-scroll-hint";
        hint.textContent = "Bảng rộng hơn khung hiển thị: cuộn ngang trong bảng để xem các cột còn lại →";
        wrap.parentNode.insertBefore(hint, wrap);
      } else if (!wide && hint) {
        hint.parentNode.removeChild(hint);
      }
    });
  }

  function keepHeadsInView() {
    markWideTables();
    if (!headsStarted) {
      headsStarted = true;
      var later = function () { if (!headsPending) { headsPending = true; window.requestAnimationFrame(placeHeads); } };
      window.addEventListener("scroll", later, { passive: true });
      window.addEventListener("resize", function () { later(); markWideTables(); });
      // A table grows when the script adds its sort buttons, draws a chart above it or fills it in.
      if ("ResizeObserver" in window) {
        var watched = new ResizeObserver(function () { markWideTables(); later(); });
        var watch = function () { document.querySelectorAll(".dti-table-wrap > table").forEach(function (t) { watched.observe(t); }); };
        watch();
        window.addEventListener("load", watch);
        document.addEventListener("dti-tables", watch);
      }
      window.addEventListener("beforeprint", function () { document.querySelectorAll("table.dti-table thead").forEach(function (h) { h.style.transform = ""; }); });
    }
    placeHeads();
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
      var map = el.classList.contains("dti-map-canvas");
      // On a screen without hover a tap on the map shows its own label (makeMap); a tooltip would repeat it.
      var tooltip = !(map && window.matchMedia && window.matchMedia("(hover: none)").matches);
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg", tooltip: tooltip }).then(function (result) {
        var svg = el.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
        if (map) makeMap(el, result.view, JSON.parse(source.textContent));
      });
    });
  }

  /* The map: a tap (or click) on a unit shows a label with its name, DTI % and rank, and marks its outline;
     a second tap on it opens its scorecard (the label's link does too). The box above the map highlights
     the units whose names hold what is typed, with or without diacritics, and shows the label when one
     unit matches. The chart's parameters dti_sel and dti_hl draw the marks (generator/mapchart.py). */
  function makeMap(el, view, spec) {
    var figure = el.closest("figure");
    var label = figure.querySelector(".dti-map-label");
    var key = el.getAttribute("data-spec").replace(/-spec$/, "");
    var input = document.getElementById(key + "-tim");
    var status = input ? input.parentNode.querySelector(".dti-map-found") : null;
    var records = spec.datasets[Object.keys(spec.datasets)[0]] || [];
    var byId = {}, selected = "";
    records.forEach(function (r) { byId[r.id] = r; });

    function place(x, y) {
      var width = figure.clientWidth, box = label.getBoundingClientRect();
      label.style.left = Math.max(0, Math.min(x + 12, width - box.width - 4)) + "px";
      label.style.top = Math.max(0, y + 12) + "px";
    }
    function show(record, x, y) {
      selected = record.id;
      view.signal("dti_sel", record.id).runAsync();
      label.textContent = "";
      var name = document.createElement("strong");
      name.textContent = record.name;
      label.appendChild(name);
      var rank = String(record.rank || "");
      label.appendChild(document.createTextNode(" · DTI " + record.pct + " · " + (rank.indexOf("/") > 0 ? "hạng " + rank : rank)));
      label.appendChild(document.createElement("br"));
      var link = document.createElement("a");
      link.href = record.href;
      link.textContent = "Mở bảng điểm";
      label.appendChild(link);
      label.appendChild(document.createTextNode(" (hoặc chạm lần nữa vào vùng này)"));
      label.hidden = false;
      place(x, y);
    }
    function hide() {
      selected = "";
      view.signal("dti_sel", "").runAsync();
      label.hidden = true;
    }
    view.addEventListener("click", function (event, item) {
      var d = item && item.datum;
      var record = d && byId[d.id || (d.properties && d.properties.unit_id)];
      if (!record) { hide(); return; }
      if (record.id === selected) { window.location.href = label.querySelector("a").href; return; }
      var box = figure.getBoundingClientRect();
      show(record, event.clientX - box.left, event.clientY - box.top);
    });
    figure.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    if (!input) return;
    input.addEventListener("input", function () {
      var q = fold(input.value).trim();
      view.signal("dti_hl", q).runAsync();
      if (!q) { status.textContent = ""; hide(); return; }
      var hits = records.filter(function (r) { return r.folded.indexOf(q) >= 0; });
      if (!hits.length) {
        status.textContent = "Không có đơn vị nào có tên chứa «" + input.value.trim() + "».";
        hide();
      } else if (hits.length === 1) {
        status.textContent = "1 đơn vị: " + hits[0].name + ", được viền đậm trên bản đồ.";
        show(hits[0], 0, -4);
      } else {
        status.textContent = countFormat.format(hits.length) + " đơn vị có tên chứa «" + input.value.trim() + "», được tô đậm trên bản đồ: " +
          hits.slice(0, 5).map(function (r) { return r.name; }).join(", ") + (hits.length > 5 ? "…" : "") + ".";
        hide();
      }
    });
  }

  /* The Vega bundle (~900 KB) is not loaded by the page itself: chart pages name it in
     <meta name="dti-vega">, and it is fetched once the text is shown, when a chart comes near the screen
     or when the page has loaded, whichever is first. Then the charts are drawn. */
  function drawChartsWhenNear() {
    var charts = document.querySelectorAll(".dti-chart-canvas[data-spec]");
    var meta = document.querySelector('meta[name="dti-vega"]');
    if (!charts.length || !meta) return;
    if (typeof window.vegaEmbed === "function") { drawCharts(); return; }
    var started = false, observer = null;
    function start() {
      if (started) return;
      started = true;
      if (observer) observer.disconnect();
      var script = document.createElement("script");
      script.src = meta.getAttribute("content");
      script.onload = drawCharts;
      document.head.appendChild(script);
    }
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) start();
      }, { rootMargin: "400px 0px" });
      charts.forEach(function (c) { observer.observe(c); });
    }
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start);
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
      var column = select.getAttribute("data-column") || "district";  /* a district's name, or a kind: xã, phường, đặc khu */
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = !wanted || row.getAttribute("data-" + column) === wanted;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (counter) counter.textContent = countFormat.format(shown) + " đơn vị" + (wanted ? (column === "kind" ? " là " + wanted.toLowerCase() : " thuộc " + wanted) : "");
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

    /* One row: the chosen units' values, then the peer median and the best. The best value among the
       chosen units is marked ★ and values below the median ▼, each with words for screen readers. */
    function line(body, label, values, median, best, format, cls) {
      var row = body.insertRow();
      if (cls) row.className = cls;
      row.appendChild(text("th", label, { scope: "row", "class": "dti-sticky-first" }));
      var numbers = values.filter(function (v) { return typeof v === "number"; });
      var top = numbers.length > 1 ? Math.max.apply(null, numbers) : null;
      values.forEach(function (v) {
        var cell = text("td", undefined, { "class": "num" });
        if (typeof v !== "number") {
          cell.textContent = v === undefined || v === null ? "KĐG" : String(v);
        } else {
          cell.textContent = format(v);
          if (top !== null && v === top && numbers.filter(function (n) { return n === top; }).length < numbers.length) {
            cell.classList.add("dti-best");
            cell.appendChild(text("span", " ★", { "aria-hidden": "true" }));
            cell.appendChild(text("span", " (cao nhất trong các đơn vị đã chọn)", { "class": "dti-sr" }));
          }
          if (typeof median === "number" && v < median) {
            cell.classList.add("dti-below");
            cell.insertBefore(text("span", "▼ ", { "aria-hidden": "true" }), cell.firstChild);
            cell.appendChild(text("span", " (dưới trung vị)", { "class": "dti-sr" }));
          }
        }
        row.appendChild(cell);
      });
      row.appendChild(text("td", typeof median === "number" ? format(median) : "–", { "class": "num dti-peer" }));
      row.appendChild(text("td", typeof best === "number" ? format(best) : "–", { "class": "num dti-peer" }));
    }

    function chart(group, units, data) {
      var records = [];
      var order = group.indicators.filter(function (i) { return i.main; }).map(function (i) { return i.id + ". " + i.name; });
      group.mains.forEach(function (m, k) {
        var label = order[k];
        units.forEach(function (u) {
          var v = u.main_percent[m.id];
          if (typeof v === "number") records.push({ index: label, series: u.name, percent: v });
        });
        if (typeof m.median === "number") records.push({ index: label, series: "Trung vị cùng loại", percent: m.median });
      });
      var spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        description: "Kết quả các chỉ số chính (% điểm tối đa) của " + units.map(function (u) { return u.name; }).join(", ") + " và trung vị cùng loại, năm " + data.year + ".",
        data: { values: records },
        width: "container",
        autosize: { type: "fit-x", contains: "padding" },
        config: { locale: { number: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " đ"] } }, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 } },
        mark: { type: "bar", height: { band: 0.8 } },
        encoding: {
          y: { field: "index", type: "nominal", title: null, sort: order, axis: { labelLimit: 150 } },
          yOffset: { field: "series", type: "nominal" },
          x: { field: "percent", type: "quantitative", title: "% điểm tối đa của chỉ số", scale: { domain: [0, 100] } },
          color: {
            field: "series", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical" },
            scale: { domain: units.map(function (u) { return u.name; }).concat(["Trung vị cùng loại"]), range: ["#3f51b5", "#00897b", "#e65100", "#8e24aa"].slice(0, units.length).concat(["#9e9e9e"]) }
          },
          tooltip: [{ field: "index", title: "Chỉ số" }, { field: "series", title: "Đơn vị" }, { field: "percent", title: "%", format: ",.2f" }]
        },
        height: order.length * (units.length + 1) * 11 + order.length * 8
      };
      var figure = text("figure", undefined, { "class": "dti-figure" });
      var holder = text("div", undefined, { "class": "dti-chart", role: "img", "aria-label": spec.description });
      var canvas = text("div", undefined, { "class": "dti-chart-canvas", "aria-hidden": "true", "data-spec": "dti-compare-spec" });
      var source = text("script", JSON.stringify(spec), { type: "application/json", id: "dti-compare-spec" });
      holder.appendChild(canvas);
      figure.appendChild(holder);
      figure.appendChild(source);
      figure.appendChild(text("figcaption", spec.description + " Số liệu chi tiết ở bảng dưới."));
      return figure;
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
      var table = text("table", undefined, { "class": "dti-table dti-compare", style: "--dti-columns: " + (units.length + 2) });
      table.appendChild(text("caption", group.label + " năm " + data.year + ": " + units.map(function (u) { return u.name; }).join(", ")));
      var head = table.createTHead().insertRow();
      head.appendChild(text("th", "Chỉ tiêu", { scope: "col", "class": "dti-sticky-first" }));
      units.forEach(function (u) {
        var th = text("th", undefined, { scope: "col", "class": "num" });
        var a = text("a", u.name, { href: "../" + u.url });
        th.appendChild(a);
        head.appendChild(th);
      });
      head.appendChild(text("th", "Trung vị cùng loại", { scope: "col", "class": "num dti-peer" }));
      head.appendChild(text("th", "Cao nhất cùng loại", { scope: "col", "class": "num dti-peer" }));
      var body = table.createTBody();
      var rankRow = body.insertRow();
      rankRow.appendChild(text("th", "Thứ hạng", { scope: "row", "class": "dti-sticky-first" }));
      units.forEach(function (u) { rankRow.appendChild(text("td", u.rank ? countFormat.format(u.rank) : "không xếp hạng", { "class": "num" })); });
      rankRow.appendChild(text("td", "", { "class": "num dti-peer" }));
      rankRow.appendChild(text("td", "1", { "class": "num dti-peer" }));
      line(body, "Chỉ số DTI (%)", units.map(function (u) { return u.percent; }), group.percent.median, group.percent.best, fmt);
      group.indicators.forEach(function (ind) {
        var label = ind.id + ". " + ind.name + " (" + compact(ind.max) + ")";
        line(body, label, units.map(function (u) { return u.scores[ind.id]; }), ind.median, ind.best, fmt, ind.main ? "dti-parent" : "dti-detail");
      });
      wrap.appendChild(table);
      result.appendChild(chart(group, units, data));
      result.appendChild(text("p", "★ cao nhất trong các đơn vị đã chọn; ▼ dưới trung vị cùng loại; KĐG: không đánh giá.", { "class": "dti-muted" }));
      result.appendChild(wrap);
      drawChartsWhenNear();
      keepHeadsInView();
      document.dispatchEvent(new Event("dti-tables"));
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

  /* Search page: a small interface on Pagefind's JavaScript API. The index is loaded in chunks as words are
     typed; only the top results' records are fetched. Results are ranked for people: the unit whose name
     is the query first, each unit once (at its latest year, with its rank and DTI %), a district's communes
     after it, units before indicators and pages. Đ is typed as D for the index (it has no combining mark to
     fold). Everything from the index is shown as text, never as markup. */
  var UNIT_PAGE = 20, UNIT_BATCH = 60, OTHER_PAGE = 10, OTHER_BATCH = 30;
  var TYPE_PREFIXES = [["thanh", "pho"], ["thi", "xa"], ["thi", "tran"], ["huyen"], ["quan"], ["phuong"], ["xa"], ["so"]];
  var KIND_LABELS = { "chi-so": "Chỉ số", "bo-chi-so": "Bộ chỉ số", "xep-hang": "Xếp hạng", "trang": "Trang" };

  function plainD(text) { return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D"); }
  function fold(text) { return plainD(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function foldedWords(text) { return fold(text).split(/[^a-z0-9]+/).filter(Boolean); }

  /* The words of a name without its type («Xã», «Huyện», «Sở»…), so «dien long» is «Xã Điền Long». */
  function core(words) {
    for (var i = 0; i < TYPE_PREFIXES.length; i++) {
      var p = TYPE_PREFIXES[i];
      if (words.length > p.length && p.every(function (w, j) { return words[j] === w; })) return words.slice(p.length);
    }
    return words;
  }

  /* needle at hay[i…]: whole words, the last one possibly still being typed. */
  function startsAt(hay, needle, i) {
    if (!needle.length || i + needle.length > hay.length) return false;
    return needle.every(function (w, j) { return j === needle.length - 1 ? hay[i + j].indexOf(w) === 0 : hay[i + j] === w; });
  }
  function phraseIn(hay, needle) {
    for (var i = 0; i + needle.length <= hay.length; i++) if (startsAt(hay, needle, i)) return true;
    return false;
  }
  function allIn(hay, needle) {
    return needle.length > 0 && needle.every(function (w, j) {
      return hay.some(function (h) { return j === needle.length - 1 ? h.indexOf(w) === 0 : h === w; });
    });
  }

  var WEAK = 9, IN_DISTRICT = 5;

  /* What a result shows beside its title: one JSON field of the record (search never scores it). */
  function shown(data) {
    if (!data.show) {
      try { data.show = JSON.parse(data.meta.show || "{}") || {}; } catch (e) { data.show = {}; }
    }
    return data.show;
  }
  function strings(value) { return Array.isArray(value) ? value.map(String) : []; }

  function unitTier(data, q) {
    var name = foldedWords(data.meta.title), nameCore = core(name), show = shown(data);
    if (name.join(" ") === q.words.join(" ") || (!q.typed && nameCore.join(" ") === q.core.join(" "))) return 0;
    if (nameCore.join(" ") === q.core.join(" ")) return 1;  // «huyen dong hoa» for «Thị xã Đông Hòa»
    if (startsAt(nameCore, q.core, 0) || startsAt(name, q.words, 0)) return 2;
    if (phraseIn(name, q.core)) return 3;
    if (allIn(name, q.core)) return 4;
    var districts = strings(show.district).map(foldedWords);
    if (districts.some(function (d) { return phraseIn(d, q.core); })) return IN_DISTRICT;
    if (districts.some(function (d) { return allIn(d, q.core); })) return IN_DISTRICT + 1;
    if (strings(show.former).some(function (f) { return allIn(foldedWords(f), q.core); })) return IN_DISTRICT + 2;
    return WEAK;
  }

  function otherTier(data, q) {
    var id = String(shown(data).id || "").toLowerCase();
    var typed = q.text.toLowerCase().replace(/^(chỉ số|chi so)\s+/, "");
    if (id && (id === typed || id === fold(typed))) return 0;
    var title = foldedWords(data.meta.title);
    if (phraseIn(title, q.words) && strongIn(data.meta.title, q)) return 1;
    if (allIn(title, q.words)) return 2;
    if (allIn(foldedWords(data.content), q.words)) return 3;
    return WEAK;
  }

  /* A single syllable typed without marks is ambiguous in Vietnamese («nam»: Nam, năm, nằm): in the text of
     indicators and pages it counts (and is marked) only where it is written as typed. A phrase is not. */
  function strongIn(text, q) {
    if (q.words.length > 1) return true;
    return textWords(text).some(function (w) { return exactStart(w.text, q.raw[0] || ""); });
  }
  function exactStart(word, typed) {
    return Boolean(typed) && plainD(word.toLowerCase().normalize("NFC")).indexOf(plainD(typed.toLowerCase().normalize("NFC"))) === 0;
  }

  function textWords(text) {
    var out = [], re = /[\p{L}\p{M}\p{N}]+/gu, m;
    while ((m = re.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length, folded: fold(m[0]) });
    return out;
  }

  /* Append `text` to `el`, what matches the query wrapped in <mark>. In names (loose) the query, as a
     phrase or word by word, with or without marks; elsewhere a phrase, or a single syllable as typed. */
  function appendMarked(el, text, q, loose) {
    var words = textWords(text), marked = {}, folded = words.map(function (w) { return w.folded; });
    var needle = loose ? q.core : q.words;
    function markPhrase() {
      var found = false;
      words.forEach(function (w, i) {
        if (!startsAt(folded, needle, i)) return;
        for (var j = 0; j < needle.length; j++) marked[i + j] = true;
        found = true;
      });
      return found;
    }
    if (loose) {
      if (!markPhrase() && allIn(folded, needle)) {
        words.forEach(function (w, i) {
          if (needle.some(function (n, k) { return k === needle.length - 1 ? w.folded.indexOf(n) === 0 : w.folded === n; })) marked[i] = true;
        });
      }
    } else if (needle.length > 1) {
      markPhrase();
    } else {
      words.forEach(function (w, i) { if (exactStart(w.text, q.raw[0] || "")) marked[i] = true; });
    }
    var at = 0, mark = null;
    words.forEach(function (w, i) {
      if (!marked[i]) return;
      var gap = text.slice(at, w.start);
      if (mark && /^\s+$/.test(gap)) {  // one mark for a phrase
        mark.textContent += gap + w.text;
      } else {
        if (gap) el.appendChild(document.createTextNode(gap));
        mark = el.appendChild(document.createElement("mark"));
        mark.textContent = w.text;
      }
      at = w.end;
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  /* Only a path inside this site becomes a link (Pagefind gives /<sub-path>/<page>/). */
  function sitePath(url) { return typeof url === "string" && /^\/(?![\/\\])/.test(url) && !/[\\\s]/.test(url) ? url : null; }

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function unitItem(data, q) {
    var show = shown(data);
    var li = element("li", "dti-result dti-result-unit");
    var a = element("a", "dti-result-title");
    a.setAttribute("href", sitePath(data.url));
    appendMarked(a, data.meta.title, q, true);
    li.appendChild(a);
    var where = element("p", "dti-result-meta", show.type ? String(show.type) : "");
    var districts = strings(show.district);
    if (districts.length) {
      where.appendChild(document.createTextNode((show.type ? " · " : "") + (show.since ? "đến năm " + show.since + " thuộc " : "")));
      districts.forEach(function (d, i) {
        if (i) where.appendChild(document.createTextNode(", "));
        appendMarked(where, d, q, true);
      });
    }
    li.appendChild(where);
    var figures = element("p", "dti-result-figures");
    figures.appendChild(element("span", "dti-result-year", "Năm " + show.year));
    figures.appendChild(document.createTextNode(": "));
    figures.appendChild(element("span", "dti-result-rank", show.rank ? "hạng " + countFormat.format(show.rank) + "/" + countFormat.format(show.ranked) : "không xếp hạng"));
    figures.appendChild(document.createTextNode(" · DTI "));
    figures.appendChild(element("span", "dti-result-percent", show.percent ? String(show.percent) : "–"));
    li.appendChild(figures);
    var notes = [strings(show.former).length ? "Tên khác: " + strings(show.former).join(", ") + "." : "", show.note ? String(show.note) : ""];
    notes = notes.filter(Boolean).join(" ");
    if (notes) li.appendChild(element("p", "dti-result-note", notes));
    return li;
  }

  function otherItem(data, q) {
    var show = shown(data);
    var li = element("li", "dti-result");
    var a = element("a", "dti-result-title");
    a.setAttribute("href", sitePath(data.url));
    appendMarked(a, data.meta.title || "", q, false);
    li.appendChild(a);
    var kind = show.kind || "trang";
    var parts = [KIND_LABELS[kind] || "Trang"];
    if (kind === "chi-so") parts.push(show.framework, show.max ? "tối đa " + show.max : "");
    else if (kind === "bo-chi-so") parts.push(show.type, show.basis, strings(show.years).length ? "các năm " + strings(show.years).join(", ") : "");
    else if (kind === "xep-hang") parts.push(show.count ? countFormat.format(show.count) + " đơn vị" : "");
    li.appendChild(element("p", "dti-result-meta", parts.filter(Boolean).map(String).join(" · ")));
    if (kind === "trang" && data.plain_excerpt) {
      var excerpt = element("p", "dti-result-excerpt");
      appendMarked(excerpt, "… " + data.plain_excerpt + " …", q, false);
      li.appendChild(excerpt);
    }
    return li;
  }

  function makeSearch(form) {
    var input = document.getElementById("dti-search-input");
    var status = document.getElementById("dti-search-status");
    var output = document.getElementById("dti-search-results");
    var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
    var pagefind = import(bundle + "pagefind.js").then(function (pf) {
      // Only names and words score: what a result shows (one JSON field) never does; a page's words with Đ
      // written as D count like its text.
      return pf.options({ excerptLength: 24, ranking: { metaWeights: { show: 0, folded: 1 } } })
        .then(function () { return pf.init(); }).then(function () { return pf; });
    });
    var current = 0, timer = null, groups = null;
    form.hidden = false;

    function group(search, tier, item, page, batch) {
      // A result that scores nothing matched only what a result shows (its JSON field): not a match.
      var results = search.results.filter(function (r) { return r.score > 0; });
      return { results: results, loaded: [], shown: page, page: page, batch: batch, tier: tier, item: item };
    }

    function fill(g, count) {
      var from = g.loaded.length, to = Math.min(count, g.results.length);
      if (to <= from) return Promise.resolve();
      return Promise.all(g.results.slice(from, to).map(function (r, i) {
        return r.data().then(function (data) { return { data: data, order: from + i }; });
      })).then(function (items) { g.loaded = g.loaded.concat(items.filter(function (x) { return sitePath(x.data.url); })); });
    }

    function ranked(g, q) {
      var items = g.loaded.map(function (x) { return { data: x.data, order: x.order, tier: g.tier(x.data, q) }; });
      // The communes of a district: the latest first, then by name.
      items.sort(function (a, b) {
        if (a.tier !== b.tier) return a.tier - b.tier;
        if (a.tier >= IN_DISTRICT && a.tier < WEAK) {
          var ya = shown(a.data).year || 0, yb = shown(b.data).year || 0;
          return yb - ya || collator.compare(a.data.meta.title || "", b.data.meta.title || "") || a.order - b.order;
        }
        return a.order - b.order;
      });
      return items;
    }

    function query(text) {
      var words = foldedWords(text);
      var c = core(words);
      // typed: the query names a type («xa dien long»), core: the words of the name itself («dien long»)
      return { text: text.trim(), raw: text.trim().split(/\s+/).filter(Boolean), words: words, core: c.length ? c : words, typed: c.length < words.length };
    }

    function section(title, g, q, strongOnly) {
      var all = ranked(g, q);
      var items = strongOnly ? all.filter(function (x) { return x.tier < WEAK; }) : all;
      if (!items.length) return null;
      var sec = element("section", "dti-search-group");
      var complete = g.loaded.length >= g.results.length;
      var heading = element("h2", null, title + (complete ? " (" + items.length + ")" : ""));
      sec.appendChild(heading);
      var ol = element("ol", "dti-results");
      items.slice(0, g.shown).forEach(function (x) { ol.appendChild(g.item(x.data, q)); });
      sec.appendChild(ol);
      if (items.length > g.shown || !complete) {
        var more = element("button", "md-button dti-more", "Xem thêm");
        more.type = "button";
        more.addEventListener("click", function () {
          var before = g.shown;
          g.shown += g.page;
          fill(g, g.shown + g.batch).then(function () {
            if (groups && (g === groups.units || g === groups.others)) render(q, g, before);  // unless another search replaced it
          });
        });
        sec.appendChild(more);
      }
      return { el: sec, count: items.length, complete: complete };
    }

    function render(q, focusGroup, focusFrom) {
      output.textContent = "";
      var units = section("Đơn vị", groups.units, q, true);
      var others = section("Chỉ số, bộ chỉ số và các trang", groups.others, q, true);
      var approximate = false;
      if (!units && !others) {
        approximate = true;
        units = section("Đơn vị gần đúng", groups.units, q, false);
        others = section("Chỉ số và trang gần đúng", groups.others, q, false);
      }
      [units, others].forEach(function (s) { if (s) output.appendChild(s.el); });
      if (!units && !others) status.textContent = "Không tìm thấy kết quả cho «" + q.text + "». Hãy thử ít từ hơn, hoặc chỉ tên riêng của đơn vị.";
      else if (approximate) status.textContent = "Không có kết quả khớp mọi từ của «" + q.text + "»; dưới đây là các kết quả gần đúng.";
      else status.textContent = "Kết quả cho «" + q.text + "»: " + [units ? units.count + (units.complete ? "" : "+") + " đơn vị" : "", others ? others.count + (others.complete ? "" : "+") + " chỉ số, bộ chỉ số và trang khác" : ""].filter(Boolean).join("; ") + ".";
      if (focusGroup) {
        var target = focusGroup === groups.units ? units : others;
        var links = target ? target.el.querySelectorAll(".dti-result-title") : [];
        if (links[focusFrom]) links[focusFrom].focus();
      }
    }

    function run(text) {
      var id = ++current;
      var q = query(text);
      var params = new URLSearchParams(window.location.search);
      if (q.text) params.set("q", q.text); else params.delete("q");
      var search = params.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      if (!q.text) {
        output.textContent = "";
        status.textContent = "";
        return;
      }
      // Units are looked up by the words of their name («huyen dong hoa» finds «Thị xã Đông Hòa» and its
      // communes); the type typed only ranks them.
      var term = plainD(q.text), name = q.typed ? q.core.join(" ") : term;
      pagefind.then(function (pf) {
        return Promise.all([pf.search(name, { filters: { kind: "don-vi" } }), pf.search(term, { filters: { kind: { not: "don-vi" } } })]);
      }).then(function (found) {
        if (id !== current) return null;
        var g = { units: group(found[0], unitTier, unitItem, UNIT_PAGE, UNIT_BATCH), others: group(found[1], otherTier, otherItem, OTHER_PAGE, OTHER_BATCH) };
        return Promise.all([fill(g.units, UNIT_BATCH), fill(g.others, OTHER_BATCH)]).then(function () { return g; });
      }).then(function (g) {
        if (!g || id !== current) return;
        groups = g;
        render(q);
      }).catch(function () {
        if (id === current) status.textContent = "Không tải được chỉ mục tìm kiếm.";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown") return;
      var first = output.querySelector(".dti-result-title");
      if (first) { event.preventDefault(); first.focus(); }
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  /* A printed page says where it came from and when it was printed. */
  function stampPrint() {
    var today = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    document.querySelectorAll("[data-dti-printed]").forEach(function (el) {
      el.textContent = pad(today.getDate()) + "/" + pad(today.getMonth() + 1) + "/" + today.getFullYear();
    });
    document.querySelectorAll("[data-dti-address]").forEach(function (el) {
      if (!el.textContent.trim()) el.textContent = window.location.href.split("#")[0];
    });
  }

  /* Addresses a site built without its public address (site_url) can only give from its root: completed
     with the address the page is read at (the downloads page's stable addresses, citations and embed
     snippets). Built with it, they are already whole and left alone. */
  function completeAddresses() {
    document.querySelectorAll("[data-dti-href]").forEach(function (el) {
      if (!/^https?:/.test(el.textContent.trim())) el.textContent = new URL(el.getAttribute("data-dti-href"), document.baseURI).href;
    });
    document.querySelectorAll("code[data-dti-root]").forEach(function (el) {
      var root = new URL(el.getAttribute("data-dti-root"), document.baseURI);
      el.textContent = el.textContent.replace(/src="(?!https?:)([^"]*)"/, function (all, path) { return 'src="' + new URL(path, root).href + '"'; });
    });
  }

  ready(function () {
    stampPrint();
    completeAddresses();
    window.addEventListener("beforeprint", stampPrint);
    drawChartsWhenNear();
    keepHeadsInView();
    document.querySelectorAll("table.dti-sortable").forEach(makeSortable);
    document.querySelectorAll("select.dti-filter").forEach(makeFilter);
    var compare = document.getElementById("dti-compare-form");
    if (compare) makeCompare(compare);
    var search = document.getElementById("dti-search");
    if (search) makeSearch(search);
  });
})();

/* ---- Copy buttons (open-data page): copy the embed snippet shown above each button. Without
   JavaScript the buttons stay hidden and the snippet can be selected by hand. ---- */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      document.body.removeChild(area);
      if (copied) resolve(); else reject(new Error("copy"));
    });
  }

  function setUp() {
    document.querySelectorAll("button.dti-copy[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".dti-copy-status");
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent).then(function () {
          if (status) status.textContent = "Đã sao chép đoạn mã.";
        }, function () {
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (status) status.textContent = "Không sao chép tự động được: đoạn mã đã được chọn, hãy bấm Ctrl+C.";
        });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
