/* kg graph explorer. Reads the JSON payload of #kg-data, keeps the whole graph in
   arrays and puts a bounded, filtered subset into the vis DataSets. Text goes into the
   DOM through textContent only. (Included by graph.html: no Jinja markers in here.) */
"use strict";
var KG = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet([]), edges = new vis.DataSet([]), network = null;
var state = {off: {}, theme: "", province: "", programme: "", pinned: {}, selected: null};
var N = KG.nodes, byId = {}, adj = [];
N.forEach(function (n, i) { byId[n.id] = i; adj.push([]); });
KG.edges.forEach(function (e, k) { adj[e[0]].push(k); adj[e[1]].push(k); });

function visNode(i, faded) {
  var n = N[i], c = KG.classes[n.c];
  var v = {id: n.id, label: n.l.length > 24 ? n.l.slice(0, 23) + "…" : n.l, shape: c.shape,
           color: faded ? {background: "#e6e6e6", border: "#d0d0d0"} : c.colour,
           font: {color: faded ? "#bbbbbb" : "#222222"},
           title: c.name + "\n" + n.l + (n.a ? "\n别名：" + n.a.join("、") : "")};
  if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
  return v;
}

function passes(i) {
  var n = N[i];
  if (state.off[n.c]) return false;
  if (state.theme !== "" && n.t.indexOf(+state.theme) < 0) return false;
  if (state.province !== "" && n.p.indexOf(+state.province) < 0) return false;
  if (state.programme !== "" && n.g.indexOf(+state.programme) < 0) return false;
  return true;
}

function wanted() {
  var keep = [], i;
  for (i = 0; i < N.length; i++) if (passes(i)) keep.push(i);
  if (keep.length > KG.visibleMax) {
    keep.sort(function (a, b) { return (N[b].d - N[a].d) || (a - b); });
    keep = keep.slice(0, KG.visibleMax);
  }
  var set = {};
  keep.forEach(function (k) { set[k] = true; });
  Object.keys(state.pinned).forEach(function (k) { if (!state.off[N[k].c]) set[k] = true; });
  return set;
}

function refresh() {
  if (network && !KG.precomputed) {  // keep what physics laid out
    var pos = network.getPositions();
    Object.keys(pos).forEach(function (id) { var n = N[byId[id]]; n.x = pos[id].x; n.y = pos[id].y; });
  }
  var want = wanted(), have = {};
  nodes.getIds().forEach(function (id) { have[byId[id]] = true; });
  var drop = Object.keys(have).filter(function (k) { return !want[k]; }).map(function (k) { return N[k].id; });
  var add = Object.keys(want).filter(function (k) { return !have[k]; });
  if (add.length && KG.precomputed === false) placeNew(add, want);
  nodes.remove(drop);
  nodes.add(add.map(function (k) { return visNode(+k, false); }));
  var es = [];
  KG.edges.forEach(function (e, k) {
    if (want[e[0]] && want[e[1]]) es.push({id: k, from: N[e[0]].id, to: N[e[1]].id, title: KG.relations[e[2]][1]});
  });
  edges.clear();
  edges.add(es);
  if (state.selected !== null) highlight(state.selected);
  document.getElementById("status").textContent =
    "显示 " + nodes.length + " / " + N.length + " 个节点" +
    (nodes.length < N.length ? "（按连接数优先；搜索或展开可加入更多）" : "");
}

function placeNew(add, want) {  // nodes that physics never saw: beside a placed neighbour
  add.forEach(function (k, j) {
    var n = N[k];
    if (n.x !== undefined) return;
    var anchor = null;
    adj[k].some(function (ek) { var e = KG.edges[ek], o = e[0] == k ? e[1] : e[0];
      if (N[o].x !== undefined) { anchor = N[o]; return true; } return false; });
    var a = j * 2.399963;
    n.x = (anchor ? anchor.x : 0) + 60 * Math.cos(a);
    n.y = (anchor ? anchor.y : 0) + 60 * Math.sin(a);
  });
}

function neighbourSet(i) {
  var s = {};
  s[i] = true;
  adj[i].forEach(function (k) { var e = KG.edges[k]; s[e[0]] = true; s[e[1]] = true; });
  return s;
}

function highlight(i) {
  var near = i === null ? null : neighbourSet(i);
  nodes.update(nodes.getIds().map(function (id) {
    var k = byId[id], v = visNode(k, near !== null && !near[k]);
    return {id: id, color: v.color, font: v.font};
  }));
}

function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function focusNode(i, expand) {
  state.pinned[i] = true;
  if (expand) adj[i].forEach(function (k) { var e = KG.edges[k]; state.pinned[e[0]] = true; state.pinned[e[1]] = true; });
  refresh();
  state.selected = i;
  network.selectNodes([N[i].id]);
  highlight(i);
  network.focus(N[i].id, {scale: 1.2, animation: false});
  showPanel(i);
}

function showPanel(i) {
  var n = N[i], c = KG.classes[n.c], p = document.getElementById("panel");
  p.replaceChildren();
  var close = el("button", "×", "close");
  close.title = "关闭";
  close.onclick = function () { p.hidden = true; state.selected = null; network.unselectAll(); highlight(null); };
  p.appendChild(close);
  var h = el("h2", n.l);
  p.appendChild(h);
  var sw = el("span", null, "swatch");
  sw.style.background = c.colour;
  var kind = el("div");
  kind.appendChild(sw);
  kind.appendChild(document.createTextNode(c.name));
  p.appendChild(kind);
  p.appendChild(el("div", n.id, "iri"));
  var props = (n.props || []).slice();
  if (n.a) props.push(["别名", n.a.join("、")]);
  if (props.length) {
    var ul = el("ul");
    props.forEach(function (pv) { ul.appendChild(el("li", pv[0] + "：" + pv[1])); });
    p.appendChild(ul);
  }
  var more = el("button", "展开相邻节点", "small");
  more.id = "expand";
  more.onclick = function () { focusNode(i, true); };
  p.appendChild(more);
  p.appendChild(el("h2", "相邻节点（" + adj[i].length + "）"));
  var nl = el("ul");
  nl.id = "neighbours";
  adj[i].slice(0, 200).forEach(function (k) {
    var e = KG.edges[k], out = e[0] === i, o = out ? e[1] : e[0];
    var li = el("li", (out ? "→ " : "← ") + KG.relations[e[2]][1] + "：");
    var a = el("span", N[o].l, "nb");
    a.onclick = function () { focusNode(o, false); };
    li.appendChild(a);
    li.appendChild(el("span", " " + KG.classes[N[o].c].name, "muted"));
    nl.appendChild(li);
  });
  p.appendChild(nl);
  p.appendChild(el("h2", "来源句子"));
  var sl = el("ul");
  sl.id = "sources";
  (n.s || []).forEach(function (s) {
    var art = KG.articles[s[0]], sent = s[1], li = el("li", null, "src");
    li.appendChild(document.createTextNode(sent.slice(0, s[2])));
    li.appendChild(el("mark", sent.slice(s[2], s[3])));
    li.appendChild(document.createTextNode(sent.slice(s[3])));
    li.appendChild(el("br"));
    var a = el("a", "《" + art.t + "》原文");
    a.href = art.h + "#m-" + s[4];
    li.appendChild(a);
    sl.appendChild(li);
  });
  if (!n.s) sl.appendChild(el("li", "（无直接提及）", "muted"));
  p.appendChild(sl);
  p.hidden = false;
}

function setupControls() {
  document.querySelectorAll("#legend li.legend-item").forEach(function (li) {
    li.addEventListener("click", function () {
      var ci = KG.classes.findIndex(function (c) { return c.cls === li.getAttribute("data-cls"); });
      state.off[ci] = !state.off[ci];
      li.classList.toggle("off", state.off[ci]);
      refresh();
    });
  });
  [["f-theme", KG.themes, "theme"], ["f-province", KG.provinces, "province"],
   ["f-programme", KG.programmes, "programme"]].forEach(function (f) {
    var sel = document.getElementById(f[0]);
    f[1].forEach(function (label, k) { var o = el("option", label); o.value = String(k); sel.appendChild(o); });
    sel.addEventListener("change", function () { state[f[2]] = sel.value; state.pinned = {}; refresh(); });
  });
  document.getElementById("reset").onclick = function () {
    state = {off: {}, theme: "", province: "", programme: "", pinned: {}, selected: null};
    document.querySelectorAll("#legend li.off").forEach(function (li) { li.classList.remove("off"); });
    ["f-theme", "f-province", "f-programme"].forEach(function (id) { document.getElementById(id).value = ""; });
    document.getElementById("panel").hidden = true;
    refresh();
  };
  var box = document.getElementById("search"), res = document.getElementById("search-results");
  box.addEventListener("input", function () {
    var q = box.value.trim(), hits = [];
    res.replaceChildren();
    if (!q) return;
    for (var i = 0; i < N.length && hits.length < 200; i++) {
      var n = N[i], exact = n.l === q, inLabel = n.l.indexOf(q) >= 0;
      var inAlias = !inLabel && n.a && n.a.some(function (a) { return a.indexOf(q) >= 0; });
      if (inLabel || inAlias) hits.push([exact ? 0 : inLabel ? 1 : 2, -n.d, n.l.length, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]; });
    hits.slice(0, 20).forEach(function (h) {
      var n = N[h[3]], li = el("li", n.l);
      li.setAttribute("data-id", n.id);
      li.appendChild(el("span", KG.classes[n.c].name, "cls"));
      li.onclick = function () { focusNode(h[3], false); };
      res.appendChild(li);
    });
    if (!hits.length) res.appendChild(el("li", "没有匹配的节点", "muted"));
  });
}

function draw() {
  var container = document.getElementById("mynetwork");
  var big = KG.precomputed;
  var options = {
    nodes: {shape: "dot", size: 12, borderWidth: 1,
            font: {face: getComputedStyle(document.body).fontFamily, size: 13, strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, color: {color: "#a8a8a8", highlight: "#333333"},
            smooth: big ? false : {enabled: true, type: "continuous", roundness: 0.4}, width: 1},
    physics: {enabled: !big, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -60, centralGravity: 0.01, springLength: 110, springConstant: 0.08, avoidOverlap: 0.2},
              stabilization: {enabled: !big, iterations: 600, updateInterval: 50, fit: true}},
    layout: {randomSeed: 42, improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big}
  };
  refresh();
  network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.on("click", function (ev) {
    if (ev.nodes.length) { state.selected = byId[ev.nodes[0]]; highlight(state.selected); showPanel(state.selected); }
    else if (state.selected !== null) { state.selected = null; highlight(null); }
  });
  function ready() {
    document.body.setAttribute("data-kg-ready", "1");
    var m = /^#node=(.+)$/.exec(location.hash);
    if (m && byId[decodeURIComponent(m[1])] !== undefined) focusNode(byId[decodeURIComponent(m[1])], true);
  }
  if (!big && nodes.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  } else if (nodes.length > 0) {
    network.once("afterDrawing", ready);
  } else {
    ready();
  }
}

setupControls();
draw();
