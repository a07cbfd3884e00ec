/* argmap HTML export: builds the vis-network view from the JSON block #argmap-data.
 * Thread text is untrusted: it only ever reaches the DOM through textContent, tooltips are DOM
 * elements (never HTML strings), and links are only made for absolute http(s) URLs. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var body = document.body;
  var status = document.getElementById("status");

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function link(url, text) {
    var ok = safeUrl(url);
    if (!ok) return null;
    var a = el("a", null, text);
    a.href = ok;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }
  function shorten(text, n) {
    text = String(text).replace(/\s+/g, " ").trim();
    return text.length <= n ? text : text.slice(0, n - 1) + "\u2026";
  }
  function wrap(text, width) {
    var words = text.split(" "), lines = [], line = "";
    for (var i = 0; i < words.length; i++) {
      if (line && line.length + 1 + words[i].length > width) { lines.push(line); line = words[i]; }
      else line = line ? line + " " + words[i] : words[i];
    }
    if (line) lines.push(line);
    return lines.join("\n");
  }

  var threadUrl = document.getElementById("thread-url");
  if (threadUrl && data.url) {
    var a = link(data.url, data.url);
    if (a) { threadUrl.textContent = ""; threadUrl.appendChild(a); }
  }

  var authors = data.authors;
  var byId = {};
  function who(n) { return n.a === undefined ? "crux" : authors[n.a].label; }
  function describe(n, cls) {
    var box = el("div", cls);
    if (n.k === "crux") {
      box.appendChild(el("div", "who", "Crux: " + n.t));
      box.appendChild(el("div", null, "Sides: " + n.poles.join(" | ")));
      return box;
    }
    box.appendChild(el("div", "who", who(n) + (n.k === "comment" ? " (whole comment)" : "")));
    box.appendChild(el("div", "text", cls === "argmap-tip" ? shorten(n.t, 600) : n.t));
    var a = link(n.u, "permalink");
    if (a) {
      var p = el("div", "link");
      p.appendChild(a);
      box.appendChild(p);
    }
    return box;
  }

  var large = data.layout === "precomputed";
  var visNodes = data.nodes.map(function (n) {
    byId[n.id] = n;
    var v = { id: n.id, title: describe(n, "argmap-tip") };
    if (n.k === "crux") {
      v.label = shorten(n.t, 60);
      v.shape = "diamond";
      v.size = 18;
      v.color = { background: "#ffe08a", border: data.cruxColour };
      v.font = { size: 15, bold: true };
      v.borderWidth = 2;
    } else {
      var colour = authors[n.a].colour;
      v.label = large ? undefined : wrap(shorten(n.t, data.labelChars), 24);
      v.shape = n.k === "comment" ? "square" : "dot";
      v.size = n.k === "comment" ? 7 : 9;
      v.color = { background: colour, border: colour, highlight: { background: colour, border: "#000" } };
      v.font = { size: 11 };
    }
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    return v;
  });
  var visEdges = data.edges.map(function (e, i) {
    var v = { id: i, from: e.f, to: e.to };
    if (e.s === "pole") {
      // In large maps pole spokes cross the whole layout: keep them faint until a crux is picked.
      v.color = { color: data.poleColours[e.p % data.poleColours.length], opacity: large ? 0.25 : 0.8 };
      v.dashes = !large;
      v.width = large ? 0.5 : 1.5;
    } else {
      // Uncertain stances (confidence below the model's threshold) are faded and dashed.
      v.color = { color: data.stanceColours[e.s], opacity: e.s === "neutral" || e.u ? 0.35 : 0.9 };
      v.arrows = { to: { enabled: true, scaleFactor: 0.5 } };
      v.width = e.s === "neutral" ? 1 : 1 + 2 * e.c;
      if (e.u) v.dashes = true;
      var tip = el("div", "argmap-tip", e.s + " (confidence " + e.c + (e.u ? ", uncertain" : "") + ")");
      v.title = tip;
    }
    return v;
  });

  // With physics, claims of one comment are tied by invisible springs so they settle together.
  if (!large) {
    var lastOfComment = {};
    data.nodes.forEach(function (n) {
      if (n.k !== "claim" || n.c < 0) return;
      var prev = lastOfComment[n.c];
      if (prev) visEdges.push({ id: "tie" + visEdges.length, from: prev, to: n.id, hidden: true, length: 60 });
      lastOfComment[n.c] = n.id;
    });
  }

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  // --- filters ------------------------------------------------------------------------------
  var hiddenAuthors = {};
  var cruxMembers = null;  // null = every claim; else {nodeId: true}
  function nodeVisible(v) {
    var n = byId[v.id];
    if (cruxMembers) return !!cruxMembers[n.id];
    if (n.k === "crux") return true;
    return !hiddenAuthors[n.a];
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return nodeView.get(e.from) !== null && nodeView.get(e.to) !== null; }
  });
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    status.textContent = nodeView.length + " of " + nodes.length + " nodes shown";
  }
  var boxes = document.querySelectorAll("#author-filter input[type=checkbox]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      hiddenAuthors[Number(box.getAttribute("data-author"))] = !box.checked;
      refresh();
    });
  });
  function setAll(checked) {
    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = checked;
      hiddenAuthors[Number(box.getAttribute("data-author"))] = !checked;
    });
    refresh();
  }
  document.getElementById("authors-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("authors-none").addEventListener("click", function () { setAll(false); });
  var cruxSelect = document.getElementById("crux-select");
  function showCrux(hub) {
    if (!hub || !byId[hub]) { cruxMembers = null; return; }
    cruxMembers = {};
    cruxMembers[hub] = true;
    data.edges.forEach(function (e) { if (e.s === "pole" && e.f === hub) cruxMembers[e.to] = true; });
  }
  cruxSelect.addEventListener("change", function (ev) { showCrux(ev.target.value); refresh(); });
  // A link can open the page on one crux: page.html#crux=<crux id as in the select's values>.
  var wanted = /^#crux=(.+)$/.exec(location.hash);
  if (wanted) {
    var hub = decodeURIComponent(wanted[1]);
    if (byId[hub] && byId[hub].k === "crux") { cruxSelect.value = hub; showCrux(hub); refresh(); }
  }

  // --- network ------------------------------------------------------------------------------
  var options = {
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
    nodes: { font: { face: "system-ui, Helvetica, Arial, sans-serif" } },
    edges: { smooth: large ? false : { type: "continuous" } },
    layout: { improvedLayout: !large && data.nodes.length <= 150, randomSeed: 7 },
    physics: large ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: data.iterations, updateInterval: 25, fit: true }
    }
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  var marked = false;
  function markDrawn() {
    if (marked) return;
    marked = true;
    body.setAttribute("data-nodes-drawn", String(Object.keys(network.getPositions()).length));
    body.setAttribute("data-edges-drawn", String(edgeView.get({ filter: function (e) { return !e.hidden; } }).length));
    body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
    refresh();
  }
  if (large || !data.nodes.length) {
    network.once("afterDrawing", markDrawn);
    if (!data.nodes.length) markDrawn();
  } else {
    network.on("stabilizationProgress", function (p) {
      status.textContent = "laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });  // bounded: no endless jiggling after the layout
      network.once("afterDrawing", markDrawn);
      network.redraw();
    });
  }

  var details = document.getElementById("details");
  network.on("click", function (params) {
    if (!params.nodes.length) { details.hidden = true; return; }
    var n = byId[params.nodes[0]];
    details.textContent = "";
    details.appendChild(describe(n, "detail"));
    details.hidden = false;
  });
})();
