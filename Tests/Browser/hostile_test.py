#!/usr/bin/env python3
"""Almanac's hostile-content browser test: a site whose every field and body holds script payloads, in Chromium.

The fixture Tests/Fixtures/hostile/ puts payloads in every front-matter field of every kind, in almanac.yaml, in a
results CSV and in every Markdown construct (raw HTML, event handlers, `javascript:`/`vbscript:`/`data:` URLs in
upper and mixed case, entity-encoded or behind whitespace and control characters, SVG, headings of every form,
link titles, image sources, autolinks, footnotes, tables). Each payload, if it ran, would touch `__xss.<id>` (a
sentinel defined in every frame before any script of the page) or open a dialog. The site is built twice:

  * as written: every page of the built site is loaded, and then the search box is used with payload words
    and hostile queries so that results render. Nothing may run: no sentinel touched, no console "xss"
    message, no dialog, no error naming `__xss`; and the live DOM (every element of every frame, after load
    and after each search) has no `on*` attribute, no script URL (`javascript:`, `vbscript:`, a `data:` URL
    other than an image, after the browser's own trimming and lower-casing) in a URL attribute, no `srcdoc`,
    and no `<script>`, `<iframe>`, `<object>`, `<embed>` or `<base>` but the theme's own search script;
  * with `markdown: { raw_html: true }`: raw HTML in bodies is rendered through the sanitizer (writer's guide,
    §13), and the same holds: nothing runs, the DOM has none of the above.

Before the pages, a control payload that the test itself puts into a page (an image with `onerror`, one in a
`srcdoc` frame, a dialog) must be seen: the sentinel, the dialog hook and the DOM probe do detect what they look for.

Prints one `ok – …` / `FAIL – …` line per check, the figures (`hostile: P pages, N payloads, E executed`) and
`hostile-browser: N passed, M failed`. Run it through Tests/Browser/run.sh, which installs what is missing.

Environment: ALMANAC (the binary; default .build/debug/almanac), CHROMIUM (default: chromium on PATH),
HOSTILE_TEST_TIMEOUT (seconds for the whole run; default 110).
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True   # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import AS_OF, ROOT, harness, poll, site_pages, summarize, visit_pages  # noqa: E402

FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "hostile")
# A payload's id: what it touches on the sentinel (`__xss.raw_h_svg`), or the one literal `alert(1)`.
PAYLOAD = re.compile(r"__xss\.([A-Za-z0-9_]+)|\b(alert\(1\))")
# Typed into the search box: words of the payloads, so that hostile titles, summaries and snippets are listed,
# and hostile queries (their ids count as payloads too).
SEARCH_WORDS = ["quarantined", "onerror", "xss", "svg onload", "img", "javascript", "hostile", "script",
                "<img src=x onerror=__xss.search_query_img>", "\"'><svg onload=__xss.search_query_attr>",
                "</ul><details open ontoggle=__xss.search_query_details>"]

# Defined in every frame before the page's own scripts. Touching `__xss.<id>` logs "xss <id>" and gives the id
# back (so `alert(__xss.id)` shows the id in its dialog).
SENTINEL = """(function () {
  var hit = function (id) { console.log('xss ' + id); return String(id); };
  var trap = new Proxy({}, { get: function (_, name) { return typeof name === 'string' ? hit(name) : undefined; } });
  Object.defineProperty(window, '__xss', { get: function () { return trap; }, configurable: false });
})();"""

# Every element of the document and of its same-origin frames: `on*` attributes, script URLs, srcdoc, and
# elements that run or load script or change where URLs point, except the theme's search script.
DOM_PROBE = """(function () {
  var URLS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase',
              'cite', 'ping', 'srcset', 'dynsrc', 'lowsrc', 'longdesc', 'manifest', 'archive', 'to', 'values', 'from', 'by'];
  var ACTIVE = { SCRIPT: 1, IFRAME: 1, FRAME: 1, OBJECT: 1, EMBED: 1, APPLET: 1, BASE: 1, FRAMESET: 1 };
  function scriptURL(value) {
    // What the URL parser does first: leading C0 controls and spaces go, tabs and line breaks anywhere go.
    var v = value.replace(/^[\\u0000-\\u0020]+/, '').replace(/[\\t\\n\\r]/g, '').toLowerCase();
    if (/^(javascript|vbscript|livescript):/.test(v)) return true;
    return v.indexOf('data:') === 0 && v !== 'data:,' && !/^data:image\\/(png|gif|jpeg|webp)[;,]/.test(v);
  }
  var bad = [], elements = 0, docs = [document];
  for (var d = 0; d < docs.length; d++) {
    var all = docs[d].querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var el = all[i], tag = el.tagName.toUpperCase();
      elements++;
      if (tag === 'IFRAME' || tag === 'FRAME') {
        try { if (el.contentDocument) docs.push(el.contentDocument); } catch (e) {}
      }
      var where = '<' + el.tagName.toLowerCase() + '>';
      for (var a = 0; a < el.attributes.length; a++) {
        var name = el.attributes[a].name.toLowerCase(), value = el.attributes[a].value;
        if (name.indexOf('on') === 0) bad.push(where + ' ' + name + '=' + JSON.stringify(value));
        else if (name === 'srcdoc') bad.push(where + ' srcdoc=' + JSON.stringify(value));
        else if ((URLS.indexOf(name) >= 0 || /:href$/.test(name)) && scriptURL(value))
          bad.push(where + ' ' + name + '=' + JSON.stringify(value));
        else if (name === 'content' && tag === 'META' && /url\\s*=/i.test(value) && scriptURL(value.replace(/^.*?url\\s*=\\s*/i, '')))
          bad.push(where + ' content=' + JSON.stringify(value));
      }
      var theirs = tag === 'SCRIPT' && !el.textContent.trim() && /\\/assets\\/search\\.js$/.test(el.getAttribute('src') || '');
      if (ACTIVE[tag] && !theirs) bad.push(el.outerHTML.slice(0, 200));
      if (tag === 'META' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push(el.outerHTML.slice(0, 200));
    }
  }
  var ids = {}, found = /__xss\.(\w+)/g, m, html = document.documentElement.outerHTML;
  while ((m = found.exec(html))) ids[m[1]] = true;
  return { elements: elements, bad: bad, ids: Object.keys(ids) };
})()"""


def fixture_payloads():
    """The ids of the fixture's payloads (and of the hostile search queries), sorted."""
    ids = set()
    for folder, _, files in os.walk(FIXTURE):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for match in PAYLOAD.finditer(f.read()):
                    ids.add(match.group(1) or match.group(2))
    for query in SEARCH_WORDS:
        ids.update(m.group(1) for m in PAYLOAD.finditer(query) if m.group(1))
    return sorted(ids)


def build(almanac, content, output):
    result = subprocess.run([almanac, "build", "--content", content, "--theme", "Themes/default", "--output", output,
                             "--as-of", AS_OF, "--base-url", "/"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("almanac build of %s failed (%d):\n%s" % (content, result.returncode, result.stderr[-3000:]))


def serve(folder):
    """A static server for `folder` on a free port, in a thread of this process; returns (server, base URL)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


class Executions:
    """What ran, per page: sentinel touches (console "xss <id>"), dialogs, and errors naming the sentinel."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.page = None   # the path being loaded
        self.seen = []     # (path, id or message)

    def __call__(self, method, params):
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            if "xss" in text.lower():
                self.seen.append((self.page, text[4:] if text.startswith("xss ") else "console: " + text))
        elif method == "Page.javascriptDialogOpening":
            self.seen.append((self.page, "%s dialog: %s" % (params.get("type"), params.get("message"))))
            # Answered without waiting: the page is blocked until then. The reply's id is never awaited.
            self.cdp.next_id += 1
            self.cdp.ws.send(json.dumps({"id": self.cdp.next_id, "method": "Page.handleJavaScriptDialog",
                                          "params": {"accept": False}}))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text") or ""
            if "__xss" in text:
                self.seen.append((self.page, "error: " + text.split("\n")[0]))


# Put into a page by the test, to see that what it looks for is detected: in the page and in a frame, a dialog.
CONTROL = """(function () {
  document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__xss.control_page>'
    + '<iframe srcdoc="<img src=x onerror=__xss.control_frame>"></iframe>');
  setTimeout(function () { alert('control_dialog'); }, 0);
})()"""
CONTROL_SEEN = ["control_page", "control_frame", "alert dialog: control_dialog"]


def check_detector(results, page, base, label):
    """The control payload runs on the home page and is seen by the sentinel, the dialog hook and the DOM probe."""
    runs = Executions(page)
    findings = []

    def inject(_):
        page.evaluate(CONTROL)
        poll(lambda: page.evaluate("1") and len(runs.seen) >= len(CONTROL_SEEN), 3, 0.05)   # reads the events
        findings.extend(page.evaluate(DOM_PROBE)["bad"])

    visit_pages(page, base, ["/"], runs, inject, lambda _, error: findings.append("did not run: %s" % error))
    seen = sorted(what for _, what in runs.seen)
    probed = ['onerror="__xss.control_page"', 'onerror="__xss.control_frame"', "<iframe srcdoc="]
    results.record(seen == sorted(CONTROL_SEEN) and all(any(p in f for f in findings) for p in probed),
                   "%s: a control payload put in by the test is detected (%s; %d DOM findings)"
                   % (label, ", ".join(seen), len(findings)),
                   ["expected %s, and DOM findings with %s; found:" % (", ".join(CONTROL_SEEN), ", ".join(probed))]
                   + findings)


def check_site(results, page, base, output, label, payloads):
    check_detector(results, page, base, label)
    paths = site_pages(output)
    runs = Executions(page)
    findings = []   # (page, text)
    counts = {"elements": 0}
    shown = set()   # the payloads found in the pages' markup (escaped or not)
    searched = {}   # word -> results listed

    def loaded(path):
        time.sleep(0.15)   # late events: image errors, toggles, focus
        probe = page.evaluate(DOM_PROBE)
        counts["elements"] += probe["elements"]
        shown.update(probe["ids"])
        findings.extend((path, b) for b in probe["bad"])

    visit_pages(page, base, paths, runs, loaded, lambda path, error: findings.append((path, "did not load: %s" % error)))
    visit_pages(page, base, ["/"], runs, lambda _: searched.update(search(page, runs, findings)),
                lambda _, error: findings.append(("search", "did not run: %s" % error)))

    ran = runs.seen
    print("hostile (%s): %d pages, %d payloads, %d executed; %d payloads in the pages' markup, %d elements checked, "
          "%d searches listing %d results" % (label, len(paths), len(payloads), len({what for _, what in ran}),
                                              len(shown & set(payloads)), counts["elements"], len(searched),
                                              sum(searched.values())), flush=True)
    results.record(len(paths) >= 30 and not ran, "%s: no payload runs on %d pages or in search results"
                   % (label, len(paths)), summarize(ran, 30) if ran else ["only %d pages built" % len(paths)])
    results.record(not findings, "%s: the live DOM has no on* attribute, script URL or script element of the "
                   "content" % label, summarize(findings, 30))
    results.record(all(searched.get(w) for w in ("quarantined", "onerror", "hostile")),
                   "%s: searching payload words lists results (%s)" % (label, ", ".join(
                       "%s: %d" % (w, n) for w, n in searched.items())),
                   ["no results for a word the fixture holds"])


def search(page, runs, findings):
    """Types each of SEARCH_WORDS into the search box of the page loaded; returns {word: results listed}."""
    page.evaluate("document.getElementById('site-search-input').focus()")
    ready = "(function(){var s=document.getElementById('site-search-status');return !!s && s.textContent.indexOf('Loading')<0;})()"
    counts = {}
    for word in SEARCH_WORDS:
        runs.page = "search %r" % word
        page.evaluate("document.getElementById('site-search-input').select()")
        page.send("Input.insertText", {"text": word})
        poll(lambda: page.evaluate(ready) and page.evaluate(
            "!document.getElementById('site-search-results').hidden"), 3, 0.05)
        time.sleep(0.1)
        counts[word] = page.evaluate("document.querySelectorAll('#site-search-results [role=option]').length")
        findings.extend((runs.page, b) for b in page.evaluate(DOM_PROBE)["bad"])
    return counts


def check_hostile_site(run):
    payloads = fixture_payloads()
    # The same content, once as written and once with raw HTML turned on.
    raw_content = os.path.join(run.scratch, "raw-content")
    shutil.copytree(FIXTURE, raw_content)
    with open(os.path.join(raw_content, "almanac.yaml"), "a", encoding="utf-8") as f:
        f.write("markdown: { raw_html: true }\n")
    sites = []
    for label, content in (("default", FIXTURE), ("raw_html: true", raw_content)):
        output = os.path.join(run.scratch, "site-%d" % len(sites))
        build(run.almanac, content, output)
        server, base = serve(output)
        run.cleanups.append(lambda server=server: (server.shutdown(), server.server_close()))
        sites.append((label, base, output))
    page, version = run.open_browser()
    print("hostile: %s, %d payloads in %s" % (version, len(payloads), os.path.relpath(FIXTURE, ROOT)), flush=True)
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": SENTINEL})
    started = time.monotonic()
    for label, base, output in sites:
        run.results.run(label, lambda: check_site(run.results, page, base, output, label, payloads))
    print("hostile: both sites checked in %.1f s" % (time.monotonic() - started), flush=True)


def main():
    return harness("hostile-content test", "hostile-browser", "HOSTILE_TEST_TIMEOUT", 110, check_hostile_site)


if __name__ == "__main__":
    sys.exit(main())
