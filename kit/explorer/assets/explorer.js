/* The kit's explorer: a scatter of keyness items, a searchable item list, and
   the concordance lines of the chosen item on both sides, sortable (1L, 2L,
   1R, 2R as AntConc sorts) and filterable by metadata.  Plain JavaScript,
   written for this page: the data is inlined in #kit-data and nothing is
   fetched. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kit-data").textContent);
  var col = {};
  data.columns.forEach(function (name, i) { col[name] = i; });
  var items = data.items;
  var SIDES = ["target", "reference"];
  var state = { item: -1, sort: "order", filters: {}, doc: null, itemSort: null };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function fmt(x, digits) {
    if (x === null || x === undefined) return "–";
    return Number(x).toFixed(digits);
  }
  function isEntry(row) { return row[col.category] !== null && row[col.category] !== ""; }
  function significant(row) {
    var p = row[col.p_adjusted];
    return p !== null && p <= data.alpha;
  }
  function sideColor(row) { return row[col.direction] < 0 ? "var(--reference)" : "var(--target)"; }

  /* ---- the scatter: total frequency (log scale) against Log Ratio ---- */
  var W = 540, H = 380, M = { l: 50, r: 14, t: 14, b: 42 };
  var plot = document.getElementById("scatter");
  var points = [];
  var labelLayer;
  function drawScatter() {
    plot.setAttribute("viewBox", "0 0 " + W + " " + H);
    var xs = items.map(function (r) { return Math.log10(Math.max(1, r[col.freq_target] + r[col.freq_reference])); });
    var ys = items.map(function (r) { return r[col.log_ratio] === null ? 0 : r[col.log_ratio]; });
    var xMax = Math.max(1, Math.ceil(Math.max.apply(null, xs.concat([0]))));
    var yMin = Math.floor(Math.min.apply(null, ys.concat([0]))) - 0.5;
    var yMax = Math.ceil(Math.max.apply(null, ys.concat([0]))) + 0.5;
    var x0 = -0.15;  // a little room left of frequency 1, so its marks clear the axis
    function X(v) { return M.l + (W - M.l - M.r) * (v - x0) / (xMax - x0); }
    function Y(v) { return H - M.b - (H - M.t - M.b) * (v - yMin) / (yMax - yMin); }
    plot.appendChild(svg("line", { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, "class": "axis" }));
    plot.appendChild(svg("line", { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, "class": "axis" }));
    plot.appendChild(svg("line", { x1: M.l, y1: Y(0), x2: W - M.r, y2: Y(0), "class": "zero" }));
    for (var e = 0; e <= xMax; e++) {
      var t = svg("text", { x: X(e), y: H - M.b + 15, "text-anchor": "middle" });
      t.textContent = String(Math.pow(10, e));
      plot.appendChild(t);
    }
    var step = (yMax - yMin) > 16 ? 4 : (yMax - yMin) > 8 ? 2 : 1;
    for (var v = Math.ceil(yMin / step) * step; v <= yMax; v += step) {
      var ty = svg("text", { x: M.l - 6, y: Y(v) + 4, "text-anchor": "end" });
      ty.textContent = (v > 0 ? "+" : "") + v;
      plot.appendChild(ty);
    }
    var xl = svg("text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle" });
    xl.textContent = "frequency on both sides (log scale)";
    plot.appendChild(xl);
    var yl = svg("text", { x: 12, y: (M.t + H - M.b) / 2, "text-anchor": "middle",
                           transform: "rotate(-90 12 " + (M.t + H - M.b) / 2 + ")" });
    yl.textContent = "Log Ratio (+: " + data.labels.target + ")";
    plot.appendChild(yl);
    items.forEach(function (row, i) {
      var x = X(xs[i]), y = Y(ys[i]), color = sideColor(row), node;
      if (isEntry(row)) {
        node = svg("path", { d: "M" + x + " " + (y - 5) + "L" + (x + 5) + " " + y + "L" + x + " " + (y + 5) + "L" + (x - 5) + " " + y + "Z" });
      } else {
        node = svg("circle", { cx: x, cy: y, r: 3.6 });
      }
      node.setAttribute("class", "pt");
      node.setAttribute("data-i", i);
      node.setAttribute("fill", significant(row) ? color : "#fff");
      node.setAttribute("stroke", color);
      node.setAttribute("fill-opacity", "0.85");
      var tip = svg("title", {});
      tip.textContent = row[col.item] + (row[col.gloss] ? " (" + row[col.gloss] + ")" : "") +
        "\n" + data.labels.target + ": " + row[col.freq_target] + " · " + data.labels.reference + ": " +
        row[col.freq_reference] + " · Log Ratio " + fmt(row[col.log_ratio], 2);
      node.appendChild(tip);
      node.addEventListener("click", function () { select(i); });
      plot.appendChild(node);
      points.push({ node: node, x: x, y: y });
    });
    labelLayer = svg("g", {});
    plot.appendChild(labelLayer);
    // A few labels for the items whose difference is most certain on each side.
    [1, -1].forEach(function (sign) {
      items.map(function (r, i) { return i; })
        .filter(function (i) { return items[i][col.direction] * sign > 0 && significant(items[i]); })
        .sort(function (a, b) { return items[b][col.g2] - items[a][col.g2]; })
        .slice(0, 4)
        .forEach(function (i) { addLabel(i, plot, "lab"); });
    });
  }
  function addLabel(i, layer, cls) {
    var p = points[i];
    var t = svg("text", { x: p.x + 6, y: p.y - 5, "class": cls });
    t.textContent = items[i][col.item];
    (layer === plot ? plot.insertBefore(t, labelLayer) : layer.appendChild(t));
  }

  /* ---- the item list ---- */
  var tbody = document.querySelector("#items tbody");
  var rows = [];
  function drawItems() {
    items.forEach(function (row, i) {
      var name = el("td", {}, [document.createTextNode(row[col.item])]);
      if (isEntry(row)) name.appendChild(el("span", { cls: "entry-mark", text: "◆ " + row[col.category], title: "lexicon entry" }));
      var tr = el("tr", { "data-item": row[col.item], "data-i": i }, [
        name,
        el("td", { cls: "gloss", text: row[col.gloss] || "" }),
        el("td", { cls: "num", text: String(row[col.freq_target]) }),
        el("td", { cls: "num", text: String(row[col.freq_reference]) }),
        el("td", { cls: "num", text: fmt(row[col.log_ratio], 2) }),
      ]);
      tr.addEventListener("click", function () { select(i); });
      rows.push(tr);
      tbody.appendChild(tr);
    });
    document.querySelectorAll("#items th[data-key]").forEach(function (th) {
      th.addEventListener("click", function () { sortItems(th.getAttribute("data-key")); });
    });
  }
  function sortItems(key) {
    var descending = !(state.itemSort && state.itemSort.key === key && state.itemSort.descending);
    state.itemSort = { key: key, descending: descending };
    var order = items.map(function (r, i) { return i; });
    order.sort(function (a, b) {
      var va = items[a][col[key]], vb = items[b][col[key]];
      if (va === vb) return a - b;
      if (va === null) return 1;
      if (vb === null) return -1;
      var c = typeof va === "string" ? (va < vb ? -1 : 1) : va - vb;
      return descending ? -c : c;
    });
    order.forEach(function (i) { tbody.appendChild(rows[i]); });
  }
  var search = document.getElementById("search");
  function matches(query) {
    var q = query.trim().toLowerCase();
    var found = [];
    rows.forEach(function (tr, i) {
      var row = items[i];
      var hit = !q || row[col.item].toLowerCase().indexOf(q) >= 0 ||
        (row[col.gloss] || "").toLowerCase().indexOf(q) >= 0;
      tr.style.display = hit ? "" : "none";
      if (hit) found.push(i);
    });
    return found;
  }
  search.addEventListener("input", function () { matches(search.value); });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var q = search.value.trim();
    var exact = items.findIndex(function (r) { return r[col.item] === q; });
    var found = matches(search.value);
    if (exact >= 0) select(exact);
    else if (found.length) select(found[0]);
  });

  /* ---- the concordance ---- */
  function codePoints(s) { return Array.from(s); }
  function sortKey(line, key) {
    if (key === "order") return null;
    var n = parseInt(key, 10), side = key.slice(-1);
    if (side === "L") return codePoints(line[1]).reverse().slice(n - 1);
    return codePoints(line[3]).slice(n - 1);
  }
  function compareKeys(a, b) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return a[i].codePointAt(0) - b[i].codePointAt(0);
    }
    return a.length - b.length;  // a missing context sorts first
  }
  function visible(line) {
    var doc = data.docs[line[0]];
    if (state.doc !== null && line[0] !== state.doc) return false;
    for (var k = 0; k < data.filters.length; k++) {
      var want = state.filters[k];
      if (!want) continue;
      var value = doc[3][k] || "";
      if (filterKinds[k] === "select" ? value !== want : value.indexOf(want) < 0) return false;
    }
    return true;
  }
  function drawPanes() {
    var i = state.item;
    SIDES.forEach(function (side, s) {
      var pane = document.querySelector('.pane[data-side="' + side + '"]');
      var body = pane.querySelector("tbody");
      body.textContent = "";
      var all = i < 0 ? [] : data.lines[i][s];
      var shown = all.map(function (line, j) { return { line: line, j: j }; })
        .filter(function (o) { return visible(o.line); });
      if (state.sort !== "order") {
        shown.forEach(function (o) { o.key = sortKey(o.line, state.sort); });
        shown.sort(function (a, b) { return compareKeys(a.key, b.key) || a.j - b.j; });
      }
      shown.forEach(function (o) {
        var line = o.line, doc = data.docs[line[0]];
        var link = el("a", { href: "#", "class": "docid", text: doc[1], title: "only the lines of this document" });
        link.addEventListener("click", function (event) { event.preventDefault(); setDoc(line[0]); });
        var where = el("td", { cls: "doc", title: docTitle(doc) }, [link, document.createTextNode(" "),
          el("span", { cls: "title", text: doc[2] })]);
        body.appendChild(el("tr", { cls: "line" }, [
          where,
          el("td", { cls: "left" }, [el("span", { text: line[1] })]),
          el("td", { cls: "node", text: line[2] }),
          el("td", { cls: "right", text: line[3] }),
        ]));
      });
      if (i >= 0 && !all.length) body.appendChild(el("tr", {}, [el("td", { colspan: 4, cls: "empty", text: "no occurrence" })]));
      var total = i < 0 ? 0 : items[i][col["lines_" + side]];
      var count = i < 0 ? "" : shown.length + " of " + all.length + " lines shown";
      if (total > all.length) count += " (" + total + " found; the page keeps " + all.length + ", spread over the corpus)";
      pane.querySelector(".count").textContent = count;
      pane.setAttribute("data-shown", shown.length);
      pane.setAttribute("data-embedded", all.length);
      pane.setAttribute("data-found", total);
    });
  }
  function docTitle(doc) {
    var parts = [doc[1], doc[2]];
    data.filters.forEach(function (name, k) { if (doc[3][k]) parts.push(name + ": " + doc[3][k]); });
    return parts.filter(Boolean).join("\n");
  }
  function setDoc(d) {
    state.doc = d;
    var chip = document.getElementById("docchip");
    chip.textContent = "";
    if (d !== null) {
      chip.appendChild(document.createTextNode("document " + data.docs[d][1]));
      var off = el("a", { href: "#", text: "✕", title: "all documents" });
      off.addEventListener("click", function (event) { event.preventDefault(); setDoc(null); });
      chip.appendChild(off);
    }
    chip.style.display = d === null ? "none" : "";
    drawPanes();
  }

  /* ---- sort keys and metadata filters ---- */
  var filterKinds = [];
  function drawControls() {
    document.querySelectorAll(".sortkeys button").forEach(function (button) {
      button.addEventListener("click", function () {
        state.sort = button.getAttribute("data-sort");
        document.querySelectorAll(".sortkeys button").forEach(function (b) { b.classList.toggle("on", b === button); });
        drawPanes();
      });
    });
    var box = document.getElementById("filters");
    data.filters.forEach(function (name, k) {
      var values = {};
      data.docs.forEach(function (doc) { if (doc[3][k]) values[doc[3][k]] = true; });
      var list = Object.keys(values).sort();
      var input;
      if (list.length <= 60) {
        filterKinds.push("select");
        input = el("select", { "data-filter": name }, [el("option", { value: "", text: "all" })]);
        list.forEach(function (v) { input.appendChild(el("option", { value: v, text: v })); });
        input.addEventListener("change", function () { state.filters[k] = input.value; drawPanes(); });
      } else {
        filterKinds.push("text");
        input = el("input", { type: "text", "data-filter": name, placeholder: "contains …", size: 12 });
        input.addEventListener("input", function () { state.filters[k] = input.value.trim(); drawPanes(); });
      }
      box.appendChild(el("label", {}, [document.createTextNode(name + " "), input]));
    });
  }

  /* ---- choosing an item ---- */
  function select(i) {
    if (state.item >= 0) {
      rows[state.item].classList.remove("sel");
      points[state.item].node.classList.remove("sel");
    }
    state.item = i;
    rows[i].classList.add("sel");
    points[i].node.classList.add("sel");
    var chosen = document.getElementById("chosen");
    chosen.textContent = "";
    addLabel(i, chosen, "lab");
    var row = items[i];
    document.getElementById("item-name").textContent = row[col.item];
    document.getElementById("item-gloss").textContent = row[col.gloss] ? "  " + row[col.gloss] : "";
    document.getElementById("item-stats").textContent =
      (isEntry(row) ? "lexicon entry · " + row[col.category] + " · " : row[col.kind] + " · ") +
      data.labels.target + " " + row[col.freq_target] + " (" + fmt(row[col.rel_target], 2) + " per 10,000) · " +
      data.labels.reference + " " + row[col.freq_reference] + " (" + fmt(row[col.rel_reference], 2) + " per 10,000) · " +
      "Log Ratio " + fmt(row[col.log_ratio], 2) + " · G² " + fmt(row[col.g2], 1) +
      " · adjusted p " + (row[col.p_adjusted] === null ? "–" : Number(row[col.p_adjusted]).toPrecision(2));
    document.getElementById("detail").setAttribute("data-item", row[col.item]);
    drawPanes();
  }

  drawScatter();
  var chosenLayer = svg("g", { id: "chosen" });
  plot.appendChild(chosenLayer);
  drawItems();
  drawControls();
  drawPanes();
  var wanted = decodeURIComponent((location.hash || "").replace(/^#item=/, ""));
  var start = items.findIndex(function (r) { return r[col.item] === wanted; });
  if (start >= 0) select(start);
  document.documentElement.setAttribute("data-ready", "1");
})();
