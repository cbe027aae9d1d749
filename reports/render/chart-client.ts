// The page's own script: draws each chart with uPlot from the inline JSON, with one zoom, one crosshair and labelled bands.
//
// Plain browser JavaScript kept as a string (the project compiles without the DOM library, and the page must not
// load a file). It only ever sets textContent, never markup, so no string from the target can run.
export const chartClientScript = String.raw`(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("report-data").textContent);
  var charts = [];
  var syncing = false;
  window.harnessReport = { charts: charts, payload: payload };

  function rel(s) {
    var sign = s < 0 ? "-" : "+";
    var a = Math.abs(s);
    var whole = Math.floor(a + 1e-9);
    var frac = a - whole;
    var sec = whole % 60;
    var secText = frac > 0.0005 ? (sec + frac).toFixed(a < 10 ? 3 : 1).replace(/\.?0+$/, "") : String(sec);
    if (whole < 60) return sign + secText + "s";
    if (whole < 3600) return sign + Math.floor(whole / 60) + "m" + (secText === "0" ? "" : secText + "s");
    var m = Math.floor((whole % 3600) / 60);
    return sign + Math.floor(whole / 3600) + "h" + (m === 0 ? "" : m + "m");
  }
  function num(v) {
    if (v === null || v === undefined) return "–";
    var a = Math.abs(v);
    if (a >= 1e6) return +(v / 1e6).toFixed(2) + "M";
    if (a >= 1e4) return +(v / 1e3).toFixed(1) + "k";
    return String(+v.toFixed(2));
  }
  function nice(v) {
    if (!(v > 0)) return 1;
    var mag = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * mag >= v) return steps[i] * mag;
    return 10 * mag;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clockAt(s) {
    return new Date(payload.originMs + s * 1000).toISOString().slice(11, 23);
  }

  // Bands (load phases, drain, chaos windows) as elements over the plot: each keeps its own edges to the millisecond,
  // and a chaos window carries its action's name, so adjacent windows stay two labelled bands.
  function bandsPlugin() {
    var items = [];
    function place(u) {
      var w = u.over.clientWidth;
      items.forEach(function (it) {
        var l = Math.max(0, u.valToPos(it.band.start, "x"));
        var r = Math.min(w, u.valToPos(it.band.end, "x"));
        if (r <= 0 || l >= w || r - l < 0) { it.node.style.display = "none"; return; }
        it.node.style.display = "";
        it.node.style.left = l + "px";
        it.node.style.width = Math.max(1, r - l) + "px";
      });
    }
    return {
      hooks: {
        init: function (u) {
          payload.bands.forEach(function (b, i) {
            var node = el("div", "band " + b.kind + (b.kind === "phase" && i % 2 ? " odd" : ""));
            node.title = b.label;
            node.dataset.start = String(b.start);
            node.dataset.end = String(b.end);
            if (b.tag !== null) node.appendChild(el("span", "band-tag", b.tag));
            u.under.appendChild(node);
            items.push({ band: b, node: node });
          });
        },
        ready: place,
        setSize: place,
        setScale: function (u, key) { if (key === "x") place(u); },
      },
    };
  }

  // The tooltip of each panel: the time, every shown series' value, and the bands the time falls in.
  function tooltipPlugin() {
    var tip;
    return {
      hooks: {
        init: function (u) {
          tip = el("div", "tip");
          tip.style.display = "none";
          u.over.appendChild(tip);
        },
        setCursor: function (u) {
          var left = u.cursor.left;
          var idx = u.cursor.idx;
          if (left === undefined || left < 0 || idx === null || idx === undefined) { tip.style.display = "none"; return; }
          var x = u.posToVal(left, "x");
          tip.textContent = "";
          tip.appendChild(el("div", "tip-time", rel(x) + "  (" + clockAt(x) + " UTC)"));
          for (var i = 1; i < u.series.length; i++) {
            if (!u.series[i].show) continue;
            var row = el("div", "tip-row");
            var key = el("i");
            key.style.background = u.series[i].stroke();
            row.appendChild(key);
            row.appendChild(document.createTextNode(u.series[i].label + ": " + num(nearest(u, i, idx))));
            tip.appendChild(row);
          }
          payload.bands.forEach(function (b) {
            if (b.kind !== "phase" && x >= b.start && x <= b.end) tip.appendChild(el("div", "tip-band", b.label));
          });
          tip.style.display = "";
          // Kept inside the plot, so a long band name never widens the page (a phone would scroll sideways).
          var w = u.over.clientWidth;
          tip.style.maxWidth = Math.max(120, Math.min(360, w - 8)) + "px";
          var tw = tip.offsetWidth;
          var at = left > w / 2 ? left - tw - 12 : left + 12;
          tip.style.left = Math.max(0, Math.min(w - tw, at)) + "px";
        },
      },
    };
  }
  // A series sampled apart from the others (queues) has no value at every index: show its latest one before.
  function nearest(u, i, idx) {
    for (var j = idx; j >= 0 && idx - j < 50; j--) {
      var v = u.data[i][j];
      if (v !== undefined) return v;
    }
    return null;
  }

  function resetAll() {
    charts.forEach(function (c) { c.u.setScale("x", { min: payload.x0, max: payload.x1 }); });
  }

  function width(fig) {
    return Math.max(200, Math.floor(fig.clientWidth));
  }

  function make(spec) {
    var fig = document.getElementById(spec.id);
    var box = fig.querySelector(".plot");
    var data;
    if (spec.x !== null) {
      data = [spec.x].concat(spec.series.map(function (s) { return s.y; }));
    } else {
      // Series with their own times: aligned on the union of times, gaps between another series' samples spanned.
      data = uPlot.join(spec.series.map(function (s) { return [s.x, s.y]; }));
    }
    var series = [{ label: "time", value: function (u, v) { return v === null || v === undefined ? "–" : rel(v); } }];
    spec.series.forEach(function (s) {
      series.push({
        label: s.name,
        stroke: s.color,
        width: 1.4,
        points: { show: false },
        value: function (u, v) { return num(v); },
      });
    });
    var opts = {
      width: width(box),
      height: spec.height,
      series: series,
      plugins: [bandsPlugin(), tooltipPlugin()],
      scales: {
        x: { time: false },
        y: { range: function (u, min, max) { return [0, nice(max)]; } },
      },
      axes: [
        {
          incrs: [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
          values: function (u, splits) { return splits.map(rel); },
          space: 60,
        },
        { size: 50, values: function (u, splits) { return splits.map(num); } },
      ],
      cursor: {
        sync: { key: "harness-report" },
        drag: { x: true, y: false },
        bind: {
          dblclick: function () { return function () { resetAll(); return null; }; },
        },
      },
      legend: { live: true },
      hooks: {
        setScale: [
          function (u, key) {
            if (key !== "x" || syncing) return;
            syncing = true;
            var min = u.scales.x.min;
            var max = u.scales.x.max;
            charts.forEach(function (c) { if (c.u !== u) c.u.setScale("x", { min: min, max: max }); });
            syncing = false;
          },
        ],
      },
    };
    var u = new uPlot(opts, data, box);
    charts.push({ id: spec.id, u: u, box: box });
  }

  // One chart that cannot be drawn says so in its place, and the others still draw.
  payload.charts.forEach(function (spec) {
    try {
      make(spec);
    } catch (error) {
      var fig = document.getElementById(spec.id);
      if (fig) fig.appendChild(el("p", "muted", "This chart could not be drawn: " + (error && error.message)));
      console.error("chart " + spec.id + ": " + (error && error.message));
    }
  });
  syncing = true;
  resetAll();
  syncing = false;
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      charts.forEach(function (c) { c.u.setSize({ width: width(c.box), height: c.u.height }); });
    });
  });
  document.documentElement.classList.add("js");
})();`;
