/* animate.js: the replay page of `azalea animate` (docs/animate.md). Plain
 * JavaScript, no library: it decodes the recorded events, builds a
 * keyframe every K events so that a seek replays at most K of them, and
 * draws the state at the clock's time on the line diagram. */
(function () {
  'use strict';
  var errors = document.getElementById('errors');
  function fail(msg) {
    errors.hidden = false;
    errors.textContent += msg + '\n';
  }
  window.addEventListener('error', function (e) { fail('error: ' + e.message); });

  var t0 = performance.now();
  var M = JSON.parse(document.getElementById('az-meta').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var K = 2000; /* events between keyframes */
  var MACHINE = 0, PLACE = 1, ENTER = 2, LEAVE = 3, REWORK = 4, NTYPE = 5;
  var BUFFER = 0, CARTON = 2, STORE = 3, POOL = 4, BATCH = 5;

  /* ---- the events: varints, base64 ---- */
  var raw = atob(document.getElementById('az-events').textContent.trim());
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  var pos = 0;
  function vi() {
    var x = 0, mul = 1, b;
    do { b = bytes[pos++]; x += (b & 127) * mul; mul *= 128; } while (b & 128);
    return x;
  }
  var N = M.events;
  var T = new Float64Array(N), TY = new Uint8Array(N);
  var A = new Int32Array(N), B = new Int32Array(N), C = new Int32Array(N),
      D = new Int32Array(N);
  var ticks = 0;
  for (i = 0; i < N; i++) {
    var h = vi(), ty = h % NTYPE;
    ticks += (h - ty) / NTYPE;
    T[i] = M.from + ticks * M.tick;
    TY[i] = ty;
    A[i] = vi(); B[i] = vi();
    if (ty !== ENTER) C[i] = vi();
    if (ty === MACHINE || ty === PLACE || ty === REWORK) D[i] = vi();
  }

  /* ---- the model ---- */
  var stations = M.stations, products = M.products, places = M.places;
  var nrow = 0, rowStation = [], rowMachine = [], firstRow = [];
  stations.forEach(function (s, k) {
    firstRow.push(nrow);
    for (var m = 0; m < s.machines; m++) {
      rowStation.push(k); rowMachine.push(m); nrow++;
    }
  });
  var bufPlace = stations.map(function () { return -1; });
  places.forEach(function (p, k) { if (p[0] === BUFFER) bufPlace[p[1]] = k; });
  var stateNames = M.state_names, stateColour = M.state_colours;

  /* Dots by product, or by family when there are more products than
   * colours and fewer families. */
  var PALETTE = ['#1f77b4', '#d62728', '#9467bd', '#8c564b', '#e377c2',
                 '#17becf', '#bcbd22', '#ff7f0e', '#2ca02c', '#7f7f7f',
                 '#393b79', '#637939'];
  var families = [], byFamily = false;
  products.forEach(function (p) {
    if (p.family && families.indexOf(p.family) < 0) families.push(p.family);
  });
  if (products.length > PALETTE.length && families.length > 0 &&
      families.length <= PALETTE.length) byFamily = true;
  function productColour(p) {
    if (p < 0 || p >= products.length) return '#555';
    var k = byFamily ? families.indexOf(products[p].family) : p;
    return PALETTE[(k < 0 ? 0 : k) % PALETTE.length];
  }

  /* ---- the state and the events' effect on it ---- */
  function initialState() {
    var I = M.init, s = {
      i: 0, t: M.from,
      ms: new Uint8Array(nrow), mp: new Int32Array(nrow),
      mu: new Int32Array(nrow), pc: new Int32Array(places.length), pq: [],
      released: I.released, done: I.done, scrapped: I.scrapped,
      joined: I.joined
    };
    for (var r = 0; r < nrow; r++) {
      s.ms[r] = I.ms[r]; s.mp[r] = I.mp[r]; s.mu[r] = I.mu[r];
    }
    for (var p = 0; p < places.length; p++) {
      s.pc[p] = p < I.pc.length ? I.pc[p] : 0;
      var q = [], src = I.pq[p] || [], n = src.length / 2;
      for (var k = 0; k < n; k++) q.push(src[k], src[n + k]);
      s.pq.push(q);
    }
    return s;
  }
  function copyState(s) {
    return {
      i: s.i, t: s.t, ms: s.ms.slice(), mp: s.mp.slice(), mu: s.mu.slice(),
      pc: s.pc.slice(), pq: s.pq.map(function (q) { return q.slice(); }),
      released: s.released, done: s.done, scrapped: s.scrapped,
      joined: s.joined
    };
  }

  var uloc = new Map(); /* unit -> the element it was last seen at */
  function apply(s, i, live) {
    switch (TY[i]) {
    case MACHINE:
      s.ms[A[i]] = B[i]; s.mp[A[i]] = C[i]; s.mu[A[i]] = D[i];
      if (live && D[i]) move(D[i], stationNode(rowStation[A[i]]), C[i] - 1);
      break;
    case PLACE:
      var p = A[i], old = s.pc[p], delta = B[i] - old;
      s.pc[p] = B[i];
      if (places[p][0] === BUFFER) {
        var q = s.pq[p];
        for (var k = 0; k < delta; k++) q.push(k ? 0 : D[i], k ? 0 : C[i]);
        for (k = 0; k > delta && q.length; k--) {
          var at = 0;
          if (!k && D[i]) {
            while (at < q.length && q[at] !== D[i]) at += 2;
            if (at >= q.length) at = 0;
          }
          q.splice(at, 2);
        }
        if (live && delta > 0 && D[i]) move(D[i], bufferNode(places[p][1]), C[i] - 1);
      }
      break;
    case ENTER:
      s.released++;
      if (live) uloc.set(B[i], sourceNode);
      break;
    case LEAVE:
      if (C[i] === 0) s.done++;
      else if (C[i] === 1) s.scrapped++;
      else s.joined++;
      if (live && C[i] < 2) move(B[i], C[i] === 0 ? exitNode : scrapNode, A[i]);
      uloc.delete(B[i]);
      break;
    case REWORK:
      if (live) move(D[i], stationNode(B[i]), C[i]);
      break;
    }
    s.i = i + 1;
  }

  /* Keyframes, and each machine's changes for its history. */
  var S = initialState(), keys = [copyState(S)];
  var hist = [];
  for (var r0 = 0; r0 < nrow; r0++) hist.push([]);
  var maxCount = new Int32Array(places.length);
  for (i = 0; i < N; i++) {
    apply(S, i, false);
    if (TY[i] === MACHINE) hist[A[i]].push(i);
    if (TY[i] === PLACE && B[i] > maxCount[A[i]]) maxCount[A[i]] = B[i];
    if ((i + 1) % K === 0) keys.push(copyState(S));
  }
  S = copyState(keys[0]);
  for (var p0 = 0; p0 < places.length; p0++)
    maxCount[p0] = Math.max(maxCount[p0], S.pc[p0]);

  /* Events at or before t: the index of the first event after t. */
  function after(t) {
    var lo = 0, hi = N;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (T[mid] <= t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function seek(t) {
    t = Math.max(M.from, Math.min(M.to, t));
    var n = after(t);
    if (!(S.i <= n && n - S.i < K)) {
      var k = Math.floor(n / K);
      S = copyState(keys[k]);
    }
    while (S.i < n) apply(S, S.i, false);
    S.t = t;
    clearDots();
  }

  /* ---- the diagram ---- */
  var svg = document.querySelector('#diagram svg');
  var graph = svg.querySelector('g.graph') || svg;
  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function centre(node) {
    if (!node) return null;
    var b = node.getBBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2, node: node };
  }
  var sourceNode = centre(svg.querySelector('g.node.release'));
  var exitNode = centre(document.getElementById('exit'));
  var scrapNode = centre(document.getElementById('scrap'));
  var stNodes = [], bufNodes = [];
  var cells = [], shapes = [], badges = [], extras = [];
  var overlay = el('g', { 'class': 'az-overlay' });
  stations.forEach(function (s, k) {
    var g = document.getElementById('st-' + s.name);
    stNodes.push(centre(g));
    var bn = document.getElementById('buf-' + s.name);
    bufNodes.push(bn ? centre(bn) : null);
    var row = [];
    if (g) {
      g.setAttribute('data-station', s.name);
      var bb = g.getBBox(), n = s.machines;
      var w = Math.max(3, Math.min(14, (bb.width - 2) / n - 2));
      var x0 = bb.x + bb.width / 2 - (n * (w + 2) - 2) / 2;
      for (var m = 0; m < n; m++) {
        row.push(el('rect', {
          x: x0 + m * (w + 2), y: bb.y + bb.height + 2, width: w, height: 8,
          stroke: '#37474f', 'stroke-width': 0.5,
          'data-machine': s.name + '/m' + (m + 1), 'data-state': ''
        }, overlay));
      }
      shapes.push(g.querySelector('polygon, path, ellipse'));
      extras.push(el('text', { x: bb.x + bb.width / 2, y: bb.y + bb.height + 19,
                               'text-anchor': 'middle', 'class': 'az-label' },
                     overlay));
    } else {
      shapes.push(null);
      extras.push(null);
    }
    cells.push(row);
    /* the buffer: a fill bar and a count on its node, else a badge */
    var b = { station: s.name, cap: s.buffer };
    if (bn) {
      var bb2 = bn.getBBox();
      b.g = bn;
      b.bar = el('rect', { x: bb2.x + 1, width: bb2.width - 2, y: bb2.y + bb2.height - 1,
                           height: 0, fill: '#42a5f5', 'fill-opacity': 0.55 }, bn);
      b.full = bb2.height - 2; b.bottom = bb2.y + bb2.height - 1;
      b.text = bn.querySelector('text');
    } else if (g) {
      var bb3 = g.getBBox();
      b.g = el('g', { 'class': 'az-queue' }, overlay);
      b.text = el('text', { x: bb3.x, y: bb3.y - 3, 'class': 'az-count' }, b.g);
    }
    if (b.g) {
      b.g.setAttribute('data-buffer', s.name);
      b.g.setAttribute('data-count', '');
    }
    badges.push(b);
  });
  var dotLayer = el('g', { 'class': 'az-dots' }, overlay);
  graph.appendChild(overlay);
  /* room for what the page adds around dot's drawing: queue counts above
   * the top row, machine cells and labels under the bottom one */
  (function () {
    var vb = (svg.getAttribute('viewBox') || '').split(/[ ,]+/).map(Number);
    if (vb.length !== 4 || vb.some(isNaN)) return;
    var top = 16, bottom = 26;
    svg.setAttribute('viewBox', [vb[0], vb[1] - top, vb[2],
                                 vb[3] + top + bottom].join(' '));
    var h = parseFloat(svg.getAttribute('height'));
    if (h > 0) svg.setAttribute('height', (h * (vb[3] + top + bottom) / vb[3]) + 'pt');
  })();
  function stationNode(k) { return stNodes[k]; }
  function bufferNode(k) { return bufNodes[k] || stNodes[k]; }

  /* Units moving: a dot from where a unit was last seen to where it is. */
  var dots = [], MAXDOTS = 150, DOTMS = 500;
  function move(unit, to, product) {
    var from = uloc.get(unit);
    uloc.set(unit, to);
    if (!from || !to || from === to || dots.length >= MAXDOTS) return;
    var c = el('circle', { r: 4, cx: from.x, cy: from.y,
                           fill: productColour(product), stroke: '#fff',
                           'stroke-width': 0.8 }, dotLayer);
    dots.push({ c: c, a: from, b: to, start: performance.now() });
  }
  function drawDots(now) {
    for (var k = dots.length - 1; k >= 0; k--) {
      var d = dots[k], f = (now - d.start) / DOTMS;
      if (f >= 1) { d.c.remove(); dots.splice(k, 1); continue; }
      d.c.setAttribute('cx', d.a.x + (d.b.x - d.a.x) * f);
      d.c.setAttribute('cy', d.a.y + (d.b.y - d.a.y) * f);
    }
  }
  function clearDots() {
    dots.forEach(function (d) { d.c.remove(); });
    dots = [];
    uloc.clear();
  }

  /* ---- drawing the state ---- */
  var PRIORITY = [4, 7, 3, 1, 5, 2, 0, 6]; /* failed first, off shift last */
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  var WD = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  function when(t, seconds) {
    /* the plant's clock: the model's start date if it has one, else
     * "day N" from time 0, a Monday */
    var sec = t * M.unit_s + (M.start !== undefined ? M.start : 0);
    var day = Math.floor(sec / 86400), rest = sec - day * 86400;
    var clock = pad(Math.floor(rest / 3600)) + ':' +
                pad(Math.floor(rest / 60) % 60) +
                (seconds ? ':' + pad(Math.floor(rest) % 60) : '');
    if (M.start === undefined)
      return 'day ' + day + ' (' + WD[day % 7] + ') ' + clock;
    var d = new Date(day * 86400000);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' +
           pad(d.getUTCDate()) + ' ' + WD[(d.getUTCDay() + 6) % 7] + ' ' + clock;
  }
  function calendarAt(t) {
    var c = M.calendar, label = '';
    for (var k = 0; k + 1 < c.length && c[k] <= t; k += 2)
      label = M.calendar_labels[c[k + 1]];
    return label;
  }
  var clockEl = document.getElementById('clock');
  var countersEl = document.getElementById('counters');
  var poolsEl = document.getElementById('pools');
  var panelEl = document.getElementById('panel');
  var seekEl = document.getElementById('seek');
  var SEEKMAX = 10000;
  seekEl.max = SEEKMAX;

  function setAttr(e, name, v) {
    v = String(v);
    if (e.getAttribute(name) !== v) e.setAttribute(name, v);
  }
  function setText(e, v) { if (e.textContent !== v) e.textContent = v; }

  function render() {
    var s = S;
    stations.forEach(function (st, k) {
      var counts = new Int32Array(stateColour.length), row = cells[k];
      for (var m = 0; m < row.length; m++) {
        var ms = s.ms[firstRow[k] + m];
        counts[ms]++;
        setAttr(row[m], 'fill', stateColour[ms][0]);
        setAttr(row[m], 'data-state', stateNames[ms]);
      }
      var best = -1;
      PRIORITY.forEach(function (x) {
        if (best < 0 || counts[x] > counts[best]) best = x;
      });
      if (shapes[k]) {
        setAttr(shapes[k], 'fill', stateColour[best][0]);
        setAttr(shapes[k], 'fill-opacity', 0.35);
      }
      var b = badges[k], p = bufPlace[k], n = p < 0 ? 0 : s.pc[p];
      if (b.g) setAttr(b.g, 'data-count', n);
      if (b.bar) {
        var cap = b.cap > 0 ? b.cap : Math.max(10, p < 0 ? 0 : maxCount[p]);
        var hgt = b.full * Math.min(1, n / cap);
        setAttr(b.bar, 'height', hgt.toFixed(1));
        setAttr(b.bar, 'y', (b.bottom - hgt).toFixed(1));
        setText(b.text, n + (b.cap > 0 ? ' / ' + b.cap : ''));
      } else if (b.text) {
        setText(b.text, n ? 'queue ' + n : '');
      }
    });
    /* batches, cartons and stores under their station */
    var lines = stations.map(function () { return []; });
    places.forEach(function (pl, p) {
      var k = pl[1], what = '';
      if (pl[0] === CARTON)
        what = 'carton ' + (products[pl[2]] ? products[pl[2]].name : '') + ' ' +
               s.pc[p] + '/' + stations[k].carton;
      else if (pl[0] === BATCH) /* the load while the machine holds it */
        what = s.mp[firstRow[k] + pl[2]] === 0 ? '' :
               'batch m' + (pl[2] + 1) + ': ' + s.pc[p];
      else if (pl[0] === STORE)
        what = 'store ' + (products[pl[2]] ? products[pl[2]].name : '') + ': ' + s.pc[p];
      if (what && k < lines.length && s.pc[p]) lines[k].push(what);
    });
    lines.forEach(function (l, k) {
      if (extras[k]) setText(extras[k], l.slice(0, 2).join(' · '));
    });
    var wip = s.released - s.done - s.scrapped - s.joined;
    clockEl.setAttribute('data-t', s.t);
    clockEl.innerHTML = when(s.t, true) + '<span class="cal">' +
                        calendarAt(s.t) + '</span>';
    countersEl.innerHTML = '<h2>Since the run\'s start</h2><table>' +
      '<tr><td>units out</td><td class="n" id="c-out">' + s.done + '</td></tr>' +
      '<tr><td>work in process</td><td class="n" id="c-wip">' + wip + '</td></tr>' +
      '<tr><td>scrapped</td><td class="n" id="c-scrap">' + s.scrapped + '</td></tr>' +
      '<tr><td>released</td><td class="n">' + s.released + '</td></tr></table>';
    var ph = '';
    places.forEach(function (pl, p) {
      if (pl[0] === POOL && M.pools[pl[1]])
        ph += '<tr><td>' + esc(M.pools[pl[1]].name) + '</td><td class="n">' +
              s.pc[p] + ' / ' + M.pools[pl[1]].size + ' at work</td></tr>';
    });
    poolsEl.innerHTML = ph ? '<h2>People</h2><table>' + ph + '</table>' : '';
    seekEl.value = Math.round((s.t - M.from) / (M.to - M.from) * SEEKMAX);
    if (!panelEl.hidden) drawPanel();
  }
  function esc(x) {
    return String(x).replace(/&/g, '&amp;').replace(/</g, '&lt;')
                    .replace(/>/g, '&gt;');
  }

  /* ---- a station's queue and state history ---- */
  var panelStation = -1;
  function openPanel(k) { panelStation = k; panelEl.hidden = false; drawPanel(); }
  function drawPanel() {
    var k = panelStation, st = stations[k], s = S;
    if (!st) return;
    var h = '<button class="close" type="button" aria-label="close">×</button>' +
            '<h2>' + esc(st.name) + '</h2><table>';
    var W = 280, span = M.to - M.from, strips = '';
    for (var m = 0; m < st.machines; m++) {
      var row = firstRow[k] + m, ms = s.ms[row];
      var idx = hist[row], lo = 0, hi = idx.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (idx[mid] < s.i) lo = mid + 1; else hi = mid; }
      var since = lo ? T[idx[lo - 1]] : M.from;
      h += '<tr><td><span class="sw" style="background:' + stateColour[ms][0] +
           '"></span>m' + (m + 1) + ' ' + stateColour[ms][1] + '</td><td>' +
           (s.mu[row] ? esc(products[s.mp[row] - 1].name) + ' #' + s.mu[row] : '') +
           '</td><td class="n">since ' + when(since, true).slice(-8) + '</td></tr>';
      /* the strip: the window so far, one rectangle per state; spells
       * under half a pixel go to the next one (a month has thousands a
       * pixel, and a rectangle each froze the page) */
      var y = m * 10, x = 0, st0 = M.init.ms[row], rects = '';
      for (var j = 0; j <= lo; j++) {
        var tEnd = j < lo ? T[idx[j]] : s.t;
        var x1 = (tEnd - M.from) / span * W;
        if (j < lo && x1 - x < 0.5) { st0 = B[idx[j]]; continue; }
        if (x1 > x) rects += '<rect x="' + x.toFixed(1) + '" y="' + y + '" width="' +
                             (x1 - x).toFixed(1) + '" height="9" fill="' +
                             stateColour[st0][0] + '"/>';
        if (j < lo) { st0 = B[idx[j]]; x = x1; }
      }
      strips += rects;
    }
    h += '</table><h2>State history</h2><svg width="' + W + '" height="' +
         st.machines * 10 + '">' + strips + '</svg>';
    var p = bufPlace[k], q = p < 0 ? [] : s.pq[p];
    h += '<h2>Queue: ' + (p < 0 ? 0 : s.pc[p]) +
         (st.buffer >= 0 ? ' / ' + st.buffer : '') + '</h2><ol>';
    for (var u = 0; u < q.length && u < 80; u += 2)
      h += '<li>' + (q[u + 1] ? esc(products[q[u + 1] - 1].name) : 'unit') +
           (q[u] ? ' #' + q[u] : '') + '</li>';
    panelEl.innerHTML = h + '</ol>';
    panelEl.setAttribute('data-station', st.name);
  }
  panelEl.addEventListener('click', function (e) {
    if (e.target.classList.contains('close')) { panelEl.hidden = true; panelStation = -1; }
  });
  stations.forEach(function (s, k) {
    [stNodes[k], bufNodes[k]].forEach(function (n) {
      if (n) n.node.addEventListener('click', function () { openPanel(k); render(); });
    });
  });

  /* ---- the legend ---- */
  var lg = '<h2>Machine states</h2>';
  for (var k0 = 0; k0 < stateColour.length; k0++)
    lg += '<span class="item"><span class="sw" style="background:' +
          stateColour[k0][0] + '"></span>' + stateColour[k0][1] + '</span>';
  lg += '<h2>Units, by ' + (byFamily ? 'family' : 'product') + '</h2>';
  (byFamily ? families : products.map(function (p) { return p.name; }))
    .forEach(function (name, k) {
      lg += '<span class="item"><span class="dot" style="background:' +
            PALETTE[k % PALETTE.length] + '"></span>' + esc(name) + '</span>';
    });
  document.getElementById('legend').innerHTML = lg +
    '<p>Replication ' + M.rep + ', seed ' + M.seed + '; ' + N + ' events. ' +
    'Click a station for its queue and history.</p>';

  /* ---- playing ---- */
  var playing = false, speed = 100, last = 0;
  var playEl = document.getElementById('play'), speedEl = document.getElementById('speed');
  var speedX = document.getElementById('speed-x');
  function setSpeed(x) {
    speed = Math.max(1, Math.min(10000, x));
    speedEl.value = Math.log10(speed);
    speedX.textContent = '×' + (speed < 10 ? speed.toFixed(1) : Math.round(speed));
  }
  function setPlaying(on) {
    playing = on;
    if (on && S.t >= M.to) seek(M.from);
    last = performance.now();
    playEl.textContent = on ? 'Pause' : 'Play';
    document.body.setAttribute('data-playing', on ? '1' : '0');
  }
  function frame() {
    var now = performance.now();
    if (playing) {
      var t = S.t + (now - last) / 1000 * speed / M.unit_s;
      last = now;
      if (t >= M.to) { t = M.to; setPlaying(false); }
      var n = after(t);
      if (n - S.i > 400) { while (S.i < n - 200) apply(S, S.i, false); }
      while (S.i < n) apply(S, S.i, true);
      S.t = t;
      render();
    }
    drawDots(now);
  }
  setInterval(frame, 33);
  playEl.addEventListener('click', function () { setPlaying(!playing); });
  speedEl.addEventListener('input', function () { setSpeed(Math.pow(10, +speedEl.value)); });
  seekEl.addEventListener('input', function () {
    seek(M.from + seekEl.value / SEEKMAX * (M.to - M.from));
    render();
  });
  function step() {
    setPlaying(false);
    var n = after(S.t);
    if (n >= N) return;
    var t = T[n], e = after(t);
    while (S.i < e) apply(S, S.i, true);
    S.t = t;
    render();
  }
  document.getElementById('step').addEventListener('click', step);
  /* Zoom: the diagram fitted to the page's width (a long line's labels
   * get small), or at its own size, scrolled sideways. */
  var zoomEl = document.getElementById('zoom');
  var natural = parseFloat(svg.getAttribute('width')) * 4 / 3; /* pt to px */
  zoomEl.addEventListener('click', function () {
    var full = zoomEl.getAttribute('aria-pressed') !== 'true';
    zoomEl.setAttribute('aria-pressed', full ? 'true' : 'false');
    zoomEl.textContent = full ? 'Fit width' : 'Full size';
    svg.style.width = full && natural > 0 ? natural + 'px' : '';
    svg.style.maxWidth = full ? 'none' : '';
    svg.style.maxHeight = full ? 'none' : '';
  });
  document.addEventListener('keydown', function (e) {
    if (e.target.tagName === 'INPUT') return;
    if (e.key === ' ') { e.preventDefault(); setPlaying(!playing); }
    else if (e.key === 'ArrowRight') step();
  });

  /* ---- the URL's hash: #t=T&speed=X&play=2s&station=NAME&probe=T,T ---- */
  var hash = {};
  location.hash.slice(1).split('&').forEach(function (kv) {
    var k = kv.indexOf('=');
    if (k <= 0) return;
    try { hash[kv.slice(0, k)] = decodeURIComponent(kv.slice(k + 1)); }
    catch (e) { /* a bad escape in a hand-made link: ignored */ }
  });
  /* a number, or the default: a link must not put NaN on the clock */
  function num(x, dflt) { var v = parseFloat(x); return isFinite(v) ? v : dflt; }
  setSpeed(num(hash.speed, 100));
  if (hash.zoom === 'full') zoomEl.click();
  seek(num(hash.t, M.from));
  if (hash.station) {
    stations.forEach(function (s, k) { if (s.name === hash.station) openPanel(k); });
  }
  render();
  if (hash.probe) { /* the test's hook: what the page shows at each time */
    var out = hash.probe.split(',').map(function (x) {
      seek(+x);
      render();
      var r = { t: +x, machines: {}, buffers: {} };
      document.querySelectorAll('[data-machine]').forEach(function (e) {
        r.machines[e.getAttribute('data-machine')] = e.getAttribute('data-state');
      });
      document.querySelectorAll('[data-buffer]').forEach(function (e) {
        r.buffers[e.getAttribute('data-buffer')] = +e.getAttribute('data-count');
      });
      return r;
    });
    var pr = document.getElementById('probe');
    pr.textContent = JSON.stringify(out);
    seek(num(hash.t, M.from));
    render();
  }
  if (hash.play) {
    setPlaying(true);
    setTimeout(function () { setPlaying(false); document.body.setAttribute('data-played', '1'); },
               parseFloat(hash.play) * 1000);
  }
  document.body.setAttribute('data-ready-ms', Math.round(performance.now() - t0));
})();
