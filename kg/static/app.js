/* kg graph view.
 * The data is untrusted text from articles: every element here is built with createElement /
 * createElementNS and filled with textContent or setAttribute on non-URL attributes. Nothing from
 * the data reaches innerHTML, and vis-network gets no "title" strings (tooltips are our own DOM).
 */
(function () {
  "use strict";

  var T = window.__kgTimings = { start: performance.now() };
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  T.parsed = performance.now();
  var vis = window.vis;
  var LANGS = DATA.langs;
  var FALLBACK = ["zh-Hant", "en", "zh-Hans", "_"];
  var LANG_NAMES = { "zh-Hant": "繁體中文", "zh-Hans": "简体中文", "en": "English" };
  var FONT = 'system-ui, "Noto Sans TC", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", ' +
    '"WenQuanYi Micro Hei", "Noto Sans SC", sans-serif';

  var UI = {
    "en": {
      search: "Search any label or alias (any script)", lang: "Language", figures: "Figures as nodes",
      fit: "Fit", classes: "Classes", relations: "Relations", focus: "Neighbourhood",
      hops: "Hops", focusBtn: "Focus on selected", showAll: "Show all", noMatch: "No match",
      noEvidence: "No evidence recorded", source: "Source", offsets: "Characters",
      claimedBy: "Claimed by", labels: "Labels", aliases: "Aliases", cls: "Class",
      statements: "Statements", figureTable: "Figures", metric: "Metric", value: "Value",
      multiplier: "×", unit: "Unit", period: "Period", change: "Change", flags: "Flags",
      evidence: "Evidence", statementId: "Statement", note: "Note", selectFirst: "Select a node first",
      focusOn: "Around {label}, {hops} hop(s): {n} entities", allShown: "Whole graph",
      omitted: "Showing {shown} of {total} entities: the {omitted} with the lowest PageRank are left out (max nodes {max}).",
      counts: "{nodes} nodes · {edges} edges", figureOf: "Figure of", language: "Language",
      notInView: "not in this view", since: "since", edge: "Relation",
      folded: "{n} entities without relations (click to show)", fold: "Fold entities without relations",
      fam: { posts: "Posts", structure: "Units and segments", competition: "Competition",
        partnership: "Partners and customers", investment: "Investment", supply: "Supply and offers",
        events: "Events", strategy: "Strategy", claims: "Claims and sources", other: "Other" }
    },
    "zh-Hant": {
      search: "搜尋任何標籤或別名（繁簡皆可）", lang: "語言", figures: "以節點顯示數據",
      fit: "全圖", classes: "類別", relations: "關係", focus: "鄰域",
      hops: "跳數", focusBtn: "聚焦所選", showAll: "顯示全部", noMatch: "沒有符合的結果",
      noEvidence: "沒有記錄證據", source: "來源", offsets: "字元位置",
      claimedBy: "聲稱者", labels: "標籤", aliases: "別名", cls: "類別",
      statements: "陳述", figureTable: "數據", metric: "指標", value: "數值",
      multiplier: "倍數", unit: "單位", period: "期間", change: "變化", flags: "標記",
      evidence: "證據", statementId: "陳述", note: "備註", selectFirst: "請先選擇一個節點",
      focusOn: "{label} 周圍 {hops} 跳：{n} 個實體", allShown: "整個圖",
      omitted: "顯示 {total} 個實體中的 {shown} 個：PageRank 最低的 {omitted} 個未顯示（上限 {max}）。",
      counts: "{nodes} 個節點 · {edges} 條邊", figureOf: "所屬", language: "語言",
      notInView: "不在此視圖中", since: "自", edge: "關係",
      folded: "{n} 個沒有關係的實體（點擊展開）", fold: "收合沒有關係的實體",
      fam: { posts: "職位", structure: "單位與分部", competition: "競爭", partnership: "合作與客戶",
        investment: "投資", supply: "供應與提供", events: "事件", strategy: "策略",
        claims: "說法與來源", other: "其他" }
    },
    "zh-Hans": {
      search: "搜索任何标签或别名（繁简皆可）", lang: "语言", figures: "以节点显示数据",
      fit: "全图", classes: "类别", relations: "关系", focus: "邻域",
      hops: "跳数", focusBtn: "聚焦所选", showAll: "显示全部", noMatch: "没有匹配的结果",
      noEvidence: "没有记录证据", source: "来源", offsets: "字符位置",
      claimedBy: "声称者", labels: "标签", aliases: "别名", cls: "类别",
      statements: "陈述", figureTable: "数据", metric: "指标", value: "数值",
      multiplier: "倍数", unit: "单位", period: "期间", change: "变化", flags: "标记",
      evidence: "证据", statementId: "陈述", note: "备注", selectFirst: "请先选择一个节点",
      focusOn: "{label} 周围 {hops} 跳：{n} 个实体", allShown: "整个图",
      omitted: "显示 {total} 个实体中的 {shown} 个：PageRank 最低的 {omitted} 个未显示（上限 {max}）。",
      counts: "{nodes} 个节点 · {edges} 条边", figureOf: "所属", language: "语言",
      notInView: "不在此视图中", since: "自", edge: "关系",
      folded: "{n} 个没有关系的实体（点击展开）", fold: "收合没有关系的实体",
      fam: { posts: "职位", structure: "单位与分部", competition: "竞争", partnership: "合作与客户",
        investment: "投资", supply: "供应与提供", events: "事件", strategy: "策略",
        claims: "说法与来源", other: "其他" }
    }
  };

  var NODES = DATA.nodes, EDGES = DATA.edges, FIGS = DATA.figs, N = NODES.length;
  var state = {
    lang: DATA.lang, classOn: DATA.classes.map(function () { return true; }),
    relOn: DATA.rels.map(function () { return true; }), showFigs: false,
    focusSet: null, focusCentre: null, focusHops: DATA.hops, panel: null, selected: null
  };

  // ------------------------------------------------------------------ helpers

  function famLabel(key) {
    var table = (UI[state.lang] && UI[state.lang].fam) || UI.en.fam;
    return table[key] || UI.en.fam[key] || key;
  }

  function tr(key, params) {
    var text = (UI[state.lang] && UI[state.lang][key]) || UI.en[key] || key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (m, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
      });
    }
    return text;
  }

  // Controls, bidi overrides and zero-width characters made visible (the set of kg.text.INVISIBLE,
  // as kg.views.html.visible_html shows them): each as <U+202E>; in a <code> when filling el.
  var INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]/g;
  function visible(text, el) {
    function mark(c) { return "<U+" + ("000" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4) + ">"; }
    var s = String(text), at = 0, m;
    if (!el) { return s.replace(INVISIBLE, mark); }
    INVISIBLE.lastIndex = 0;
    while ((m = INVISIBLE.exec(s)) !== null) {
      if (m.index > at) { el.appendChild(document.createTextNode(s.slice(at, m.index))); }
      var code = document.createElement("code");
      code.className = "kg-invisible";
      code.textContent = mark(m[0]);
      el.appendChild(code);
      at = m.index + 1;
    }
    if (at < s.length || !at) { el.appendChild(document.createTextNode(s.slice(at))); }
    return s;
  }

  function pick(labels, lang) {
    if (!labels) { return ""; }
    if (labels[lang]) { return visible(labels[lang]); }
    for (var i = 0; i < FALLBACK.length; i++) {
      if (labels[FALLBACK[i]]) { return visible(labels[FALLBACK[i]]); }
    }
    return "";
  }

  function h(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined && text !== null) { visible(text, el); }
    return el;
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function byId(id) { return document.getElementById(id); }

  function nodeLabel(i) { return pick(NODES[i].l, state.lang); }
  function relLabel(r) { return pick(DATA.rels[r].l, state.lang); }
  function classLabel(c) { return pick(DATA.classes[c].l, state.lang); }

  function figureId(j) { return "f" + j; }

  function shade(hex, amount) {
    var v = parseInt(hex.slice(1), 16);
    var r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    function f(c) {
      c = amount < 0 ? c * (1 + amount) : c + (255 - c) * amount;
      return Math.max(0, Math.min(255, Math.round(c)));
    }
    return "#" + ((1 << 24) + (f(r) << 16) + (f(g) << 8) + f(b)).toString(16).slice(1);
  }

  // a node's own colour (a pyvis Network's): shaded when #RRGGBB, else as given (a CSS name)
  function nodeColours(c) { return /^#[0-9a-fA-F]{6}$/.test(c) ? colours(c) : c; }

  // vis-network options of the pyvis Network (DATA.options) over the page's own
  function mergeOptions(into, from) {
    Object.keys(from).forEach(function (key) {
      if (key === "__proto__" || key === "constructor" || key === "prototype") { return; }
      var v = from[key], cur = into[key];
      if (v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" &&
          !Array.isArray(cur)) {
        mergeOptions(cur, v);
      } else {
        into[key] = v;
      }
    });
    return into;
  }

  function colours(hex) {
    return {
      background: hex, border: shade(hex, -0.35),
      highlight: { background: shade(hex, 0.25), border: "#111111" },
      hover: { background: shade(hex, 0.15), border: "#111111" }
    };
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  function swatch(shape, colour) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 14 14");
    var el;
    var pts = {
      diamond: "7,1 13,7 7,13 1,7", triangle: "7,1.5 13,12.5 1,12.5",
      triangleDown: "1,1.5 13,1.5 7,12.5", hexagon: "3.5,1.5 10.5,1.5 13.5,7 10.5,12.5 3.5,12.5 0.5,7",
      star: "7,0.8 8.8,5 13.4,5.3 9.9,8.3 11,12.8 7,10.4 3,12.8 4.1,8.3 0.6,5.3 5.2,5"
    };
    if (shape === "dot") {
      el = document.createElementNS(SVGNS, "circle");
      el.setAttribute("cx", "7"); el.setAttribute("cy", "7"); el.setAttribute("r", "6");
    } else if (pts[shape]) {
      el = document.createElementNS(SVGNS, "polygon");
      el.setAttribute("points", pts[shape]);
    } else {
      el = document.createElementNS(SVGNS, "rect");
      el.setAttribute("x", "1.5"); el.setAttribute("y", "1.5");
      el.setAttribute("width", "11"); el.setAttribute("height", "11");
      if (shape === "box") { el.setAttribute("rx", "3"); }
    }
    el.setAttribute("fill", colour);
    el.setAttribute("stroke", shade(colour, -0.35));
    svg.appendChild(el);
    return svg;
  }

  // ------------------------------------------------------------------ adjacency (lazy)

  var adjacency = null;   // node -> [edge index]
  var outerByNode = null; // node -> [outer index]
  function ensureAdjacency() {
    if (adjacency) { return; }
    adjacency = NODES.map(function () { return []; });
    EDGES.forEach(function (e, j) {
      adjacency[e.f].push(j);
      if (e.t !== e.f) { adjacency[e.t].push(j); }
    });
    outerByNode = {};
    (DATA.outer || []).forEach(function (o, j) {
      (outerByNode[o.n] = outerByNode[o.n] || []).push(j);
    });
  }

  // ------------------------------------------------------------------ vis data

  var big = DATA.layout !== "readable";   // laid out as balloon trees: no per-node styling
  var pairCount = {}, pairSeen = {};
  EDGES.forEach(function (e) {
    var key = e.f < e.t ? e.f + "-" + e.t : e.t + "-" + e.f;
    pairCount[key] = (pairCount[key] || 0) + 1;
  });

  // entities with no relation at all: laid out in a grid under the graph (layout.py) and, in
  // a readable graph, folded into one group node until it is clicked
  var linked = new Uint8Array(N);
  EDGES.forEach(function (e) { linked[e.f] = 1; linked[e.t] = 1; });
  var isolates = [];
  for (var q = 0; q < N; q++) { if (!linked[q]) { isolates.push(q); } }
  var GROUP = "group";
  var FOLDABLE = !big && EDGES.length > 0 && isolates.length >= 3;
  state.folded = FOLDABLE;

  // Edge labels are drawn from this zoom on (and for the edge under the pointer at any zoom).
  var EDGE_FONT = 12, EDGE_LABEL_ZOOM = 1.1;
  var EDGE_THRESHOLD = EDGE_FONT * EDGE_LABEL_ZOOM + 1;   // vis hides a label below threshold - 1
  // Label font by PageRank: 13 px for the least central, 21 for the hub (style.font_size).
  function fontSize(z) { return Math.round(13 + 8 * Math.max(0, Math.min(1, (z - 10) / 28))); }
  var REL_FAMILY = {};
  (DATA.relFamilies || []).forEach(function (f, k) { REL_FAMILY[f.k] = k; });

  // Big graphs get their labels lazily: only nodes (and edges) in the viewport once zoomed in
  // far enough for text to be drawn at all. Measuring 20,000 labels up front costs seconds.
  var LAZY = big && N > 1500;
  var labelled = new Set(), labelledEdges = new Set();

  function entityNodeItem(i) {
    var n = NODES[i];
    var item = { id: i, group: "c" + n.c, size: n.z };
    if (n.col) { item.color = typeof n.col === "string" ? nodeColours(n.col) : n.col; }
    if (n.sh) { item.shape = n.sh; }
    if (!LAZY) { item.label = nodeLabel(i); }
    if (!big) { item.font = { size: fontSize(n.z) }; }
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }

  function groupLabel() {
    return tr("folded", { n: isolates.length });
  }

  function groupNodeItem() {
    var minY = Infinity, minX = Infinity, maxX = -Infinity;
    isolates.forEach(function (i) {
      minY = Math.min(minY, NODES[i].y); minX = Math.min(minX, NODES[i].x); maxX = Math.max(maxX, NODES[i].x);
    });
    return { id: GROUP, label: groupLabel(), x: (minX + maxX) / 2, y: minY, shape: "box", margin: 8,
      widthConstraint: { maximum: 320 },
      font: { size: 15, color: "#1d2330", strokeWidth: 0 },
      color: { background: "#eef1f5", border: "#8f9aa8", highlight: { background: "#e2e8f0", border: "#111111" },
        hover: { background: "#e2e8f0", border: "#0b63c4" } },
      shapeProperties: { borderDashes: [5, 4], borderRadius: 8 } };
  }

  function figureLabel(j) {
    var f = FIGS[j];
    var label = pick(f.l, state.lang);
    if (label && label !== f.l._) { return label; }
    return [metricName(f), valueText(f), f.mt || "", f.u || ""].join(" ").replace(/\s+/g, " ").trim();
  }

  function figureNodeItem(j) {
    var f = FIGS[j];
    var item = { id: figureId(j), label: figureLabel(j), group: "figure" };
    if (f.x !== undefined) { item.x = f.x; item.y = f.y; }
    return item;
  }

  // a Network's own edge colour option (set the pyvis way) wins over the families' colours
  var OWN_EDGE_COLOUR = !!(DATA.options && DATA.options.edges && DATA.options.edges.color);

  function edgeColour(r) {
    var col = OWN_EDGE_COLOUR ? null : DATA.rels[r].col;
    return col ? { color: col, highlight: shade(col, -0.35), hover: shade(col, -0.2), opacity: 0.85 } : undefined;
  }

  function entityEdgeItem(j) {
    var e = EDGES[j];
    var item = { id: j, from: e.f, to: e.t };
    if (!LAZY) { item.label = relLabel(e.r); }
    var colour = edgeColour(e.r);   // the relation family's; an edge's own colour wins
    if (colour) { item.color = colour; }
    if (e.col) { item.color = typeof e.col === "string" ? { color: e.col, inherit: false } : e.col; }
    var key = e.f < e.t ? e.f + "-" + e.t : e.t + "-" + e.f;
    if (pairCount[key] > 1 || e.f === e.t) {
      var k = pairSeen[key] = (pairSeen[key] || 0) + 1;
      item.smooth = { enabled: true, type: "curvedCW", roundness: 0.12 + 0.14 * (k - 1) };
    }
    return item;
  }

  var nodeItems = [];
  for (var i = 0; i < N; i++) { nodeItems.push(entityNodeItem(i)); }
  if (FOLDABLE) { nodeItems.push(groupNodeItem()); }
  var edgeItems = [];
  for (var j = 0; j < EDGES.length; j++) { edgeItems.push(entityEdgeItem(j)); }
  FIGS.forEach(function (f, k) {
    nodeItems.push(figureNodeItem(k));
    edgeItems.push({ id: "fe" + k, from: f.o, to: figureId(k), label: pick(DATA.hasFigureRel, state.lang),
      dashes: [4, 4], color: { color: "#b7bec8" } });
    if (f.m && f.m.n !== undefined) {
      edgeItems.push({ id: "fm" + k, from: figureId(k), to: f.m.n, label: pick(DATA.metricRel, state.lang),
        dashes: [2, 4], color: { color: "#c9ced6" } });
    }
  });

  function entityShown(id) {
    return state.classOn[NODES[id].c] && (!state.focusSet || state.focusSet.has(id));
  }

  function nodeVisible(id) {
    if (id === GROUP) {
      return state.folded && isolates.some(entityShown);
    }
    if (typeof id === "string") {   // figure observation node
      var f = FIGS[+id.slice(1)];
      return state.showFigs && nodeVisible(f.o);
    }
    if (state.folded && !linked[id]) { return false; }
    return entityShown(id);
  }

  function edgeVisible(item) {
    if (typeof item.id === "string") {
      return state.showFigs && nodeVisible(item.from) && nodeVisible(item.to);
    }
    return state.relOn[EDGES[item.id].r] && nodeVisible(item.from) && nodeVisible(item.to);
  }

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(item.id); } });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });
  T.dataSets = performance.now();

  var groups = {
    figure: { shape: DATA.figureClass.sh, color: colours(DATA.figureClass.col), margin: 4,
      font: { size: 11, color: "#ffffff", strokeWidth: 0 }, widthConstraint: { maximum: 160 } }
  };
  DATA.classes.forEach(function (c, k) { groups["c" + k] = { shape: c.sh, color: colours(c.col) }; });

  var options = {
    groups: groups,
    autoResize: true,
    // every position comes from layout.py: physics only spreads figure nodes (setFigures)
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { enabled: false, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.8 } },
    nodes: {
      borderWidth: 1.5, borderWidthSelected: 3,
      font: { size: 16, face: FONT, color: "#1d2330", strokeWidth: 4, strokeColor: "#ffffff" },
      // wrapped as layout.py's LABEL_WRAP assumes; drawn down to 4 px on screen
      widthConstraint: big ? false : { maximum: 150 },
      scaling: { label: { drawThreshold: big ? 7 : 5 } }
    },
    edges: {
      width: 1.3, selectionWidth: 1.2, hoverWidth: 1.2, smooth: false,
      color: { color: "#9aa6b5", highlight: "#d9480f", hover: "#0b63c4", inherit: false },
      font: { size: EDGE_FONT, face: FONT, color: "#3b4452", strokeWidth: 3, strokeColor: "#fbfcfd",
        align: "middle" },
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      scaling: { label: { drawThreshold: EDGE_THRESHOLD } }
    },
    interaction: {
      hover: true, tooltipDelay: 100, hideEdgesOnDrag: big, hideEdgesOnZoom: N > 3000,
      multiselect: false, navigationButtons: false, keyboard: false
    }
  };

  if (DATA.options) { mergeOptions(options, DATA.options); }

  var container = byId("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  T.network = performance.now();

  function labelViewport() {
    if (!LAZY) { return; }
    var scale = network.getScale();
    if (scale * 16 < 7) { return; }   // below vis' drawThreshold: no text would be drawn
    ensureAdjacency();
    var centre = network.getViewPosition();
    var halfW = container.clientWidth / scale / 2 + 150, halfH = container.clientHeight / scale / 2 + 150;
    var upd = [], eupd = [], fresh = [];
    for (var i = 0; i < N; i++) {
      var n = NODES[i];
      if (labelled.has(i) || Math.abs(n.x - centre.x) > halfW || Math.abs(n.y - centre.y) > halfH) { continue; }
      labelled.add(i);
      fresh.push(i);
      upd.push({ id: i, label: nodeLabel(i) });
    }
    fresh.forEach(function (i) {
      adjacency[i].forEach(function (j) {
        var e = EDGES[j];
        if (!labelledEdges.has(j) && labelled.has(e.f) && labelled.has(e.t)) {
          labelledEdges.add(j);
          eupd.push({ id: j, label: relLabel(e.r) });
        }
      });
    });
    if (upd.length) { nodes.update(upd); }
    if (eupd.length) { edges.update(eupd); }
  }
  var labelTimer = null;
  function labelSoon() {
    if (!LAZY) { return; }
    if (labelTimer) { clearTimeout(labelTimer); }
    labelTimer = setTimeout(function () { labelTimer = null; labelViewport(); }, 120);
  }
  network.on("zoom", labelSoon);
  network.on("dragEnd", labelSoon);
  network.on("animationFinished", labelSoon);

  var ready = false;
  function markReady() {
    if (ready) { return; }
    ready = true;
    if (N) { setTimeout(focusFromHash, 0); }
    window.__kgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  network.once("afterDrawing", function () {
    window.__kgDrawn = T.firstDraw = performance.now();
    if (DATA.focus !== null && DATA.focus !== undefined) {
      network.focus(DATA.focus, { scale: 1.0 });
    }
    markReady();
  });
  if (N === 0) { markReady(); }

  // ------------------------------------------------------------------ counts, message

  // folded entities still count as shown: the group stands for them
  function shownNodes() {
    if (!FOLDABLE) { return nodeView.length; }
    return nodeView.length - (nodeVisible(GROUP) ? 1 : 0)
      + (state.folded ? isolates.filter(entityShown).length : 0);
  }

  function updateCounts() {
    byId("kg-counts").textContent = tr("counts", { nodes: shownNodes(), edges: edgeView.length });
  }

  function setFolded(on) {
    if (!FOLDABLE) { return; }
    state.folded = !!on;
    var box = byId("kg-fold");
    if (box) { box.checked = state.folded; }
    refresh();
    network.fit({ animation: false });
  }

  function updateMessage() {
    var box = byId("kg-message");
    if (DATA.omitted > 0) {
      box.hidden = false;
      box.textContent = tr("omitted", { shown: N, total: DATA.total, omitted: DATA.omitted,
        max: DATA.maxNodes === null ? "-" : DATA.maxNodes });
    } else {
      box.hidden = true;
      box.textContent = "";
    }
  }

  function updateFocusState() {
    var el = byId("kg-focus-state");
    if (state.focusCentre !== null) {
      el.textContent = tr("focusOn", { label: nodeLabel(state.focusCentre), hops: state.focusHops,
        n: state.focusSet ? state.focusSet.size : N });
    } else {
      el.textContent = tr("allShown");
    }
  }

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    updateFocusState();
  }

  // ------------------------------------------------------------------ filters and legend

  function buildFilters() {
    var cl = byId("kg-classes");
    clear(cl);
    DATA.classes.forEach(function (c, k) {
      var li = h("li"), label = h("label"), box = h("input");
      box.type = "checkbox"; box.checked = state.classOn[k]; box.setAttribute("data-class", c.k);
      box.addEventListener("change", function () { state.classOn[k] = box.checked; refresh(); });
      label.appendChild(box);
      label.appendChild(swatch(c.sh, c.col));
      label.appendChild(h("span", null, classLabel(k)));
      label.appendChild(h("span", "kg-count", c.n));
      li.appendChild(label);
      cl.appendChild(li);
    });
    if (FIGS.length) {
      var li = h("li"), label = h("label"), figBox = h("input");
      figBox.type = "checkbox"; figBox.checked = state.showFigs; figBox.setAttribute("data-class", "Figure");
      figBox.addEventListener("change", function () { setFigures(figBox.checked); });
      label.appendChild(figBox);
      label.appendChild(swatch(DATA.figureClass.sh, DATA.figureClass.col));
      label.appendChild(h("span", null, pick(DATA.figureClass.l, state.lang)));
      label.appendChild(h("span", "kg-count", FIGS.length));
      li.appendChild(label);
      cl.appendChild(li);
    }
    if (FOLDABLE) {
      var fli = h("li", "kg-fold-row"), flabel = h("label"), foldBox = h("input");
      foldBox.type = "checkbox"; foldBox.id = "kg-fold"; foldBox.checked = state.folded;
      foldBox.addEventListener("change", function () { setFolded(foldBox.checked); });
      flabel.appendChild(foldBox);
      flabel.appendChild(h("span", null, tr("fold")));
      flabel.appendChild(h("span", "kg-count", isolates.length));
      fli.appendChild(flabel);
      cl.appendChild(fli);
    }
    buildRelationFilters();
  }

  function lineSwatch(colour) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "10");
    svg.setAttribute("viewBox", "0 0 18 10");
    var line = document.createElementNS(SVGNS, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5");
    line.setAttribute("x2", "17"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", colour); line.setAttribute("stroke-width", "3");
    line.setAttribute("stroke-linecap", "round");
    svg.appendChild(line);
    return svg;
  }

  // The relations' legend is the filter: one row per family (its colour, a box for all its
  // relations), the family's relations under it.
  function buildRelationFilters() {
    var rl = byId("kg-rels");
    clear(rl);
    var families = (DATA.relFamilies || []).slice();
    var members = families.map(function () { return []; });
    DATA.rels.forEach(function (r, k) {
      var f = REL_FAMILY[r.fam];
      if (f === undefined) {
        f = families.length;
        REL_FAMILY[r.fam || "other"] = f;
        families.push({ k: r.fam || "other", col: r.col || "#9aa6b5" });
        members.push([]);
      }
      members[f].push(k);
    });
    families.forEach(function (fam, f) {
      var rels = members[f];
      if (!rels.length) { return; }
      var li = h("li", "kg-fam"), label = h("label"), box = h("input");
      var on = rels.filter(function (k) { return state.relOn[k]; }).length;
      box.type = "checkbox"; box.checked = on === rels.length; box.indeterminate = on > 0 && on < rels.length;
      box.setAttribute("data-family", fam.k);
      box.addEventListener("change", function () {
        rels.forEach(function (k) { state.relOn[k] = box.checked; });
        buildRelationFilters();
        refresh();
      });
      label.appendChild(box);
      label.appendChild(lineSwatch(fam.col));
      label.appendChild(h("span", null, famLabel(fam.k)));
      label.appendChild(h("span", "kg-count", rels.reduce(function (sum, k) { return sum + DATA.rels[k].n; }, 0)));
      li.appendChild(label);
      var ul = h("ul", "kg-filter kg-fam-rels");
      rels.forEach(function (k) {
        var r = DATA.rels[k], rli = h("li"), rlabel = h("label"), rbox = h("input");
        rbox.type = "checkbox"; rbox.checked = state.relOn[k]; rbox.setAttribute("data-rel", r.k);
        rbox.addEventListener("change", function () {
          state.relOn[k] = rbox.checked;
          buildRelationFilters();
          refresh();
        });
        rlabel.appendChild(rbox);
        rlabel.appendChild(h("span", null, relLabel(k)));
        rlabel.appendChild(h("span", "kg-count", r.n));
        rli.appendChild(rlabel);
        ul.appendChild(rli);
      });
      li.appendChild(ul);
      rl.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ tooltip

  var tip = byId("kg-tip");
  function showTip(content, pointer) {
    clear(tip);
    tip.appendChild(content);
    tip.hidden = false;
    var wrap = byId("kg-graph-wrap");
    var x = pointer.x + 14, y = pointer.y + 14;
    var maxX = wrap.clientWidth - tip.offsetWidth - 6, maxY = wrap.clientHeight - tip.offsetHeight - 6;
    tip.style.left = Math.max(4, Math.min(x, maxX)) + "px";
    tip.style.top = Math.max(4, Math.min(y, maxY)) + "px";
  }
  function hideTip() { tip.hidden = true; clear(tip); }

  function evidenceQuote(ev) {
    var q = h("blockquote", "kg-quote");
    if (ev.pre) { q.appendChild(h("span", "kg-ctx", "…" + ev.pre)); }
    q.appendChild(h("mark", null, ev.q));
    if (ev.suf) { q.appendChild(h("span", "kg-ctx", ev.suf + "…")); }
    return q;
  }

  function evidenceMeta(ev) {
    var parts = [];
    if (ev.src !== undefined && DATA.sources[ev.src]) { parts.push(tr("source") + ": " + DATA.sources[ev.src].t); }
    if (ev.s !== undefined) { parts.push(tr("offsets") + ": " + ev.s + "–" + ev.e); }
    return h("div", "kg-meta", parts.join(" · "));
  }

  function edgeTip(j) {
    var e = EDGES[j], box = h("div");
    box.appendChild(h("div", "kg-rel", nodeLabel(e.f) + " → " + relLabel(e.r) + " → " + nodeLabel(e.t)));
    var shown = 0, total = 0;
    (e.st || []).forEach(function (st) {
      (st.ev || []).forEach(function (ev) {
        total++;
        if (shown >= 1 || ev.q === undefined) { return; }
        shown++;
        var copy = { q: ev.q.length > 220 ? ev.q.slice(0, 220) + "…" : ev.q };
        box.appendChild(evidenceQuote(copy));
        box.appendChild(evidenceMeta(ev));
      });
    });
    if (!total) { box.appendChild(h("div", "kg-none", tr("noEvidence"))); }
    else if (total > shown) { box.appendChild(h("div", "kg-meta", "+" + (total - shown))); }
    return box;
  }

  function nodeTip(id) {
    var box = h("div");
    if (id === GROUP) {
      box.appendChild(h("div", "kg-rel", groupLabel()));
      var names = isolates.filter(entityShown).slice(0, 12).map(nodeLabel);
      box.appendChild(h("div", "kg-meta", names.join(" · ") + (isolates.length > 12 ? " …" : "")));
      return box;
    }
    if (typeof id === "string") {
      var k = +id.slice(1);
      box.appendChild(h("div", "kg-rel", figureLabel(k)));
      box.appendChild(h("div", "kg-meta", tr("figureOf") + ": " + nodeLabel(FIGS[k].o)));
      return box;
    }
    box.appendChild(h("div", "kg-rel", nodeLabel(id)));
    box.appendChild(h("div", "kg-meta", classLabel(NODES[id].c)));
    return box;
  }

  // The edge under the pointer shows its label at any zoom, at 12 px on screen.
  var hoverLabelled = null;
  function labelHovered(j) {
    unlabelHovered();
    hoverLabelled = j;
    var size = Math.max(EDGE_FONT, EDGE_FONT / network.getScale());
    edges.update({ id: j, label: relLabel(EDGES[j].r), font: { size: size },
      scaling: { label: { drawThreshold: 1 } } });
  }
  function unlabelHovered() {
    if (hoverLabelled === null) { return; }
    var j = hoverLabelled;
    hoverLabelled = null;
    var item = { id: j, font: { size: EDGE_FONT }, scaling: { label: { drawThreshold: EDGE_THRESHOLD } } };
    if (LAZY && !labelledEdges.has(j)) { item.label = undefined; }
    edges.update(item);
  }
  network.on("hoverEdge", function (p) {
    if (typeof p.edge === "number") { labelHovered(p.edge); showTip(edgeTip(p.edge), p.pointer.DOM); }
  });
  network.on("blurEdge", function () { unlabelHovered(); hideTip(); });
  // leaving the canvas blurs nothing in vis: drop the hover label and tooltip here
  container.addEventListener("mouseleave", function () { unlabelHovered(); hideTip(); });
  network.on("hoverNode", function (p) { showTip(nodeTip(p.node), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ------------------------------------------------------------------ panel

  var panel = byId("kg-panel"), panelBody = byId("kg-panel-body");

  // Opening the panel narrows the canvas.  vis would shrink the drawing with it (and with a
  // small enough scale, stop drawing labels): refit to the narrower canvas instead, never
  // below the scale the reader had, centred on what was chosen when that is needed.
  function openPanel(around) {
    if (!panel.hidden) { return; }
    var before = network.getScale(), centre = network.getViewPosition();
    panel.hidden = false;
    network.setSize();   // resize the canvas now, not on the next frame
    network.fit({ animation: false });
    if (network.getScale() < before) {
      var keep = around !== undefined && around !== null ? network.getPositions([around])[around] : null;
      network.moveTo({ position: keep || centre, scale: before, animation: false });
    }
    labelSoon();
  }

  function closePanel() {
    panel.hidden = true;
    state.panel = null;
    clear(panelBody);
    network.unselectAll();
    network.setSize();
  }
  byId("kg-panel-close").addEventListener("click", closePanel);

  function entityLink(i) {
    var b = h("button", "kg-link", nodeLabel(i));
    b.type = "button";
    b.addEventListener("click", function () { focusNode(i); });
    return b;
  }

  function refLink(ref) {
    if (!ref) { return h("span", null, ""); }
    if (ref.n !== undefined) { return entityLink(ref.n); }
    var s = h("span", null, pick(ref.l, state.lang));
    s.title = tr("notInView");
    return s;
  }

  function renderStatements(list, into) {
    if (!list || !list.length) { into.appendChild(h("div", "kg-none", tr("noEvidence"))); return; }
    list.forEach(function (st) {
      var any = false;
      (st.ev || []).forEach(function (ev) {
        if (ev.q !== undefined) { into.appendChild(evidenceQuote(ev)); any = true; }
        into.appendChild(evidenceMeta(ev));
      });
      if (!any) { into.appendChild(h("div", "kg-none", tr("noEvidence"))); }
      if (st.by && st.by.length) {
        var line = h("div", "kg-meta", tr("claimedBy") + ": ");
        st.by.forEach(function (ref, k) {
          if (k) { line.appendChild(document.createTextNode(", ")); }
          line.appendChild(refLink(ref));
        });
        into.appendChild(line);
      }
      if (st.note) { into.appendChild(h("div", "kg-meta", tr("note") + ": " + st.note)); }
      into.appendChild(h("div", "kg-meta", tr("statementId") + ": " + st.k));
    });
  }

  function metricName(f) {
    if (!f.m) { return ""; }
    if (f.m.n !== undefined) { return nodeLabel(f.m.n); }
    return pick(f.m.l, state.lang);
  }

  function valueText(f) {
    var q = f.q ? pick(f.q, state.lang) + " " : "";
    if (f.v !== undefined) { return q + f.v; }
    if (f.vmin !== undefined || f.vmax !== undefined) {
      return q + (f.vmin !== undefined ? f.vmin : "") + "–" + (f.vmax !== undefined ? f.vmax : "");
    }
    return q;
  }

  function changeText(c) {
    if (!c) { return ""; }
    var parts = [];
    if (c.d) { parts.push(pick(c.d, state.lang)); }
    if (c.q) { parts.push(pick(c.q, state.lang)); }
    if (c.v !== undefined) { parts.push(String(c.v) + (c.u || "")); }
    if (c.b) { parts.push("(" + pick(c.b, state.lang) + ")"); }
    if (c.since) { parts.push("(" + tr("since") + " " + pick(c.since, state.lang) + ")"); }
    return parts.join(" ");
  }

  function figureTable(indices, into) {
    var table = h("table", "kg-table kg-figures"), head = h("tr"), cols = h("colgroup");
    ["metric", "value", "multiplier", "unit", "period", "change", "flags"].forEach(function (k) {
      cols.appendChild(h("col", "kg-c-" + k));
      head.appendChild(h("th", null, tr(k)));
    });
    table.appendChild(cols);
    table.appendChild(head);
    indices.forEach(function (k) {
      var f = FIGS[k], row = h("tr", "kg-fig-row");
      row.appendChild(h("td", null, metricName(f)));
      row.appendChild(h("td", null, valueText(f)));
      row.appendChild(h("td", null, f.mt || ""));
      row.appendChild(h("td", null, f.u || ""));
      row.appendChild(h("td", null, f.p ? pick(f.p, state.lang) : ""));
      row.appendChild(h("td", null, changeText(f.c)));
      var flags = h("td");
      (f.fl || []).forEach(function (flag) { flags.appendChild(h("span", "kg-flag", flag)); });
      row.appendChild(flags);
      table.appendChild(row);
      var evRow = h("tr", "kg-fig-ev"), evCell = h("td");
      evCell.colSpan = 7;
      renderStatements(f.st, evCell);
      evRow.appendChild(evCell);
      table.appendChild(evRow);
    });
    into.appendChild(table);
  }

  function showNode(i) {
    ensureAdjacency();
    state.panel = { kind: "node", id: i };
    state.selected = i;
    var n = NODES[i], c = DATA.classes[n.c];
    clear(panelBody);
    panelBody.appendChild(h("h3", null, nodeLabel(i)));
    var chip = h("span", "kg-chip");
    chip.appendChild(swatch(c.sh, c.col));
    chip.appendChild(h("span", null, classLabel(n.c)));
    panelBody.appendChild(chip);
    panelBody.appendChild(h("div", "kg-iri", n.i));

    panelBody.appendChild(h("h4", null, tr("labels")));
    var table = h("table", "kg-table kg-labels");
    LANGS.forEach(function (lang) {
      var row = h("tr");
      row.appendChild(h("th", null, LANG_NAMES[lang] || lang));
      row.appendChild(h("td", null, n.l[lang] || "—"));
      row.setAttribute("data-lang", lang);
      table.appendChild(row);
    });
    (n.ol || []).forEach(function (pair) {
      var row = h("tr");
      row.appendChild(h("th", null, pair[0]));
      row.appendChild(h("td", null, pair[1]));
      table.appendChild(row);
    });
    (n.p || []).forEach(function (pv) {
      var row = h("tr");
      row.appendChild(h("th", null, pick(DATA.props[pv[0]].l, state.lang)));
      row.appendChild(h("td", null, pv[1]));
      row.setAttribute("data-prop", DATA.props[pv[0]].k);
      table.appendChild(row);
    });
    if (n.a && n.a.length) {
      var row = h("tr");
      row.appendChild(h("th", null, tr("aliases")));
      row.appendChild(h("td", null, n.a.map(function (a) { return a[1] + (a[0] ? " (" + a[0] + ")" : ""); }).join("; ")));
      table.appendChild(row);
    }
    panelBody.appendChild(table);
    (n.d || []).forEach(function (note) { panelBody.appendChild(h("p", "kg-meta", note)); });

    var focusBtn = h("button", null, tr("focusBtn"));
    focusBtn.type = "button";
    focusBtn.addEventListener("click", function () { setFocus(i, hopsValue()); });
    panelBody.appendChild(focusBtn);

    if (n.f && n.f.length) {
      panelBody.appendChild(h("h4", null, tr("figureTable")));
      figureTable(n.f, panelBody);
    }

    var list = adjacency[i], outer = outerByNode[i] || [];
    panelBody.appendChild(h("h4", null, tr("statements") + " (" + (list.length + outer.length) + ")"));
    list.forEach(function (j) {
      var e = EDGES[j], box = h("div", "kg-stmt"), head = h("div", "kg-stmt-head");
      head.appendChild(e.f === i ? h("span", null, nodeLabel(i)) : entityLink(e.f));
      head.appendChild(h("span", "kg-rel", "→ " + relLabel(e.r) + " →"));
      head.appendChild(e.t === i ? h("span", null, nodeLabel(i)) : entityLink(e.t));
      box.appendChild(head);
      renderStatements(e.st, box);
      panelBody.appendChild(box);
    });
    outer.forEach(function (k) {
      var o = DATA.outer[k], box = h("div", "kg-stmt"), head = h("div", "kg-stmt-head");
      var other = h("span", null, pick(o.l, state.lang) + " (" + tr("notInView") + ")");
      head.appendChild(o.dir === "out" ? h("span", null, nodeLabel(i)) : other);
      head.appendChild(h("span", "kg-rel", "→ " + relLabel(o.r) + " →"));
      head.appendChild(o.dir === "out" ? other : h("span", null, nodeLabel(i)));
      box.appendChild(head);
      renderStatements(o.st, box);
      panelBody.appendChild(box);
    });
    openPanel(i);
  }

  function showEdge(j) {
    state.panel = { kind: "edge", id: j };
    var e = EDGES[j];
    clear(panelBody);
    panelBody.appendChild(h("h3", null, relLabel(e.r)));
    var head = h("div", "kg-stmt-head");
    head.appendChild(entityLink(e.f));
    head.appendChild(h("span", "kg-rel", "→ " + relLabel(e.r) + " →"));
    head.appendChild(entityLink(e.t));
    panelBody.appendChild(head);
    panelBody.appendChild(h("h4", null, tr("evidence")));
    var box = h("div", "kg-evidence");
    renderStatements(e.st, box);
    panelBody.appendChild(box);
    openPanel();
  }

  function showFigure(k) {
    state.panel = { kind: "figure", id: k };
    var f = FIGS[k];
    clear(panelBody);
    panelBody.appendChild(h("h3", null, figureLabel(k)));
    var line = h("div", "kg-meta", tr("figureOf") + ": ");
    line.appendChild(entityLink(f.o));
    panelBody.appendChild(line);
    figureTable([k], panelBody);
    openPanel();
  }

  function rerenderPanel() {
    if (!state.panel) { return; }
    if (state.panel.kind === "node") { showNode(state.panel.id); }
    else if (state.panel.kind === "edge") { showEdge(state.panel.id); }
    else { showFigure(state.panel.id); }
  }

  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) {
      var id = p.nodes[0];
      if (id === GROUP) { setFolded(false); }
      else if (typeof id === "string") { showFigure(+id.slice(1)); } else { showNode(id); }
    } else if (p.edges.length) {
      var eid = p.edges[0];
      if (typeof eid === "number") { showEdge(eid); }
      else { showFigure(+eid.slice(2)); }
    }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && typeof p.nodes[0] === "number") { setFocus(p.nodes[0], hopsValue()); }
  });

  // ------------------------------------------------------------------ focus

  function hopsValue() {
    var v = parseInt(byId("kg-hops").value, 10);
    return isNaN(v) || v < 0 ? 1 : Math.min(v, 9);
  }

  function setFocus(i, hops) {
    ensureAdjacency();
    if (state.folded && !linked[i]) { state.folded = false; }
    var seen = new Set([i]), frontier = [i];
    for (var d = 0; d < hops; d++) {
      var next = [];
      frontier.forEach(function (cur) {
        adjacency[cur].forEach(function (j) {
          var e = EDGES[j];
          if (!state.relOn[e.r]) { return; }
          var other = e.f === cur ? e.t : e.f;
          if (!seen.has(other)) { seen.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    state.focusSet = seen;
    state.focusCentre = i;
    state.focusHops = hops;
    state.classOn[NODES[i].c] = true;
    buildFilters();
    refresh();
    network.selectNodes([i]);
    showNode(i);
    network.fit({ nodes: Array.from(seen), animation: N <= 2000 ? { duration: 300 } : false });
    labelSoon();
  }

  function showAll() {
    state.focusSet = null;
    state.focusCentre = null;
    refresh();
    network.fit({ animation: false });
  }

  function focusNode(i) {
    if (state.folded && !linked[i]) { state.folded = false; buildFilters(); }
    if (!state.classOn[NODES[i].c]) { state.classOn[NODES[i].c] = true; buildFilters(); }
    if (state.focusSet && !state.focusSet.has(i)) { state.focusSet = null; state.focusCentre = null; }
    refresh();
    network.selectNodes([i]);
    showNode(i);   // first: opening the panel narrows the canvas
    var scale = Math.max(network.getScale(), big ? 1.0 : 0.9);
    network.focus(i, { scale: scale, animation: N <= 2000 ? { duration: 300 } : false });
    labelSoon();
  }

  // ------------------------------------------------------------------ search

  var FOLD = DATA.fold || {};
  function fold(text) {
    var out = "";
    var s = String(text).normalize("NFKC").toLowerCase();
    for (var ch of s) {
      if (/\s/.test(ch)) { continue; }
      out += Object.prototype.hasOwnProperty.call(FOLD, ch) ? FOLD[ch] : ch;
    }
    return out;
  }

  var searchIndex = null;
  function ensureSearchIndex() {
    if (searchIndex) { return; }
    searchIndex = NODES.map(function (n) {
      var texts = [n.k];
      Object.keys(n.l).forEach(function (k) { texts.push(n.l[k]); });
      (n.a || []).forEach(function (a) { texts.push(a[1]); });
      (n.ol || []).forEach(function (a) { texts.push(a[1]); });
      return texts.map(function (t) { return [fold(t), t]; });
    });
  }

  function search(query) {
    ensureSearchIndex();
    var q = fold(query);
    if (!q) { return []; }
    var hits = [];
    for (var i = 0; i < N; i++) {
      var best = 9, text = null;
      var entries = searchIndex[i];
      for (var k = 0; k < entries.length; k++) {
        var f = entries[k][0], pos = f.indexOf(q);
        if (pos < 0) { continue; }
        var score = f === q ? 0 : (pos === 0 ? 1 : 2);
        if (score < best) { best = score; text = entries[k][1]; }
      }
      if (best < 9) { hits.push({ i: i, score: best, text: text }); }
    }
    hits.sort(function (a, b) {
      return a.score - b.score || NODES[b.i].r - NODES[a.i].r || a.i - b.i;
    });
    return hits;
  }

  var input = byId("kg-search"), results = byId("kg-results");
  var active = 0, lastHits = [];

  function renderResults() {
    clear(results);
    var hits = lastHits.slice(0, 30);
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(h("li", "kg-none", tr("noMatch")));
    }
    hits.forEach(function (hit, k) {
      var li = h("li"), b = h("button");
      b.type = "button";
      if (k === active) { b.className = "kg-active"; }
      b.appendChild(swatch(DATA.classes[NODES[hit.i].c].sh, DATA.classes[NODES[hit.i].c].col));
      b.appendChild(h("span", null, nodeLabel(hit.i)));
      var sub = hit.text !== nodeLabel(hit.i) ? hit.text + " · " : "";
      b.appendChild(h("span", "kg-sub", sub + classLabel(NODES[hit.i].c)));
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      b.addEventListener("click", function () { choose(hit.i); });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = false;
  }

  function choose(i) {
    results.hidden = true;
    input.blur();
    focusNode(i);
  }

  input.addEventListener("input", function () {
    lastHits = search(input.value);
    active = 0;
    renderResults();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      var max = Math.min(lastHits.length, 30);
      if (!max) { return; }
      active = (active + (ev.key === "ArrowDown" ? 1 : max - 1)) % max;
      renderResults();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      lastHits = search(input.value);
      if (lastHits.length) { choose(lastHits[Math.min(active, lastHits.length - 1)].i); }
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) { renderResults(); } });

  // ------------------------------------------------------------------ language

  function applyTexts() {
    document.documentElement.lang = state.lang;
    byId("kg-title").textContent = DATA.title;
    input.placeholder = tr("search");
    input.setAttribute("aria-label", tr("search"));
    byId("kg-lang-label").textContent = tr("lang");
    byId("kg-figures-label").textContent = tr("figures");
    byId("kg-fit").textContent = tr("fit");
    byId("kg-classes-title").textContent = tr("classes");
    byId("kg-rels-title").textContent = tr("relations");
    byId("kg-focus-title").textContent = tr("focus");
    byId("kg-hops-label").textContent = tr("hops");
    byId("kg-focus-btn").textContent = tr("focusBtn");
    byId("kg-showall").textContent = tr("showAll");
    updateMessage();
    updateCounts();
    updateFocusState();
  }

  function setLang(lang) {
    if (LANGS.indexOf(lang) < 0) { return; }
    state.lang = lang;
    byId("kg-lang").value = lang;
    var upd = [];
    for (var i = 0; i < N; i++) {
      if (!LAZY || labelled.has(i)) { upd.push({ id: i, label: nodeLabel(i) }); }
    }
    FIGS.forEach(function (f, k) { upd.push({ id: figureId(k), label: figureLabel(k) }); });
    if (FOLDABLE) { upd.push({ id: GROUP, label: groupLabel() }); }
    nodes.update(upd);
    var eupd = [];
    for (var j = 0; j < EDGES.length; j++) {
      if (!LAZY || labelledEdges.has(j)) { eupd.push({ id: j, label: relLabel(EDGES[j].r) }); }
    }
    FIGS.forEach(function (f, k) {
      eupd.push({ id: "fe" + k, label: pick(DATA.hasFigureRel, lang) });
      if (f.m && f.m.n !== undefined) { eupd.push({ id: "fm" + k, label: pick(DATA.metricRel, lang) }); }
    });
    edges.update(eupd);
    buildFilters();
    applyTexts();
    rerenderPanel();
    if (!results.hidden) { renderResults(); }
  }

  var langSelect = byId("kg-lang");
  LANGS.forEach(function (lang) {
    var opt = h("option", null, LANG_NAMES[lang] || lang);
    opt.value = lang;
    langSelect.appendChild(opt);
  });
  langSelect.value = state.lang;
  langSelect.addEventListener("change", function () { setLang(langSelect.value); });

  // ------------------------------------------------------------------ figures toggle, buttons

  function setFigures(on) {
    state.showFigs = !!on;
    byId("kg-figures").checked = state.showFigs;
    var legendBox = document.querySelector('input[data-class="Figure"]');
    if (legendBox) { legendBox.checked = state.showFigs; }
    if (state.showFigs && !big && ready) {
      // Start each observation node near its entity, then let physics spread the observation
      // nodes only (entities stay where they are) and freeze again.
      var pos = network.getPositions();
      var count = {}, upd = [];
      FIGS.forEach(function (f, k) {
        var p = pos[f.o];
        if (!p) { return; }
        var slot = count[f.o] = (count[f.o] || 0) + 1;
        var ang = -Math.PI / 2 + slot * 2.39996, r = 110 + 40 * Math.sqrt(slot);
        upd.push({ id: figureId(k), x: p.x + r * Math.cos(ang), y: p.y + r * Math.sin(ang) });
      });
      nodes.update(upd);
      refresh();
      var fixedIds = [];
      for (var i = 0; i < N; i++) { fixedIds.push({ id: i, fixed: true }); }
      nodes.update(fixedIds);
      network.setOptions({ physics: { enabled: true, stabilization: { fit: false } } });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        nodes.update(fixedIds.map(function (item) { return { id: item.id, fixed: false }; }));
      });
      network.stabilize(300);
      return;
    }
    refresh();
  }
  byId("kg-figures").addEventListener("change", function () { setFigures(byId("kg-figures").checked); });
  byId("kg-figures").parentNode.hidden = FIGS.length === 0;
  byId("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); labelSoon(); });
  byId("kg-hops").value = String(DATA.hops);
  byId("kg-focus-btn").addEventListener("click", function () {
    var sel = network.getSelectedNodes().filter(function (id) { return typeof id === "number"; });
    var i = sel.length ? sel[0] : state.selected;
    if (i === null || i === undefined) { byId("kg-focus-state").textContent = tr("selectFirst"); return; }
    setFocus(i, hopsValue());
  });
  byId("kg-showall").addEventListener("click", showAll);

  // ------------------------------------------------------------------ start

  buildFilters();
  applyTexts();
  if (DATA.focus !== null && DATA.focus !== undefined) {
    state.focusCentre = DATA.focus;
    state.focusHops = DATA.hops;
    updateFocusState();
    network.selectNodes([DATA.focus]);
    showNode(DATA.focus);
  }

  // graph.html#xu-li opens with that entity focused (links from the report, for instance)
  function focusFromHash() {
    var key = "";
    try { key = decodeURIComponent(location.hash.slice(1)); } catch (e) { key = ""; }
    if (key.indexOf("focus=") === 0) { key = key.slice(6); }  // the report links #focus=ID
    if (!key) { return; }
    var i = keyToIndex(key);
    if (i >= 0) { focusNode(i); }
  }
  window.addEventListener("hashchange", focusFromHash);

  function keyToIndex(key) {
    if (typeof key === "number") { return key; }
    for (var i = 0; i < N; i++) { if (NODES[i].k === key || NODES[i].i === key) { return i; } }
    return -1;
  }

  // A small API for tests and for the curious (read-only use of the data).
  window.kg = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    data: DATA, fold: fold,
    counts: function () { return { nodes: shownNodes(), edges: edgeView.length }; },
    setFolded: setFolded,
    folded: function () { return state.folded; },
    search: function (q) { return search(q).map(function (hit) { return NODES[hit.i].k; }); },
    focusNode: function (key) { var i = keyToIndex(key); if (i >= 0) { focusNode(i); } return i; },
    selectEdge: function (j) { network.selectEdges([j]); showEdge(j); },
    setLang: setLang,
    setFocus: function (key, hops) { var i = keyToIndex(key); if (i >= 0) { setFocus(i, hops); } return i; },
    showAll: showAll,
    setFigures: setFigures,
    nodeKey: function (i) { return NODES[i] ? NODES[i].k : null; },
    label: function (i) { return nodeLabel(i); },
    labelViewport: labelViewport

  };
})();
