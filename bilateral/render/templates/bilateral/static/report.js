/* bilateral report: progressive enhancement of the static page (inlined by the template).
   Without this script every chart, table and download link still shows and works; with it:
   - hover or keyboard focus on a chart mark (.bl-mark) shows its events (date, title,
     intensity, source), read from the page's embedded events CSV (a.bl-download);
   - arrow keys move between a chart's marks (one tab stop per chart);
   - tables.bl-filterable get domain, era and text filters, sortable columns, and a download of
     the rows shown;
   - each figure.bl-chart gets "Download SVG" and "Download PNG" buttons.
   Loads nothing; touches only this page. */
(function () {
  "use strict";
  var MAX_LISTED = 6;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  /* ---- Data: the events CSV embedded in the page ---------------------------------------- */
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false, i, c;
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(field); rows.push(row); row = []; field = "";
      } else field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    var head = rows.shift() || [];
    return rows.map(function (r) {
      var o = {};
      head.forEach(function (h, j) { o[h] = r[j] === undefined ? "" : r[j]; });
      return o;
    });
  }

  function embedded(name) {
    var link = document.querySelector('a.bl-download[data-dataset="' + name + '"]');
    if (!link) return null;
    var b64 = link.getAttribute("href").split("base64,")[1] || "";
    var bytes = Uint8Array.from(atob(b64), function (ch) { return ch.charCodeAt(0); });
    return {rows: parseCsv(new TextDecoder("utf-8").decode(bytes)),
            monthly: link.getAttribute("data-aggregate") === "month"};
  }

  var data = embedded("events") || {rows: [], monthly: false};
  var byId = {};
  data.rows.forEach(function (e) { if (e.event_id) byId[e.event_id] = e; });

  function signed(x) {
    var v = Number(x);
    return (v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1") + Math.abs(v).toFixed(1);
  }

  function sources(text) {  /* citations without their URLs: "Dawn (20 Mar 2025); RT" */
    return (text || "").split(/\s;\s/).map(function (c) {
      return c.replace(/,?\s*https?:\/\/\S+\s*$/, "").trim();
    }).filter(Boolean).join("; ");
  }

  /* Which rows a mark stands for: one event, a period (of a domain), or a third state. */
  function rowsFor(mark) {
    var d = mark.dataset;
    if (d.event) return byId[d.event] ? [byId[d.event]] : [];
    var sign = d.series === "cooperation" ? 1 : d.series === "tension" ? -1 : 0;
    return data.rows.filter(function (r) {
      var date = data.monthly ? r.month : r.date;
      if (d.from && (date < d.from.slice(0, date.length) || date > d.to.slice(0, date.length)))
        return false;
      if (d.domain && r.domain !== d.domain) return false;
      if (d.party && (r.third_parties || "").split(/[;,\s]+/).indexOf(d.party) < 0) return false;
      var value = Number(data.monthly ? (sign > 0 ? r.cooperation : r.tension) : r.intensity);
      return sign === 0 || value * sign > 0;
    });
  }

  /* ---- Tooltip ------------------------------------------------------------------------- */
  var main = document.querySelector("main") || document.body;
  var tip = el("div", {id: "bl-tip", "class": "bl-tip", role: "tooltip", hidden: ""});
  main.appendChild(tip);

  function showTip(mark) {
    var rows = rowsFor(mark), d = mark.dataset;
    tip.textContent = "";
    if (!d.event || !rows.length)  /* a single event is its own heading */
      tip.appendChild(el("p", {"class": "bl-tip-head"}, mark.getAttribute("aria-label") || ""));
    var list = el("ul", {});
    var key = data.monthly ? "largest_intensity" : "intensity";
    rows.slice().sort(function (a, b) { return Math.abs(b[key]) - Math.abs(a[key]); })
      .slice(0, MAX_LISTED).forEach(function (r) {
        var item = el("li", {});
        if (data.monthly) {
          item.textContent = r.month + " " + r.domain + ": " + r.n_events + " events, net " +
            signed(r.net) + "; largest: " + r.largest_event + " (" + signed(r.largest_intensity) + ")";
        } else {
          item.appendChild(el("span", {"class": "bl-tip-date"}, r.date + " "));
          item.appendChild(el("strong", {}, r.title));
          item.appendChild(document.createTextNode(" (" + signed(r.intensity) + ")"));
          if (r.source) item.appendChild(el("span", {"class": "bl-tip-source"}, sources(r.source)));
        }
        list.appendChild(item);
      });
    if (rows.length) tip.appendChild(list);
    if (rows.length > MAX_LISTED)
      tip.appendChild(el("p", {"class": "bl-tip-more"}, "and " + (rows.length - MAX_LISTED) +
        (data.monthly ? " more months" : " more events") + " (largest shown)"));
    if (!rows.length && !d.event) tip.appendChild(el("p", {}, "No events."));
    tip.hidden = false;
    var box = mark.getBoundingClientRect(), width = Math.min(416, window.innerWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 8) + "px";
    mark.setAttribute("aria-describedby", "bl-tip");
    mark.classList.add("bl-active");
  }

  function hideTip(mark) {
    tip.hidden = true;
    if (mark) { mark.removeAttribute("aria-describedby"); mark.classList.remove("bl-active"); }
  }

  /* ---- Charts: focusable marks, one tab stop per chart, arrows move ---------------------- */
  function download(name, blob) {
    var a = el("a", {href: URL.createObjectURL(blob), download: name});
    main.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function svgText(svg) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
    return new XMLSerializer().serializeToString(copy);
  }

  function savePng(svg, name) {
    var box = svg.viewBox.baseVal, scale = 3, image = new Image();
    image.onload = function () {
      var canvas = el("canvas", {width: box.width * scale, height: box.height * scale});
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { download(name + ".png", blob); }, "image/png");
    };
    image.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svgText(svg))));
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.bl-chart"), function (figure) {
    var svg = figure.querySelector("svg"), name = figure.id || "chart";
    if (!svg) return;
    var title = figure.getAttribute("data-title") || "chart";
    var marks = Array.prototype.slice.call(svg.querySelectorAll(".bl-mark"));
    if (marks.length) {
      svg.setAttribute("role", "group");  /* an image has no focusable parts; a group may */
      marks.sort(function (a, b) { return a.getBBox().x - b.getBBox().x; });
      marks.forEach(function (mark, i) {
        mark.setAttribute("role", "img");
        mark.setAttribute("tabindex", i === 0 ? "0" : "-1");
        mark.addEventListener("mouseenter", function () { showTip(mark); });
        mark.addEventListener("mouseleave", function () { if (document.activeElement !== mark) hideTip(mark); });
        mark.addEventListener("focus", function () { showTip(mark); });
        mark.addEventListener("blur", function () { hideTip(mark); });
        mark.addEventListener("keydown", function (event) {
          var step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
          var target = event.key === "Home" ? 0 : event.key === "End" ? marks.length - 1 :
            step ? Math.max(0, Math.min(marks.length - 1, i + step)) : null;
          if (event.key === "Escape") { hideTip(mark); return; }
          if (target === null) return;
          event.preventDefault();
          mark.setAttribute("tabindex", "-1");
          marks[target].setAttribute("tabindex", "0");
          marks[target].focus();
        });
      });
      figure.appendChild(el("p", {"class": "bl-chart-help"},
        "Hover over a bar or marker, or tab to the chart and use the arrow keys, to list its events."));
    }
    var tools = el("div", {"class": "bl-chart-tools"});
    var svgButton = el("button", {type: "button", "aria-label": "Download SVG: " + title}, "Download SVG");
    var pngButton = el("button", {type: "button", "aria-label": "Download PNG: " + title}, "Download PNG");
    svgButton.addEventListener("click", function () {
      download(name + ".svg", new Blob([svgText(svg)], {type: "image/svg+xml"}));
    });
    pngButton.addEventListener("click", function () { savePng(svg, name); });
    tools.appendChild(svgButton);
    tools.appendChild(pngButton);
    figure.appendChild(tools);
  });

  /* ---- Tables: filter by domain, era and text; sort by column; download shown rows ------ */
  function csvCell(text) { return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; }

  Array.prototype.forEach.call(document.querySelectorAll("table.bl-filterable"), function (table, t) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var id = table.id || "bl-table-" + t;
    var controls = el("div", {"class": "bl-controls", role: "search", "aria-label": "Filter the chronology"});

    function choice(label, key) {
      var values = [];
      rows.forEach(function (r) {
        var v = r.getAttribute("data-" + key);
        if (v && values.indexOf(v) < 0) values.push(v);
      });
      var select = el("select", {id: id + "-" + key});
      select.appendChild(el("option", {value: ""}, "All"));
      (key === "era" ? values : values.sort()).forEach(function (v) {
        select.appendChild(el("option", {value: v}, v));
      });
      var wrap = el("span", {"class": "bl-control"});
      wrap.appendChild(el("label", {"for": select.id}, label + " "));
      wrap.appendChild(select);
      controls.appendChild(wrap);
      return select;
    }

    var domain = choice("Domain", "domain"), era = choice("Era", "era");
    var search = el("input", {type: "search", id: id + "-text", placeholder: "words in the row"});
    var searchWrap = el("span", {"class": "bl-control"});
    searchWrap.appendChild(el("label", {"for": search.id}, "Text "));
    searchWrap.appendChild(search);
    controls.appendChild(searchWrap);
    var save = el("button", {type: "button"}, "Download shown rows (CSV)");
    controls.appendChild(save);
    var status = el("p", {"class": "bl-count", role: "status", "aria-live": "polite"});
    table.parentNode.insertBefore(controls, table);
    table.parentNode.insertBefore(status, table);

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (r) {
        var text = r.textContent.toLowerCase();
        var ok = (!domain.value || r.getAttribute("data-domain") === domain.value) &&
          (!era.value || r.getAttribute("data-era") === era.value) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " events.";
    }
    [domain, era].forEach(function (s) { s.addEventListener("change", apply); });
    search.addEventListener("input", apply);
    apply();

    save.addEventListener("click", function () {
      var head = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
      var lines = [head.concat(["event_id"]).map(csvCell).join(",")];
      rows.filter(function (r) { return !r.hidden; }).forEach(function (r) {
        var cells = Array.prototype.map.call(r.cells, function (c) { return c.innerText.replace(/\s+/g, " ").trim(); });
        lines.push(cells.concat([r.getAttribute("data-event") || ""]).map(csvCell).join(","));
      });
      download(id + ".csv", new Blob([lines.join("\n") + "\n"], {type: "text/csv"}));
    });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = el("button", {type: "button", "class": "bl-sort"}, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        function value(r) {
          if (kind === "date") return r.getAttribute("data-date");
          if (kind === "intensity") return Number(r.getAttribute("data-intensity"));
          return r.cells[column].textContent.toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  document.documentElement.classList.add("bl-enhanced");
})();
