// The live page's own script: reads the run's events (SSE), keeps them, and draws numbers, charts (uPlot) and stages.
//
// Plain browser JavaScript kept as a string (the project compiles without the DOM library, and the page loads no
// file). It only ever sets textContent, never markup, so no string from the target can run.
export const livePageScript = `(function () {
  "use strict";
  var palette = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
  var tableRows = 120;
  var state = {
    run: null, startedAt: null, totalMs: null, loadEnded: null,
    rows: [], depths: [], queueNames: [], dlqNames: [], chaos: [], stages: [], progress: {},
    verdict: null, end: null, events: 0
  };
  var charts = {};
  window.harnessLive = { state: state, charts: charts };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function count(v) { return v === null || v === undefined ? "–" : Number(v).toLocaleString("en-US"); }
  function ms(v) { return v === null || v === undefined ? "–" : Number(v).toFixed(1); }
  function secs(msv) { return (msv / 1000).toFixed(1) + " s"; }
  function origin() { return state.startedAt === null ? null : Math.floor(state.startedAt / 1000); }
  function rel(s) { return (s < 0 ? "-" : "+") + Math.abs(s) + "s"; }
  function clock(epochMs) { return new Date(epochMs).toISOString().slice(11, 19); }
  function nice(v) {
    if (!(v > 0)) return 1;
    var mag = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * mag >= v) return steps[i] * mag;
    return 10 * mag;
  }

  function apply(e) {
    state.events++;
    switch (e.kind) {
      case "run": state.run = e; break;
      case "load-start": state.startedAt = e.startedAt; state.totalMs = e.totalMs; break;
      case "second": state.rows.push(e.row); break;
      case "load-end": state.loadEnded = e.endedAt; break;
      case "depths":
        e.queues.forEach(function (q) {
          var names = q.dlq ? state.dlqNames : state.queueNames;
          if (names.indexOf(q.name) < 0) names.push(q.name);
        });
        state.depths.push(e);
        break;
      case "chaos": state.chaos[e.index] = e.window; break;
      case "stage": {
        var found = state.stages.filter(function (s) { return s.stage === e.stage; })[0];
        if (!found) { found = { stage: e.stage, start: e.at, ms: null }; state.stages.push(found); }
        if (e.state === "end") found.ms = e.ms;
        break;
      }
      case "progress": state.progress[e.stage] = e; break;
      case "verdict": state.verdict = e.verdict; break;
      case "end": state.end = e; break;
    }
  }

  function chaosLabel(c) {
    var params = Object.keys(c.params).map(function (k) { return k + "=" + c.params[k]; }).join(", ");
    return params === "" ? c.action : c.action + " " + params;
  }

  // Chaos windows as bands under each chart, labelled with their action; an open window reaches the latest second.
  function bandsPlugin() {
    var layer;
    function place(u) {
      var o = origin();
      layer.textContent = "";
      if (o === null) return;
      var w = u.over.clientWidth;
      var latest = state.rows.length > 0 ? state.rows[state.rows.length - 1].t + 1 - o : 0;
      state.chaos.forEach(function (c) {
        if (!c) return;
        var s = c.start / 1000 - o;
        var e = c.end === null ? Math.max(s, latest) : c.end / 1000 - o;
        var l = Math.max(0, u.valToPos(s, "x"));
        var r = Math.min(w, u.valToPos(e, "x"));
        if (r <= 0 || l >= w) return;
        var node = el("div", "band" + (c.error ? " failed" : "") + (c.end === null ? " open" : ""));
        node.style.left = l + "px";
        node.style.width = Math.max(1, r - l) + "px";
        node.title = c.action + (c.error ? ": " + c.error : "");
        node.appendChild(el("span", "band-tag", chaosLabel(c)));
        layer.appendChild(node);
      });
    }
    return {
      hooks: {
        init: function (u) { layer = el("div", "bands"); u.under.appendChild(layer); },
        draw: place,
      },
    };
  }

  // Every chart on one x range, from the load's start to the latest second or sample (queue samples taken before the
  // load started are left of it), so a time reads the same in all of them.
  function xRange(u) {
    var o = origin();
    var xs = u.data[0];
    if (o === null) return xs.length > 0 ? [xs[0], Math.max(xs[0] + 1, xs[xs.length - 1])] : [0, 1];
    var max = 1;
    if (state.rows.length > 0) max = Math.max(max, state.rows[state.rows.length - 1].t + 1 - o);
    if (state.depths.length > 0) max = Math.max(max, state.depths[state.depths.length - 1].t / 1000 - o);
    return [0, max];
  }

  function makeChart(id, names, colors) {
    $(id).hidden = false;
    var box = $(id).querySelector(".plot");
    var series = [{ label: "time", value: function (u, v) { return v === null || v === undefined ? "–" : rel(v); } }];
    names.forEach(function (n, i) {
      series.push({ label: n, stroke: colors[i], width: 1.5, points: { show: false },
        value: function (u, v) { return v === null || v === undefined ? "–" : String(+v.toFixed(1)); } });
    });
    var u = new uPlot({
      width: Math.max(200, box.clientWidth), height: 170, series: series, plugins: [bandsPlugin()],
      scales: { x: { time: false, range: xRange }, y: { range: function (u, min, max) { return [0, nice(max)]; } } },
      axes: [{ values: function (u, splits) { return splits.map(rel); }, space: 50 }, { size: 50 }],
      cursor: { sync: { key: "harness-live" }, drag: { x: false, y: false } },
      legend: { live: true },
    }, [[]].concat(names.map(function () { return []; })), box);
    charts[id] = u;
    return u;
  }

  var loadSeries = [
    ["offered (planned)", function (r) { return r.planned; }, 7],
    ["written to the wire", function (r) { return r.written === undefined ? null : r.written; }, 5],
    ["accepted", function (r) { return r.acc; }, 1],
    ["rejected", function (r) { return r.rej; }, 2],
    ["unknown outcome", function (r) { return r.unk; }, 4],
  ];
  var latencySeries = [
    ["p50", function (r) { return r.latency ? r.latency.p50 : null; }, 0],
    ["p95", function (r) { return r.latency ? r.latency.p95 : null; }, 3],
    ["p99", function (r) { return r.latency ? r.latency.p99 : null; }, 2],
    ["send lag p99", function (r) { return r.sendLagP99; }, 6],
  ];
  function rowChart(id, spec) {
    var u = charts[id] || makeChart(id, spec.map(function (s) { return s[0]; }),
      spec.map(function (s) { return palette[s[2]]; }));
    var o = origin();
    var data = [state.rows.map(function (r) { return r.t - o; })];
    spec.forEach(function (s) { data.push(state.rows.map(s[1])); });
    u.setData(data);
  }
  function depthChart(id, names) {
    if (names.length === 0) return;
    var u = charts[id] || makeChart(id, names, names.map(function (n, i) { return palette[i % palette.length]; }));
    var o = origin();
    if (o === null) o = Math.floor(state.depths[0].t / 1000);
    var data = [state.depths.map(function (d) { return Math.round((d.t / 1000 - o) * 1000) / 1000; })];
    names.forEach(function (n) {
      data.push(state.depths.map(function (d) {
        var q = d.queues.filter(function (x) { return x.name === n; })[0];
        return q ? q.depth : null;
      }));
    });
    u.setData(data);
  }
  function lastDepth(names) {
    var last = state.depths[state.depths.length - 1];
    if (!last) return null;
    var sum = 0;
    last.queues.forEach(function (q) { if (names.indexOf(q.name) >= 0) sum += q.depth; });
    return sum;
  }

  function renderTiles() {
    var last = state.rows[state.rows.length - 1] || null;
    var total = { planned: 0, written: 0, acc: 0, rej: 0, unk: 0 };
    state.rows.forEach(function (r) {
      total.planned += r.planned; total.written += r.written || 0; total.acc += r.acc; total.rej += r.rej; total.unk += r.unk;
    });
    function tile(id, now, sum) {
      $(id).querySelector(".v").textContent = now;
      var t = $(id).querySelector(".t");
      if (t) t.textContent = sum;
    }
    tile("tile-offered", count(last && last.planned), count(total.planned) + " in all");
    tile("tile-written", count(last && last.written), count(total.written) + " in all");
    tile("tile-accepted", count(last && last.acc), count(total.acc) + " in all");
    tile("tile-rejected", count(last && last.rej), count(total.rej) + " in all");
    tile("tile-unknown", count(last && last.unk), count(total.unk) + " in all");
    tile("tile-lag", ms(last && last.sendLagP99), "ms, p99");
    tile("tile-latency", last && last.latency ? ms(last.latency.p50) + " / " + ms(last.latency.p95) + " / " + ms(last.latency.p99) : "–", "ms, p50 / p95 / p99");
    tile("tile-queues", count(lastDepth(state.queueNames)), state.queueNames.join(", ") || "no queue");
    tile("tile-dlqs", count(lastDepth(state.dlqNames)), state.dlqNames.join(", ") || "no DLQ");
    $("tile-second").textContent = last === null ? "waiting for the first second" : "second " + rel(last.t - origin()) + " (" + clock(last.t * 1000) + " UTC)";
  }

  function renderTable() {
    var body = $("seconds").querySelector("tbody");
    body.textContent = "";
    var o = origin();
    for (var i = state.rows.length - 1; i >= 0 && i >= state.rows.length - tableRows; i--) {
      var r = state.rows[i];
      var tr = el("tr");
      tr.dataset.t = String(r.t);
      [rel(r.t - o), count(r.planned), count(r.sent), count(r.written), count(r.acc), count(r.rej), count(r.unk),
        count(r.inFlight), ms(r.sendLagP99), ms(r.latency && r.latency.p50), ms(r.latency && r.latency.p95),
        ms(r.latency && r.latency.p99)].forEach(function (v, j) { tr.appendChild(el("td", j === 0 ? "" : "n", v)); });
      body.appendChild(tr);
    }
    $("seconds-note").textContent = state.rows.length > tableRows
      ? "the latest " + tableRows + " of " + state.rows.length + " seconds; the charts hold them all" : "";
  }

  function renderChaos() {
    var shown = state.chaos.filter(function (c) { return c; });
    $("chaos-section").hidden = shown.length === 0;
    var body = $("chaos").querySelector("tbody");
    body.textContent = "";
    var o = origin();
    shown.forEach(function (c) {
      var tr = el("tr", c.end === null ? "open" : "");
      var at = function (t) { return o === null ? clock(t) : "+" + (t / 1000 - o).toFixed(3) + " s"; };
      [c.action, JSON.stringify(c.params), at(c.start), c.end === null ? "open now" : at(c.end),
        c.error ? "no: " + c.error : "yes"].forEach(function (v) { tr.appendChild(el("td", "", v)); });
      body.appendChild(tr);
    });
  }

  function bar(fraction) {
    var b = el("span", "bar");
    var fill = el("i");
    fill.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + "%";
    b.appendChild(fill);
    return b;
  }
  function renderStages() {
    var list = $("stages");
    list.textContent = "";
    state.stages.forEach(function (s) {
      var li = el("li", s.ms === null ? "running" : "done");
      li.dataset.stage = s.stage;
      li.appendChild(el("b", "", s.stage));
      var detail = "";
      if (s.stage === "load" && state.totalMs) {
        var done = Math.min(state.rows.length * 1000, state.totalMs);
        li.appendChild(bar(s.ms === null ? done / state.totalMs : 1));
        detail = Math.round(done / 1000) + " s of " + Math.round(state.totalMs / 1000) + " s";
      }
      var p = state.progress[s.stage];
      if (p) {
        if (p.total !== null && p.total > 0) li.appendChild(bar(s.ms === null ? p.done / p.total : 1));
        detail = p.detail || count(p.done);
      }
      if (s.ms !== null) detail = (detail ? detail + "; " : "") + "done in " + secs(s.ms);
      li.appendChild(el("span", "detail", detail));
      list.appendChild(li);
    });
  }

  function renderVerdict() {
    var v = state.verdict;
    var box = $("verdict");
    if (v === null) { box.hidden = true; return; }
    box.hidden = false;
    box.className = "verdict " + v.status;
    box.textContent = "";
    box.appendChild(el("div", "word", v.status.toUpperCase()));
    var text = el("div");
    var valid = v.valid === true ? "valid" : v.valid === false ? "invalid" : "unknown";
    text.appendChild(el("div", "", "accounting " + valid + " · exit code " + v.exitCode));
    var classes = Object.keys(v.classes).map(function (k) { return k + " " + count(v.classes[k]); }).join(", ");
    text.appendChild(el("div", "classes", classes || "no message reconciled"));
    if (v.failing.length > 0) {
      var ul = el("ul");
      v.failing.forEach(function (g) { ul.appendChild(el("li", "", g.name + " (" + g.status + "): " + g.message)); });
      text.appendChild(ul);
    }
    text.appendChild(el("div", "report", "report: " + v.report));
    box.appendChild(text);
  }

  function renderHeader() {
    if (state.run) {
      $("run-id").textContent = state.run.runId;
      $("target").textContent = state.run.target;
      $("scenario").textContent = state.run.scenario;
      document.title = "harness live: " + state.run.runId;
    }
    var s = $("state");
    if (state.end !== null) {
      s.className = "ended";
      s.textContent = "the run ended at " + clock(state.end.at) + " UTC" +
        (state.end.exitCode === null ? "" : " (exit " + state.end.exitCode + ")") +
        (state.end.error ? ": " + state.end.error : "") + "; this page keeps its data";
    } else if (disconnected) {
      s.className = "lost";
      s.textContent = "connection to harness lost; retrying (the run may have ended)";
    } else {
      var running = state.stages.filter(function (x) { return x.ms === null; })[0];
      s.className = "live";
      s.textContent = running ? "live: " + running.stage : "live";
    }
  }

  function render() {
    renderHeader();
    renderVerdict();
    renderStages();
    if (state.rows.length > 0 && origin() !== null) {
      rowChart("chart-load", loadSeries);
      rowChart("chart-latency", latencySeries);
    }
    if (state.depths.length > 0) {
      depthChart("chart-queues", state.queueNames);
      depthChart("chart-dlqs", state.dlqNames);
    }
    renderTiles();
    renderChaos();
    renderTable();
    document.documentElement.dataset.events = String(state.events);
  }

  // Events come in bursts (a page that connects late replays the whole run): drawn at most five times a second.
  var queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    setTimeout(function () { queued = false; render(); }, 200);
  }

  var disconnected = false;
  var source = new EventSource("/events");
  source.onmessage = function (m) {
    disconnected = false;
    var e = JSON.parse(m.data);
    apply(e);
    // The run is over: the page keeps what it has and stops asking (the server goes when harness exits).
    if (e.kind === "end") source.close();
    schedule();
  };
  source.onerror = function () {
    if (state.end !== null) return;
    disconnected = true;
    schedule();
  };
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) {
      var box = $(id).querySelector(".plot");
      charts[id].setSize({ width: Math.max(200, box.clientWidth), height: 170 });
    });
  });
  render();
})();`;
