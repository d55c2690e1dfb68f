// DualHub console: refreshes #live from the hub every 5 s and draws the last hour with uPlot; no request leaves the hub.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var area = document.getElementById("chart-area");
  var note = document.getElementById("charts-note");
  var charts = {};
  var markers = [];
  var groups = [
    ["lag/", "Forwarding lag (s)"],
    ["backlog/", "Backlog (samples)"],
    ["push_rate/", "Push rate per agent (/s)"],
    ["nats_rtt/", "NATS round trip (ms)"]
  ];

  function openDetails() {
    var open = {};
    live.querySelectorAll("details[open] > summary").forEach(function (s) { open[s.textContent] = true; });
    return open;
  }

  function refresh() {
    fetch("/console/fragment", { cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (html) {
      var open = openDetails();
      live.innerHTML = html;
      live.querySelectorAll("details > summary").forEach(function (s) { if (open[s.textContent]) { s.parentNode.open = true; } });
    }).catch(function () { /* keep the last view; the next poll retries */ });
  }

  function markersPlugin() {
    return {
      hooks: {
        draw: function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#b00020";
          ctx.fillStyle = "#b00020";
          ctx.lineWidth = 1;
          markers.forEach(function (m) {
            var x = u.valToPos(m.t, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          ctx.restore();
        }
      }
    };
  }

  var palette = ["#1f5fbf", "#b3541e", "#2a7f3f", "#7a3fb0", "#a01f5b", "#3f7f7f", "#6b6b00"];

  function draw(h) {
    markers = h.markers;
    groups.forEach(function (g) {
      var names = Object.keys(h.series).filter(function (n) { return n.indexOf(g[0]) === 0; });
      var id = g[0];
      if (names.length === 0 || h.t.length < 2) { return; }
      var data = [h.t].concat(names.map(function (n) { return h.series[n]; }));
      var key = names.join("|");
      var c = charts[id];
      if (c && c.key === key) { c.plot.setData(data); c.plot.redraw(); return; }
      if (c) { c.plot.destroy(); c.box.remove(); }
      var box = document.createElement("figure");
      box.className = "chart";
      var cap = document.createElement("figcaption");
      cap.textContent = g[1] + (h.markers.length ? " (red lines: failovers)" : "");
      box.appendChild(cap);
      area.appendChild(box);
      var opts = {
        width: Math.min(680, Math.max(320, area.clientWidth / 2 - 16)),
        height: 200,
        plugins: [markersPlugin()],
        series: [{}].concat(names.map(function (n, i) { return { label: n.substring(g[0].length), stroke: palette[i % palette.length], spanGaps: false }; }))
      };
      charts[id] = { key: key, plot: new uPlot(opts, data, box), box: box };
    });
    var from = h.source === "store"
      ? "from the long-term store (the NATS round trip and failovers from the hub's memory)."
      : "kept in the hub's memory for an hour" + (h.store_error ? " (the store did not answer: " + h.store_error + ")." : ".");
    note.textContent = h.t.length < 2 ? "Collecting: a point every " + h.interval + " s." : "One point every " + h.interval + " s, " + from;
  }

  function history() {
    fetch("/console/history.json", { cache: "no-store" }).then(function (r) { return r.json(); }).then(draw).catch(function () {});
  }

  if (live) { setInterval(refresh, 5000); }
  if (area && window.uPlot) { history(); setInterval(history, 10000); }
})();
