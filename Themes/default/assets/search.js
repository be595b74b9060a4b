/* Almanac site search: no server, no framework. The build writes a full-text index in pieces under search/ (see
   Sources/Site/Support/SearchIndex.swift): a small manifest, fetched when the page is idle (or the box gets the
   focus first); shards of the
   inverted index by the first characters of a term, fetched for the words of a query; and one fragment per
   document (title, URL, headings, section texts), fetched for the results shown. Every word of the query must
   match (AND); the word being typed also matches the terms it starts. Case and accents are ignored, exactly as
   the build folds them. Results link to the section that matched, with a snippet; they are built with
   createElement and textContent only. The search part also runs under Node (module.exports), for the tests and
   Benchmarks/search.sh. */
(function () {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;
  var TERM_LIMIT = 40;      // UTF-16 units a term keeps (SearchIndex.termLimit)
  var PREFIX_SHARDS = 4;    // the most shards a word being typed may fetch to match the terms it starts
  var PREFIX_FACTOR = 0.3;  // a term the word only starts counts for less, the less of it is typed

  /** Lowercase, accents removed, final sigma as sigma: "Élan" -> "elan" (SearchIndex.fold). */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").toLowerCase().replace(/\u03c2/g, "\u03c3");
  }

  function isWordUnit(code) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code > 127;
  }

  /** The folded words of `text`: runs of ASCII letters and digits and of anything beyond ASCII, each cut to
      TERM_LIMIT UTF-16 units (SearchIndex.words). */
  function words(text) {
    var folded = fold(text), out = [], word = "", units = 0;
    for (var i = 0; i < folded.length; ) {
      var code = folded.codePointAt(i), width = code > 0xffff ? 2 : 1;
      if (isWordUnit(code)) {
        if (units + width <= TERM_LIMIT) word += folded.slice(i, i + width);
        units += width;
      } else if (word || units) {
        out.push(word); word = ""; units = 0;
      }
      i += width;
    }
    if (word) out.push(word);
    return out;
  }

  /** The first `n` characters (code points) of a term: its shard key. */
  function head(term, n) {
    return Array.from(term).slice(0, n).join("");
  }

  /** The search over an index whose files `load(path)` gives (a promise of the parsed JSON). */
  function Index(load) {
    this.load = load;
    this.meta = null;
    this.shards = {};
    this.fragments = {};
  }

  /** Loads the manifest (once). */
  Index.prototype.ready = function () {
    var self = this;
    if (!this.loading) {
      this.loading = this.load("search/meta.json").then(function (meta) {
        self.meta = meta;
        self.keys = {};
        meta.shards.forEach(function (key, n) { self.keys[key] = n; });
        return meta;
      });
      this.loading.catch(function () { self.loading = null; });
    }
    return this.loading;
  };

  Index.prototype.file = function (cache, path) {
    if (!cache[path]) {
      cache[path] = this.load(path + "?v=" + this.meta.hash);
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  };

  /** The shard holding `term`: the longest key it starts with (of two characters or more, or the term itself). */
  Index.prototype.shardOf = function (term) {
    var chars = Array.from(term);
    for (var n = chars.length; n >= Math.min(2, chars.length); n--) {
      var key = chars.slice(0, n).join("");
      if (Object.prototype.hasOwnProperty.call(this.keys, key)) return this.keys[key];
    }
    return -1;
  };

  /** What to fetch for one word of the query: its shard, and with `prefix` the shards of the terms it starts
      (when there are few enough of them; else the word matches only itself). */
  Index.prototype.plan = function (word, prefix) {
    var shards = [], own = this.shardOf(word);
    if (own >= 0) shards.push(own);
    if (prefix && Array.from(word).length >= 2) {
      var more = [];
      for (var key in this.keys) {
        if (key.length > word.length && key.indexOf(word) === 0) more.push(this.keys[key]);
      }
      if (more.length + shards.length <= PREFIX_SHARDS) shards = shards.concat(more);
      else prefix = false;
    }
    return { word: word, prefix: prefix, shards: shards };
  };

  /** The documents holding the word of `plan`: a Map of document number -> [score, section]. */
  function postings(plan, shards) {
    var found = new Map();
    shards.forEach(function (shard) {
      var terms = plan.prefix ? Object.keys(shard) : Object.prototype.hasOwnProperty.call(shard, plan.word) ? [plan.word] : [];
      terms.forEach(function (term) {
        var exact = term === plan.word;
        if (!exact && term.indexOf(plan.word) !== 0) return;
        var list = shard[term], doc = 0, factor = exact ? 1 : PREFIX_FACTOR * plan.word.length / term.length;
        for (var i = 0; i < list.length; i += 3) {
          doc += list[i];
          var score = list[i + 1] * factor, known = found.get(doc);
          if (!known || known[0] < score) found.set(doc, [score, list[i + 2]]);
        }
      });
    });
    return found;
  }

  /** The query's words: unique, the last one marked as a prefix unless the query ends with a space. */
  function parse(query) {
    var list = words(query), seen = {}, out = [];
    list.forEach(function (w) { if (!seen[w]) { seen[w] = true; out.push(w); } });
    var typing = out.length > 0 && !/[\s]$/.test(query) && list[list.length - 1] === out[out.length - 1];
    return { words: out, prefixLast: typing };
  }

  /** The documents matching every word of `query`, best first: a promise of { total, words, prefixLast,
      results: [{ number, score, section, loaded }] }, at most `limit` results, each fetching its fragment:
      `loaded` is a promise of the result with its fragment as `doc`. */
  Index.prototype.search = function (query, limit) {
    var self = this;
    return this.ready().then(function () {
      var q = parse(query);
      if (!q.words.length) return { total: 0, words: [], prefixLast: false, results: [] };
      var plans = q.words.map(function (w, i) { return self.plan(w, q.prefixLast && i === q.words.length - 1); });
      q.prefixLast = plans[plans.length - 1].prefix;
      return Promise.all(plans.map(function (plan) {
        return Promise.all(plan.shards.map(function (n) { return self.file(self.shards, "search/index/" + n + ".json"); }))
          .then(function (shards) { return postings(plan, shards); });
      })).then(function (maps) {
        maps.sort(function (a, b) { return a.size - b.size; });
        var hits = [];
        maps[0].forEach(function (first, doc) {
          var score = first[0], best = first[1] > 0 ? first : null;
          for (var m = 1; m < maps.length; m++) {
            var other = maps[m].get(doc);
            if (!other) return;
            score += other[0];
            if (other[1] > 0 && (!best || other[0] > best[0])) best = other;
          }
          hits.push({ number: doc, score: score, section: best ? best[1] : 0 });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.number - b.number; });
        var shown = hits.slice(0, limit || 20);
        function fetch(hit) {
          return self.file(self.fragments, "search/doc/" + hit.number + ".json").then(function (doc) { hit.doc = doc; return hit; });
        }
        // The first results' fragments first, alone on the wire; the others once the first is in, so that they do
        // not queue in front of it (a browser opens six connections to a host).
        var first = shown.slice(0, 3).map(fetch);
        var rest = first.length ? first[0].catch(function () {}) : Promise.resolve();
        shown.forEach(function (hit, i) {
          hit.loaded = i < 3 ? first[i] : rest.then(function () { return fetch(hit); });
        });
        return { total: hits.length, words: q.words, prefixLast: q.prefixLast, results: shown };
      });
    });
  };

  /** search() with every result's fragment loaded (`doc`). */
  Index.prototype.find = function (query, limit) {
    return this.search(query, limit).then(function (found) {
      return Promise.all(found.results.map(function (hit) { return hit.loaded; })).then(function () { return found; });
    });
  };

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

  /** [start, end) ranges of the original `text` where the query's words occur as words (the last one, when it
      is being typed, at the start of a word), merged, in order. */
  function ranges(text, q) {
    var folded = foldWithMap(text), t = folded.text, found = [];
    q.words.forEach(function (word, w) {
      var prefix = q.prefixLast && w === q.words.length - 1;
      for (var i = t.indexOf(word); i >= 0; i = t.indexOf(word, i + 1)) {
        var end = i + word.length;
        if (i > 0 && isWordUnit(t.charCodeAt(i - 1))) continue;
        if (prefix) { while (end < t.length && isWordUnit(t.charCodeAt(end))) end++; }
        else if (end < t.length && isWordUnit(t.charCodeAt(end))) continue;
        found.push([folded.map[i], folded.map[end]]);
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

  /** A short text to show under the title, with the ranges to highlight in it: around the first match in the
      section that matched, else in the front matter, the summary or the other sections. */
  function snippet(hit, q, width) {
    width = width || 160;
    var doc = hit.doc, texts = doc.x || [];
    var candidates = [texts[hit.section], doc.m, doc.s].concat(texts);
    for (var c = 0; c < candidates.length; c++) {
      var text = candidates[c];
      if (!text) continue;
      var found = ranges(text, q);
      if (!found.length) continue;
      var start = 0, end = text.length;
      if (text.length > width) {
        start = Math.max(0, found[0][0] - Math.floor(width / 3));
        end = Math.min(text.length, start + width);
        start = Math.max(0, end - width);
        if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < found[0][0]) start = space + 1; }
        if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > found[0][1]) end = back; }
      }
      var shift = start > 0 ? 1 - start : 0;
      return {
        text: (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""),
        ranges: found.filter(function (r) { return r[0] >= start && r[1] <= end; })
          .map(function (r) { return [r[0] + shift, r[1] + shift]; })
      };
    }
    var fallback = doc.s || texts.join(" ");
    return { text: fallback.length > width ? fallback.slice(0, width) + "…" : fallback, ranges: [] };
  }

  /** The result's URL relative to the base: the document, and the heading of the section that matched. */
  function link(hit) {
    var heading = hit.section > 0 && hit.doc.h && hit.doc.h[hit.section - 1];
    return hit.doc.u + (heading ? "#" + encodeURIComponent(heading[1]) : "");
  }

  var api = { fold: fold, words: words, Index: Index, ranges: ranges, snippet: snippet, link: link, parse: parse };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- The search box -------------------------------------------------------------------------------------

  var box = document.querySelector(".site-search");
  if (!box || !window.fetch || !window.Promise || !window.Map || !String.prototype.normalize) return;
  var input = box.querySelector(".site-search-input");
  var list = box.querySelector(".site-search-results");
  var status = box.querySelector("[role=status]");
  if (!input || !list || !status) return;
  var base = new URL(box.getAttribute("data-base") || "/", window.location.href);
  var index = new Index(function (path) {
    return fetch(new URL(path, base).href).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  });
  var shown = [], active = -1;
  box.hidden = false;

  function load() {
    if (!index.meta) status.textContent = "Loading the search index…";
    return index.ready().then(function () {
      if (status.textContent === "Loading the search index…") status.textContent = "";
    }, function () {
      status.textContent = "Search is not available: the index could not be loaded.";
    });
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

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    input.removeAttribute("aria-activedescendant");
  }

  /** Lists the results of `found`, each as soon as its fragment and those of the results above it are loaded
      (the first ones do not wait for the twentieth). */
  var current = null;
  function show(found) {
    clear();
    shown = [];
    current = found;
    var kinds = index.meta.kinds;
    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function more() {
      if (current !== found) return;
      while (shown.length < found.results.length && found.results[shown.length].doc) {
        var i = shown.length, hit = found.results[i], doc = hit.doc, kind = kinds[doc.k] || ["", ""];
        var item = append(list, "li", "search-result");
        item.id = "site-search-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var anchor = append(item, "a");
        anchor.href = new URL(link(hit), base).href;
        anchor.tabIndex = -1;
        append(anchor, "span", "badge search-kind badge-kind-" + kind[0], kind[1]);
        highlighted(append(anchor, "span", "search-title"), doc.t, ranges(doc.t, found));
        var cut = snippet(hit, found);
        if (cut.text) highlighted(append(anchor, "span", "search-snippet"), cut.text, cut.ranges);
        shown.push(hit);
      }
      if (shown.length) open();
    }
    found.results.forEach(function (hit) {
      hit.loaded.then(more, function () {
        if (current === found) status.textContent = "Search is not available: the index could not be loaded.";
      });
    });
    if (!found.results.length) {
      append(list, "li", "search-empty", "No results").setAttribute("role", "presentation");
      open();
    }
    status.textContent = found.total === 0 ? "No results"
      : found.total === 1 ? "1 result"
      : found.total > found.results.length ? found.total + " results, showing the first " + found.results.length
      : found.total + " results";
  }

  /** Searches for what the box holds and shows it. One search at a time: typing while one runs searches once
      more when it ends, for the latest text (no fixed delay before the first). */
  var running = false, again = false;
  function run() {
    if (running) { again = true; return; }
    var query = input.value;
    if (!query.trim()) { clear(); shown = []; status.textContent = ""; close(); return; }
    running = true;
    index.search(query, 20).then(function (found) {
      if (input.value === query) show(found);
    }, function () {
      status.textContent = "Search is not available: the index could not be loaded.";
    }).then(function () {
      running = false;
      if (again) { again = false; run(); }
    });
  }

  input.addEventListener("focus", function () {
    load();
    if (input.value.trim() && list.hidden) run();
  });
  input.addEventListener("input", run);
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
        window.location.href = new URL(link(hit), base).href;
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
  // The manifest is a few KB gzipped: fetched once the page is idle, so that a query typed as the box gets the
  // focus waits only for its shards and fragments. (A failure is reported when the box is used.)
  function prefetch() { index.ready().catch(function () {}); }
  if (window.requestIdleCallback) window.requestIdleCallback(prefetch, { timeout: 2000 });
  else window.setTimeout(prefetch, 500);
})();
