/* Almanac site search: no server, no framework. Loads <base>search-index.json on first use and searches it as
   you type. Ranking: title matches first, then headings, then tags/owner/summary, then body; every word of the
   query must match somewhere (AND); case and accents are ignored. Results are built with createElement and
   textContent only. The ranking part also runs under Node (module.exports) for Benchmarks/search.sh. */
(function () {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;

  /** Lowercase, accents removed: "Élan" -> "elan". */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").toLowerCase();
  }

  /** fold() with, for each folded UTF-16 unit, the index of the original unit it comes from (and one past). */
  function foldWithMap(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; ) {
      var code = text.codePointAt(i), width = code > 0xffff ? 2 : 1;
      var folded = fold(text.slice(i, i + width));
      for (var k = 0; k < folded.length; k++) map.push(i);
      out += folded;
      i += width;
    }
    map.push(text.length);
    return { text: out, map: map };
  }

  function isWordUnit(code) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127;
  }

  /** Turns the index JSON into search records. Body text is folded on first need, not here. */
  function prepare(data) {
    var f = {};
    data.fields.forEach(function (name, i) { f[name] = i; });
    return data.docs.map(function (d) {
      var kind = data.kinds[d[f.kind]] || ["", ""];
      var tags = d[f.tags], headings = d[f.headings];
      return {
        title: d[f.title], url: d[f.url], kind: kind[0], kindLabel: kind[1], owner: d[f.owner],
        tags: tags, summary: d[f.summary], headings: headings, body: d[f.body],
        t: fold(d[f.title]), h: fold(headings.join("\n")),
        m: fold(tags.join(" ") + "\n" + d[f.owner] + "\n" + d[f.summary]), b: null
      };
    });
  }

  function terms(query) {
    var seen = {};
    return fold(query).split(/\s+/).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  /** Weight of a match of `term` in `text`: twice `weight` when a match starts a word, a tenth of it when the
      term only occurs inside words (`keys` in `passkeys`), 0 when it does not occur. */
  function weigh(text, term, weight) {
    var at = text.indexOf(term);
    if (at < 0) return 0;
    for (var i = at; i >= 0; i = text.indexOf(term, i + 1)) {
      if (i === 0 || !isWordUnit(text.charCodeAt(i - 1))) return weight * 2;
    }
    return weight / 10;
  }

  /** The records matching every word of `query`, best first: { total, results: [{ doc, score }] }. */
  function search(records, query, limit) {
    var words = terms(query), hits = [];
    if (!words.length) return { total: 0, results: [], words: words };
    var whole = words.join(" ");
    for (var r = 0; r < records.length; r++) {
      var doc = records[r], score = 0;
      for (var w = 0; w < words.length; w++) {
        var term = words[w];
        // Title 1000, headings 100, tags/owner/summary 10, body 1: the best place the word matches counts.
        var s = Math.max(weigh(doc.t, term, 1000), weigh(doc.h, term, 100), weigh(doc.m, term, 10));
        if (s < 2) {
          if (doc.b === null) doc.b = fold(doc.body);
          s = Math.max(s, weigh(doc.b, term, 1));
        }
        if (!s) { score = 0; break; }
        score += s;
      }
      if (!score) continue;
      if (doc.t === whole) score += 100000;
      else if (doc.t.indexOf(whole) === 0) score += 50000;
      hits.push({ doc: doc, score: score, order: r });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || a.doc.title.length - b.doc.title.length || a.order - b.order;
    });
    return { total: hits.length, results: hits.slice(0, limit || 20), words: words };
  }

  /** [start, end) ranges of the original `text` where the words match, merged, in order. */
  function ranges(text, words) {
    var folded = foldWithMap(text), found = [];
    words.forEach(function (word) {
      for (var i = folded.text.indexOf(word); i >= 0; i = folded.text.indexOf(word, i + word.length)) {
        found.push([folded.map[i], folded.map[i + word.length]]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  /** A short text to show under the title, with the ranges to highlight in it. */
  function snippet(doc, words, width) {
    width = width || 160;
    var candidates = [doc.summary].concat(doc.headings, [doc.body]);
    for (var c = 0; c < candidates.length; c++) {
      var text = candidates[c];
      if (!text) continue;
      var found = ranges(text, words);
      if (!found.length) continue;
      var start = 0, end = text.length;
      if (text.length > width) {
        start = Math.max(0, found[0][0] - Math.floor(width / 3));
        end = Math.min(text.length, start + width);
        start = Math.max(0, end - width);
        if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < found[0][0]) start = space + 1; }
        if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > found[0][1]) end = back; }
      }
      return {
        text: (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""),
        ranges: found.filter(function (r) { return r[0] >= start && r[1] <= end; })
          .map(function (r) { var shift = start > 0 ? 1 - start : 0; return [r[0] + shift, r[1] + shift]; })
      };
    }
    var fallback = doc.summary || doc.body || "";
    return { text: fallback.length > width ? fallback.slice(0, width) + "…" : fallback, ranges: [] };
  }

  var api = { fold: fold, prepare: prepare, search: search, ranges: ranges, snippet: snippet, terms: terms };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- The search box -------------------------------------------------------------------------------------

  var box = document.querySelector(".site-search");
  if (!box || !window.fetch || !String.prototype.normalize) return;
  var input = box.querySelector(".site-search-input");
  var list = box.querySelector(".site-search-results");
  var status = box.querySelector("[role=status]");
  if (!input || !list || !status) return;
  var base = new URL(box.getAttribute("data-base") || "/", window.location.href);
  var records = null, loading = null, shown = [], active = -1, timer = 0;
  box.hidden = false;

  function load() {
    if (!loading) {
      status.textContent = "Loading the search index…";
      loading = fetch(new URL("search-index.json", base).href)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          records = prepare(data);
          status.textContent = "";
          if (input.value) run();
        })
        .catch(function () {
          status.textContent = "Search is not available: the index could not be loaded.";
          loading = null;
        });
    }
    return loading;
  }

  function append(parent, tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function highlighted(parent, text, found) {
    var at = 0;
    found.forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      append(parent, "mark", "", text.slice(r[0], r[1]));
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function setActive(index) {
    if (active >= 0 && list.children[active]) list.children[active].setAttribute("aria-selected", "false");
    active = index;
    if (active >= 0 && list.children[active]) {
      var option = list.children[active];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function run() {
    if (!records) return;
    var query = input.value.trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!query) { shown = []; status.textContent = ""; close(); return; }
    var found = search(records, query, 20);
    shown = found.results;
    shown.forEach(function (hit, i) {
      var doc = hit.doc;
      var item = append(list, "li", "search-result");
      item.id = "site-search-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = append(item, "a");
      link.href = new URL(doc.url, base).href;
      link.tabIndex = -1;
      append(link, "span", "badge search-kind badge-kind-" + doc.kind, doc.kindLabel);
      highlighted(append(link, "span", "search-title"), doc.title, ranges(doc.title, found.words));
      var cut = snippet(doc, found.words);
      if (cut.text) highlighted(append(link, "span", "search-snippet"), cut.text, cut.ranges);
    });
    if (!shown.length) append(list, "li", "search-empty", "No results").setAttribute("role", "presentation");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = found.total === 0 ? "No results"
      : found.total === 1 ? "1 result"
      : found.total > shown.length ? found.total + " results, showing the first " + shown.length
      : found.total + " results";
  }

  input.addEventListener("focus", function () {
    load();
    if (records && input.value.trim() && list.hidden) run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { if (records) run(); else load(); }, 80);
  });
  input.addEventListener("keydown", function (event) {
    var count = shown.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === "Enter") {
      var hit = shown[active >= 0 ? active : 0];
      if (hit && !list.hidden) {
        event.preventDefault();
        window.location.href = new URL(hit.doc.url, base).href;
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
      else if (input.value) { event.preventDefault(); input.value = ""; run(); }
      else input.blur();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target, tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) close();
  });
})();
