#!/usr/bin/env python3
"""Almanac's browser test: the example site, served by `almanac serve`, in headless Chromium.

Drives Chromium over the Chrome DevTools Protocol (HTTP /json/* and a page target's websocket, through the
pure-Python `websocket-client` package). Run it through Tests/Browser/run.sh, which installs what is missing.

Checks (one `ok – …` / `FAIL – …` line each, then `browser: N passed, M failed`):
  1. every HTML page of the built site loads without console errors, uncaught exceptions, failed or 4xx/5xx
     resource loads, or requests to anything but the local server;
  2. the search box: `/` (a real key press) focuses it, typing a word found only in a runbook's body lists that
     runbook first, ArrowDown + Enter opens it; a word found only deep in a long body (past what the index once
     kept) is found, its result links to the heading of its section (an id that exists on the target page) and
     its snippet has a <mark>; an alert's name lists the runbook that declares it first;
  3. each rollout's plan diagram (<svg role="img">) is visible, fits the page's width and shows its nodes, on a
     desktop and on a phone-sized viewport;
  4. on every page, at 1,300 px and at 390 px (a phone), nothing overlaps or overflows: no sideways page scroll,
     every text of a diagram inside its node's rectangle and every SVG text inside its drawing (getBBox), no two
     labels of a chart intersecting, no date (YYYY-MM-DD) wrapped inside a table cell (the Range of its characters
     has one line box), no card alone on a row of a card grid, every chart as wide as its card; the line prints
     the counts of pages and elements checked;
  5. with JavaScript disabled a page shows its content and keeps the search box hidden.

The dev server's live-reload script long-polls /__almanac/status; when a page navigates away Chromium cancels
that request (Network.loadingFailed, canceled, net::ERR_ABORTED). Exactly that event, for exactly the
/__almanac/ endpoints, is not counted as an error; nothing else is filtered.

Environment: ALMANAC (the binary; default .build/debug/almanac), CHROMIUM (default: chromium on PATH),
BROWSER_TEST_TIMEOUT (seconds for the whole run; default 150).
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import websocket  # websocket-client

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AS_OF = "2026-11-25"
# A word that only the body of one runbook contains (not its title, headings or summary).
SEARCH_WORD = "patronictl"
RUNBOOK_TITLE = "posts-db failover"
RUNBOOK_PATH = "/runbooks/posts-db-failover/"
LIVE_RELOAD_PREFIX = "/__almanac/"
# A word only in the tail of a long body (past its first 3,000 characters), and the runbook holding it.
TAIL_WORD = "bottleneck"
TAIL_TITLE = "Feed latency"
TAIL_PATH = "/runbooks/feed-latency/"
# An alert declared by a runbook (in `alerts:` only) and named in a postmortem's body.
ALERT = "SpamHoldRateSpike"
ALERT_RUNBOOK = "Spam wave"

# Requests to the local server only: nothing else resolves, and background services are off.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
    "--no-pings", "--mute-audio", "--window-size=1280,900",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class Timeout(Exception):
    pass


class OutOfTime(BaseException):
    """The whole run's time budget is spent: passes through the checks' `except Exception`."""


# ---- Chrome DevTools Protocol ------------------------------------------------------------------------------

class CDP:
    """One page target's websocket: commands with ids, events buffered in order."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=10, suppress_origin=True)
        self.next_id = 0
        self.events = []      # (method, params), not yet consumed by wait_event
        self.listeners = []   # functions called with (method, params) for every event, as it arrives

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass

    def _receive(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout("no message from Chromium in time")
        self.ws.settimeout(left)
        try:
            message = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            raise Timeout("no message from Chromium in time")
        if "method" in message:
            params = message.get("params", {})
            for listener in self.listeners:
                listener(message["method"], params)
            self.events.append((message["method"], params))
        return message

    def send(self, method, params=None, timeout=10):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"].get("message")))
                return message.get("result", {})

    def wait_event(self, method, timeout=10, where=lambda params: True):
        """The first buffered or coming event `method` whose params satisfy `where`; earlier ones are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            for i, (name, params) in enumerate(self.events):
                if name == method and where(params):
                    del self.events[: i + 1]
                    return params
            self._receive(deadline)

    def clear_events(self):
        self.events.clear()

    def evaluate(self, expression, timeout=10):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise RuntimeError("evaluate %r: %s" % (expression[:60], result["exceptionDetails"].get("text")))
        return result["result"].get("value")

    def navigate(self, url, timeout=15):
        self.clear_events()
        result = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if result.get("errorText"):
            raise RuntimeError("navigating to %s: %s" % (url, result["errorText"]))
        self.wait_event("Page.loadEventFired", timeout=timeout)

    def key(self, key, code, key_code, text=None):
        """A real key press: keyDown (with the text it types, if any) then keyUp."""
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code,
                "nativeVirtualKeyCode": key_code}
        if text is not None:
            down["text"] = text
            down["unmodifiedText"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                             "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code})


def poll(function, timeout, interval=0.05):
    """Calls `function` until it returns something truthy or `timeout` seconds pass; returns the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = function()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


# ---- Processes ---------------------------------------------------------------------------------------------

class Processes:
    """The server and Chromium, each in a process group of its own, always ended by `stop()`."""

    def __init__(self):
        self.running = []

    def start(self, args, **kwargs):
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.running.append(process)
        return process

    def stop(self):
        for process in reversed(self.running):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in reversed(self.running):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            # Chromium's helpers share its process group and may outlive it a moment: wait for the whole group.
            if not poll(lambda: not _group_alive(process.pid), 5, 0.1):
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)
        self.running = []


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def start_server(processes, almanac, output, content="Content"):
    """`almanac serve --port 0`; returns the base URL it prints ("Serving … at http://127.0.0.1:PORT/")."""
    log = []
    found = threading.Event()
    address = {}
    server = processes.start([almanac, "serve", "--content", content, "--theme", "Themes/default",
                              "--output", output, "--as-of", AS_OF, "--host", "127.0.0.1", "--port", "0"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def read():
        for line in server.stderr:
            log.append(line.rstrip("\n"))
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match and not found.is_set():
                address["url"] = match.group(1)
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    if not found.wait(60) or "url" not in address:
        raise RuntimeError("almanac serve did not print its address in 60 s:\n  " + "\n  ".join(log[-15:]))
    base = address["url"]
    if not poll(lambda: _answers(base), 15):
        raise RuntimeError("almanac serve does not answer at " + base)
    return base


def _answers(url):
    try:
        return http_get(url, timeout=2)[0] == 200
    except Exception:
        return False


def start_chromium(processes, chromium, profile):
    """Chromium on a free port it chooses (read back from DevToolsActivePort); returns the CDP HTTP base."""
    processes.start([chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "about:blank"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")

    def port():
        try:
            with open(port_file) as f:
                first = f.readline().strip()
            return first if first.isdigit() else None
        except OSError:
            return None

    found = poll(port, 30, 0.1)
    if not found:
        raise RuntimeError("Chromium did not open its DevTools port in 30 s")
    base = "http://127.0.0.1:%s" % found
    if not poll(lambda: _answers(base + "/json/version"), 10):
        raise RuntimeError("Chromium's DevTools endpoint does not answer at " + base)
    return base


def open_page(devtools):
    request = urllib.request.Request(devtools + "/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(request, timeout=10) as response:
        target = json.loads(response.read())
    page = CDP(target["webSocketDebuggerUrl"])
    for domain in ("Page", "Runtime", "Log", "Network"):
        page.send(domain + ".enable")
    page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
    return page


# ---- Error collection --------------------------------------------------------------------------------------

class ErrorLog:
    """Console errors, uncaught exceptions, failed or 4xx/5xx loads, and non-local requests, per page."""

    def __init__(self, base):
        self.origin = base.rstrip("/")
        self.page = None
        self.errors = {}     # page -> [message]
        self.urls = {}       # requestId -> url
        self.pages = {}      # requestId -> the page that sent it (a late answer still counts for that page)
        self.ignored = 0     # aborted live-reload requests

    def add(self, message, request=None):
        page = self.pages.get(request, self.page)
        self.errors.setdefault(page, []).append(" ".join(message.split()))

    def __call__(self, method, params):
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = (details.get("exception", {}).get("description") or details.get("text") or "").split("\n")[0]
            self.add("uncaught exception: %s (%s:%s)" % (text, details.get("url", ""), details.get("lineNumber")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            values = [a.get("value", a.get("description", "")) for a in params.get("args", [])]
            self.add("console.%s: %s" % (params["type"], " ".join(str(v) for v in values)))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.add("log (%s): %s %s" % (entry.get("source"), entry.get("text"), entry.get("url", "")),
                     entry.get("networkRequestId"))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            self.urls[params.get("requestId")] = url
            self.pages.setdefault(params.get("requestId"), self.page)
            if not (url.startswith(self.origin + "/") or url == self.origin
                    or url.startswith(("data:", "about:", "blob:"))):
                self.add("request outside the local server: " + url)
        elif method == "Network.responseReceived":
            response = params.get("response", {})
            if response.get("status", 0) >= 400:
                self.add("HTTP %s for %s" % (response.get("status"), response.get("url")), params.get("requestId"))
        elif method == "Network.loadingFailed":
            url = self.urls.get(params.get("requestId"), "?")
            path = urllib.parse.urlsplit(url).path
            if (url.startswith(self.origin + LIVE_RELOAD_PREFIX) and path.startswith(LIVE_RELOAD_PREFIX)
                    and params.get("canceled") and params.get("errorText") == "net::ERR_ABORTED"):
                self.ignored += 1   # the live-reload long poll, cancelled because the page navigated away
                return
            self.add("failed load: %s (%s%s)" % (url, params.get("errorText"),
                                                  ", blocked: %s" % params["blockedReason"]
                                                  if params.get("blockedReason") else ""), params.get("requestId"))


# ---- The checks --------------------------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, ok, text, details=()):
        if ok:
            self.passed += 1
            print("ok – " + text, flush=True)
        else:
            self.failed += 1
            print("FAIL – " + text, flush=True)
            for line in details:
                print("    " + line, flush=True)

    def run(self, name, function):
        """Runs a check that records its own lines; an exception becomes a failure of `name`."""
        try:
            function()
        except Exception as error:   # noqa: BLE001 — any error is a failed check, reported
            self.record(False, name, ["%s: %s" % (type(error).__name__, error)])


def site_pages(output):
    """The URL path of every HTML page of the built site, sorted (`x/index.html` -> `/x/`)."""
    paths = []
    for folder, _, files in os.walk(output):
        for name in files:
            if not name.endswith(".html"):
                continue
            relative = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
            if relative == "index.html":
                paths.append("/")
            elif relative.endswith("/index.html"):
                paths.append("/" + relative[: -len("index.html")])
            else:
                paths.append("/" + relative)
    return sorted(paths)


def visit_pages(page, base, paths, listener, loaded, failed):
    """Loads each path in turn, `listener` getting the page's events with its `page` set to the path (then to
    "(after the last page)" while the tab goes to about:blank); calls `loaded(path)` on each page loaded and
    `failed(path, error)` when loading it or `loaded` raised."""
    page.listeners.append(listener)
    try:
        for path in paths:
            listener.page = path
            try:
                page.navigate(base.rstrip("/") + path)
                loaded(path)
            except Exception as error:   # noqa: BLE001 — reported for this page; the others are still loaded
                failed(path, error)
        listener.page = "(after the last page)"
        page.navigate("about:blank")
    finally:
        page.listeners.remove(listener)


def summarize(pairs, most=15):
    """(page, problem) pairs as lines: the same problem on many pages (a broken asset of the layout) is one line,
    with the pages it shows on."""
    pages_of = {}
    for p, m in pairs:
        pages_of.setdefault(m, []).append(p)
    details = []
    for m, where in list(pages_of.items())[:most]:
        shown = ", ".join(where[:4]) + (" and %d more" % (len(where) - 4) if len(where) > 4 else "")
        details.append("%s — on %d page%s: %s" % (m, len(where), "" if len(where) == 1 else "s", shown))
    if len(pages_of) > most:
        details.append("… and %d other problems" % (len(pages_of) - most))
    return details


def check_pages(results, page, base, output):
    paths = site_pages(output)
    if len(paths) < 20:
        results.record(False, "every page loads without console errors", ["only %d HTML pages in %s" % (len(paths), output)])
        return
    log = ErrorLog(base)
    # A round trip after the load event, so that what the page logged while loading has arrived.
    visit_pages(page, base, paths, log, lambda _: page.evaluate("document.readyState"),
                lambda _, error: log.add("did not load: %s" % error))
    bad = [(p, m) for p, messages in log.errors.items() for m in messages]
    results.record(not bad, "every page loads without console errors: %d pages, %d problem%s "
                   "(%d aborted live-reload polls ignored)" % (len(paths), len(bad), "" if len(bad) == 1 else "s",
                                                               log.ignored), summarize(bad))


def check_search(results, page, base):
    page.navigate(base)
    visible = page.evaluate("(function(){var b=document.querySelector('.site-search');"
                            "return !!b && !b.hidden && b.getBoundingClientRect().width > 0;})()")
    page.key("/", "Slash", 191, "/")
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    value = page.evaluate("document.getElementById('site-search-input').value")
    results.record(visible and focused == "site-search-input" and value == "",
                   "pressing / focuses the search box",
                   ["box shown: %s, document.activeElement: #%s, box value after the key: %r" % (visible, focused, value)])

    page.send("Input.insertText", {"text": SEARCH_WORD})
    read = ("(function(){var l=document.getElementById('site-search-results');"
            "if(!l||l.hidden)return null;return Array.prototype.map.call(l.querySelectorAll('[role=option]'),"
            "function(o){var t=o.querySelector('.search-title');return t?t.textContent:'';});})()")
    titles = poll(lambda: page.evaluate(read), 3, 0.1) or []
    expanded = page.evaluate("document.getElementById('site-search-input').getAttribute('aria-expanded')")
    results.record(bool(titles) and titles[0] == RUNBOOK_TITLE and expanded == "true",
                   "searching %r lists the runbook %r first (%d result%s)" % (SEARCH_WORD, RUNBOOK_TITLE, len(titles),
                                                                             "" if len(titles) == 1 else "s"),
                   ["results: %r, aria-expanded: %r" % (titles, expanded)])

    page.key("ArrowDown", "ArrowDown", 40)
    selected = page.evaluate("(function(){var o=document.querySelector('#site-search-results [aria-selected=true]');"
                             "return o ? [o.id, document.getElementById('site-search-input')"
                             ".getAttribute('aria-activedescendant')] : null;})()")
    page.clear_events()
    page.key("Enter", "Enter", 13, "\r")
    try:
        page.wait_event("Page.loadEventFired", timeout=5)
        landed = page.evaluate("[location.pathname, (document.querySelector('h1')||{}).textContent]")
    except Timeout:
        landed = page.evaluate("[location.pathname, 'no navigation']")
    results.record(bool(selected) and selected[0] == selected[1] == "site-search-option-0"
                   and landed == [RUNBOOK_PATH, RUNBOOK_TITLE],
                   "ArrowDown selects the first result and Enter opens %s" % RUNBOOK_PATH,
                   ["selected option / aria-activedescendant: %r; landed on: %r" % (selected, landed)])

    tail = search_results(page, TAIL_WORD)
    first = tail[0] if tail else {}
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(first.get("href", "")).fragment)
    target = None
    if first.get("href"):
        page.navigate(first["href"])
        target = page.evaluate("[location.pathname, !!document.getElementById(%s)]" % json.dumps(fragment))
    results.record(first.get("title") == TAIL_TITLE and bool(fragment) and target == [TAIL_PATH, True]
                   and TAIL_WORD in [m.lower() for m in first.get("marks", [])],
                   "a word deep in a long body (%r) finds %r, links to the heading of its section (#%s, on the page) "
                   "with a highlighted snippet" % (TAIL_WORD, TAIL_TITLE, fragment),
                   ["first result: %r; target: %r" % (first, target)])

    alert = search_results(page, ALERT)
    titles = [r["title"] for r in alert]
    results.record(titles[:1] == [ALERT_RUNBOOK] and len(titles) >= 2,
                   "an alert's name (%r) lists the runbook that declares it first, before the postmortem that "
                   "mentions it" % ALERT, ["results: %r" % titles])


def search_results(page, query):
    """Types `query` into the search box of the page (emptied first) and returns the results shown: title, link,
    snippet and the highlighted words of the snippet of each."""
    page.evaluate("(function(){var i=document.getElementById('site-search-input');i.focus();i.value='';"
                  "i.dispatchEvent(new Event('input'));})()")
    poll(lambda: page.evaluate("document.getElementById('site-search-results').children.length === 0"), 3, 0.05)
    page.send("Input.insertText", {"text": query})
    # The list grows as the results' fragments come in: read it once it holds all it will (at most 20).
    read = """(function(){var l=document.getElementById('site-search-results');
      var total=parseInt(document.getElementById('site-search-status').textContent,10)||0;
      if(!l||l.hidden||!total||l.querySelectorAll('[role=option]').length<Math.min(20,total))return null;
      return Array.prototype.map.call(l.querySelectorAll('[role=option]'), function(o){
        var t=o.querySelector('.search-title'), s=o.querySelector('.search-snippet'), a=o.querySelector('a');
        return {title: t?t.textContent:'', href: a?a.href:'', snippet: s?s.textContent:'',
                marks: s?Array.prototype.map.call(s.querySelectorAll('mark'), function(m){return m.textContent;}):[]};
      });})()"""
    return poll(lambda: page.evaluate(read), 5, 0.05) or []


DIAGRAM_PROBE = """(function () {
  var svg = document.querySelector('svg[role="img"]');
  if (!svg) return { error: 'no <svg role="img"> on the page' };
  function shown(el) {
    for (var e = el; e && e.nodeType === 1; e = e.parentNode) {
      var s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' || +s.opacity === 0)
        return false;
    }
    return true;
  }
  var box = svg.getBoundingClientRect(), width = document.documentElement.clientWidth;
  var nodes = svg.querySelectorAll('g.node'), bad = [];
  Array.prototype.forEach.call(nodes, function (g, i) {
    var rect = g.querySelector('rect'), r = rect && rect.getBoundingClientRect();
    var name = Array.prototype.map.call(g.querySelectorAll('text'), function (t) { return t.textContent.trim(); })
      .filter(Boolean).join(' ').slice(0, 50) || ('node ' + (i + 1));
    if (!rect) { bad.push(name + ': no <rect>'); return; }
    var fill = getComputedStyle(rect).fill, stroke = getComputedStyle(rect).stroke;
    if (!(r.width > 0 && r.height > 0)) bad.push(name + ': empty box');
    else if (!shown(rect)) bad.push(name + ': hidden');
    else if (fill === 'none' && stroke === 'none') bad.push(name + ': neither filled nor stroked');
    else if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      bad.push(name + ': outside the diagram');
    // Its state in words as well as colour (survives greyscale and print): the class names it, the text says it.
    var state = (g.getAttribute('class') || '').split(/\s+/).filter(function (c) { return c.indexOf('status-') === 0; })[0];
    var word = state && state.slice(7).replace(/-/g, ' ');
    if (!g.querySelector('text')) return;  // a legend swatch: its word is the legend's text beside it
    if (!state) bad.push(name + ': no status-<state> class');
    else if ((g.textContent || '').indexOf(word) < 0) bad.push(name + ': its state "' + word + '" is not written in it');
  });
  // The critical path is drawn by edge weight: its edges are thicker than the others.
  function widths(selector) {
    return Array.prototype.map.call(svg.querySelectorAll(selector), function (e) { return parseFloat(getComputedStyle(e).strokeWidth) || 0; });
  }
  var critical = widths('.edge.critical'), plain = widths('.edge:not(.critical)');
  if (critical.length && plain.length && Math.min.apply(null, critical) <= Math.max.apply(null, plain))
    bad.push('critical-path edges are not thicker than the others');
  return { width: box.width, height: box.height, left: box.left, right: box.right, page: width,
           scroll: document.documentElement.scrollWidth, shown: shown(svg),
           label: !!(svg.getAttribute('aria-labelledby') || svg.getAttribute('aria-label')),
           nodes: nodes.length, bad: bad };
})()"""


def check_diagrams(results, page, base, output, width, label):
    slugs = sorted(os.listdir(os.path.join(output, "rollouts")))
    slugs = [s for s in slugs if os.path.isfile(os.path.join(output, "rollouts", s, "index.html"))]
    if not slugs:
        results.record(False, "rollout diagrams (%s)" % label, ["no rollout pages in the built site"])
        return
    page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                     "mobile": width < 600})
    try:
        for slug in slugs:
            path = "/rollouts/%s/" % slug
            page.navigate(base.rstrip("/") + path)
            p = page.evaluate(DIAGRAM_PROBE)
            if "error" in p:
                results.record(False, "the diagram of %s is visible (%s)" % (path, label), [p["error"]])
                continue
            problems = []
            if not (p["width"] > 0 and p["height"] > 0):
                problems.append("the <svg> has an empty box: %.0f×%.0f" % (p["width"], p["height"]))
            if not p["shown"]:
                problems.append("the <svg> or an ancestor is hidden")
            if p["left"] < 0 or p["right"] > p["page"] + 0.5:
                problems.append("the <svg> spans x %.0f–%.0f, beyond the page's width %d" % (p["left"], p["right"], p["page"]))
            if p["scroll"] > p["page"]:
                problems.append("the page scrolls sideways: %d wide for a %d viewport" % (p["scroll"], p["page"]))
            if not p["label"]:
                problems.append("the <svg> has no accessible name")
            if p["nodes"] == 0:
                problems.append("no plan nodes (g.node) in the <svg>")
            problems += p["bad"]
            results.record(not problems, "the diagram of %s is visible at %d px (%s): %.0f×%.0f px, %d nodes shown, each with its state in words, the critical path by edge weight"
                           % (path, width, label, p["width"], p["height"], p["nodes"] - len(p["bad"])), problems)
    finally:
        page.send("Emulation.clearDeviceMetricsOverride")


# What the layout check measures on one page: sideways scroll, SVG text outside its node or drawing, chart labels
# that intersect, dates that wrap inside a table cell, cards alone on a row, charts narrower than their card.
# Returns counts of what it checked and the problems found.
LAYOUT_PROBE = r"""(function () {
  var problems = [], counts = { texts: 0, labels: 0, dates: 0, cards: 0, charts: 0 };
  var doc = document.documentElement, width = doc.clientWidth;
  var scroll = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
  if (scroll > width) problems.push('the page scrolls sideways: ' + scroll + ' px wide for a ' + width + ' px viewport');
  function shown(el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  }
  function words(el) { return (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40); }
  function where(svg) {
    var t = svg.querySelector('title');
    return (svg.getAttribute('class') || 'svg') + (t ? ' "' + t.textContent.trim().slice(0, 40) + '"' : '');
  }
  var eps = 0.5;
  function inside(b, r) {
    return b.x >= r.x - eps && b.y >= r.y - eps && b.x + b.width <= r.x + r.width + eps && b.y + b.height <= r.y + r.height + eps;
  }
  Array.prototype.forEach.call(document.querySelectorAll('svg.diagram, svg.chart'), function (svg) {
    if (!shown(svg)) return;
    var view = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal
      : { x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
    // Every text inside the drawing; a diagram node's texts inside the node's rectangle.
    Array.prototype.forEach.call(svg.querySelectorAll('text'), function (text) {
      if (!words(text)) return;
      counts.texts++;
      var b = text.getBBox(), g = text.closest('g.node'), rect = g && g.querySelector('rect');
      if (rect && !inside(b, rect.getBBox()))
        problems.push(where(svg) + ': the text "' + words(text) + '" runs out of its node (' + [b.x, b.y, b.width, b.height].map(Math.round)
                      + ' in ' + ['x', 'y', 'width', 'height'].map(function (k) { return Math.round(rect.getBBox()[k]); }) + ')');
      else if (!text.closest('[transform]') && !inside(b, view))
        problems.push(where(svg) + ': the text "' + words(text) + '" runs out of the drawing');
    });
    // A chart's labels, pairwise: no two may intersect (on the screen, so transforms are counted).
    if (svg.classList.contains('chart')) {
      var boxes = Array.prototype.filter.call(svg.querySelectorAll('text'), function (t) { return words(t); })
        .map(function (t) { return { text: words(t), r: t.getBoundingClientRect() }; });
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          counts.labels++;
          var a = boxes[i].r, c = boxes[j].r;
          var dx = Math.min(a.right, c.right) - Math.max(a.left, c.left), dy = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
          if (dx > eps && dy > eps)
            problems.push(where(svg) + ': the labels "' + boxes[i].text + '" and "' + boxes[j].text + '" intersect');
        }
      }
    }
  });
  // Card grids (figures, the home page's cards) without a card alone on a row, unless it spans the row; each
  // chart as wide as its card.
  Array.prototype.forEach.call(document.querySelectorAll('.figures, .kind-cards'), function (grid) {
    var cards = Array.prototype.filter.call(grid.children, shown), rows = {};
    if (cards.length < 2) return;
    counts.cards += cards.length;
    cards.forEach(function (card) { var top = Math.round(card.getBoundingClientRect().top); (rows[top] = rows[top] || []).push(card); });
    Object.keys(rows).forEach(function (top) {
      var row = rows[top];
      if (row.length === 1 && row[0].getBoundingClientRect().width < grid.clientWidth * 0.9)
        problems.push('a card alone on a row: "' + words(row[0]) + '" (' + cards.length + ' cards in .' + grid.className.split(' ').join('.') + ')');
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.chart-figure > svg'), function (svg) {
    var figure = svg.parentElement, style = getComputedStyle(figure);
    var inner = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    counts.charts++;
    if (svg.getBoundingClientRect().width < inner - 1)
      problems.push(where(svg) + ': the chart is ' + Math.round(svg.getBoundingClientRect().width) + ' px wide in a card of ' + Math.round(inner));
  });
  // Every date (YYYY-MM-DD) in a table cell on one line: the Range over its ten characters has a single line box.
  var date = /\d{4}-\d{2}-\d{2}/g;
  Array.prototype.forEach.call(document.querySelectorAll('td, th'), function (cell) {
    if (!shown(cell)) return;
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      date.lastIndex = 0;
      var m;
      while ((m = date.exec(node.data))) {
        counts.dates++;
        var range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        var tops = {};
        Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = true; });
        if (Object.keys(tops).length > 1)
          problems.push('the date ' + m[0] + ' wraps inside a table cell ("' + words(cell) + '")');
      }
    }
  });
  return { counts: counts, problems: problems };
})()"""


def check_layout(results, page, base, output, width, label):
    """On every page at `width` px: no sideways scroll, no SVG text outside its node or drawing, no two chart
    labels intersecting, no date wrapped inside a table cell, no card alone on a row of a card grid, every chart as
    wide as its card. One line per width, with the counts checked."""
    paths = site_pages(output)
    page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                     "mobile": width < 600})
    try:
        found, totals, visited = [], {"texts": 0, "labels": 0, "dates": 0, "cards": 0, "charts": 0}, 0
        for path in paths:
            page.navigate(base.rstrip("/") + path)
            p = page.evaluate(LAYOUT_PROBE)
            visited += 1
            for key in totals:
                totals[key] += p["counts"][key]
            found += [(path, problem) for problem in p["problems"]]
    finally:
        page.send("Emulation.clearDeviceMetricsOverride")
    results.record(not found and visited == len(paths) > 0,
                   "nothing overlaps or overflows at %d px (%s): %d pages, %d SVG texts, %d chart label pairs, "
                   "%d dates in table cells, %d cards, %d charts checked, %d problem%s"
                   % (width, label, visited, totals["texts"], totals["labels"], totals["dates"], totals["cards"],
                      totals["charts"], len(found), "" if len(found) == 1 else "s"),
                   summarize(found, most=int(os.environ.get("LAYOUT_MOST", "25"))))


# What an integration's page shows, as a reader sees it: the retry chart's points, the schedule table's rows, the
# sections and the gaps banner.
INTEGRATION_PROBE = r"""(function () {
  function shown(el) { var r = el && el.getBoundingClientRect(); return !!r && (r.width > 0 || r.height > 0); }
  var retry = document.getElementById('section-retry-schedule');
  var chart = retry && retry.querySelector('svg.chart');
  var banner = Array.prototype.filter.call(document.querySelectorAll('.banner'), function (b) {
    return /Reliability gaps/.test(b.textContent); })[0];
  return {
    chart: shown(chart), points: chart ? chart.querySelectorAll('circle.chart-point').length : 0,
    label: chart ? !!chart.getAttribute('aria-labelledby') || !!chart.querySelector('title') : false,
    rows: retry ? retry.querySelectorAll('tbody tr').length : 0,
    sections: ['section-queue-and-workers', 'section-safeguards'].filter(function (id) { return shown(document.getElementById(id)); }),
    gaps: banner && shown(banner) ? banner.textContent.replace(/\s+/g, ' ').trim() : null
  };
})()"""


def check_catalog(results, page, base, output):
    """Each integration's page at desktop width: the retry chart drawn with two points per attempt (earliest and
    latest), the schedule table with a row per attempt and one for the dead-letter queue, the queue and safeguard
    sections, and a gaps banner exactly when the export lists gaps, naming each code; its service's page links it."""
    folder = os.path.join(output, "integrations")
    slugs = sorted(s for s in os.listdir(folder) if os.path.isfile(os.path.join(folder, s, "index.html"))) if os.path.isdir(folder) else []
    if not slugs:
        results.record(False, "integration pages", ["no integration pages in the built site"])
        return
    for slug in slugs:
        with open(os.path.join(output, "api", "integration", slug + ".json"), encoding="utf-8") as f:
            exported = json.load(f)
        attempts = len(exported["computed"]["retry_schedule"])
        codes = [g["code"] for g in exported["computed"]["gaps"]]
        page.navigate(base.rstrip("/") + "/integrations/%s/" % slug)
        p = page.evaluate(INTEGRATION_PROBE)
        problems = []
        if not p["chart"] or not p["label"]:
            problems.append("the retry chart is not shown, or has no accessible name")
        if p["points"] != 2 * attempts:
            problems.append("the retry chart has %d points for %d attempts (two each)" % (p["points"], attempts))
        if p["rows"] != attempts + 1:
            problems.append("the schedule table has %d rows for %d attempts and the dead-letter queue" % (p["rows"], attempts))
        if len(p["sections"]) != 2:
            problems.append("shown sections: %s" % p["sections"])
        if bool(codes) != bool(p["gaps"]) or any(code not in (p["gaps"] or "") for code in codes):
            problems.append("gaps exported %s, banner %r" % (codes, p["gaps"]))
        service = exported["front_matter"]["service"]
        page.navigate(base.rstrip("/") + "/services/%s/" % service)
        linked = page.evaluate("!!document.querySelector('#section-integrations a[href=\"/integrations/%s/\"]')" % slug)
        if not linked:
            problems.append("the page of %s does not link it under Integrations" % service)
        results.record(not problems, "the integration %s shows its retry schedule (%d attempts, chart and table), queue, "
                       "safeguards and gaps (%s), and its service links it" % (slug, attempts, ", ".join(codes) or "none"), problems)


def check_no_script(results, page, base):
    page.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        requests = []
        listener = lambda method, params: requests.append(params["request"]["url"]) \
            if method == "Network.requestWillBeSent" else None
        page.listeners.append(listener)
        try:
            page.navigate(base.rstrip("/") + RUNBOOK_PATH)
            time.sleep(0.3)
            page.evaluate("1")
        finally:
            page.listeners.remove(listener)
        state = page.evaluate("""(function () {
          var box = document.querySelector('.site-search'), main = document.querySelector('main');
          var h1 = document.querySelector('main h1');
          return { box: !!box, hidden: !!box && box.hidden, display: box ? getComputedStyle(box).display : '',
                   height: box ? box.getBoundingClientRect().height : -1,
                   h1: h1 ? h1.textContent.trim() : null, h1Height: h1 ? h1.getBoundingClientRect().height : 0,
                   text: main ? main.innerText.length : 0,
                   word: main ? main.innerText.indexOf('""" + SEARCH_WORD + """') >= 0 : false };
        })()""")
    finally:
        page.send("Emulation.setScriptExecutionDisabled", {"value": False})
    ran = [u for u in requests if LIVE_RELOAD_PREFIX in u or "/search/" in u]
    problems = []
    if ran:
        problems.append("scripts ran anyway: requests to %s" % ", ".join(ran))
    if not state["box"]:
        problems.append("no search box in the markup")
    elif not (state["hidden"] and state["display"] == "none" and state["height"] == 0):
        problems.append("the search box shows without JavaScript: hidden=%s, display=%s, height=%s"
                        % (state["hidden"], state["display"], state["height"]))
    if state["h1"] != RUNBOOK_TITLE or not state["h1Height"]:
        problems.append("heading: %r (height %s)" % (state["h1"], state["h1Height"]))
    if state["text"] < 500 or not state["word"]:
        problems.append("main holds %d characters, %s" % (state["text"], "with the body" if state["word"] else
                                                           "without the word %r of the body" % SEARCH_WORD))
    results.record(not problems, "without JavaScript %s shows its content (%d characters) and hides the search box"
                   % (RUNBOOK_PATH, state["text"]), problems)


# ---- Main --------------------------------------------------------------------------------------------------

class Run:
    """What a test's body gets from `harness`: the binaries, the results, the scratch folder, and where to
    register what must be stopped at the end (`processes`, and `cleanups`, called last first)."""

    def __init__(self, almanac, chromium, scratch):
        self.almanac, self.chromium, self.scratch = almanac, chromium, scratch
        self.results = Results()
        self.processes = Processes()
        self.cleanups = []

    def open_browser(self):
        """Chromium, and a page target of it (closed at the end); returns (page, Chromium's version)."""
        devtools = start_chromium(self.processes, self.chromium, os.path.join(self.scratch, "profile"))
        version = json.loads(http_get(devtools + "/json/version")[1]).get("Browser", "?")
        page = open_page(devtools)
        self.cleanups.append(page.close)
        return page, version


def harness(name, tally, budget_variable, budget, body):
    """Runs `body(run)` within a time budget (seconds, overridden by the environment variable `budget_variable`);
    any exception is one failure, named after the test. Always stops what was started and removes the scratch
    folder; prints `<tally>: N passed, M failed` and returns the exit status."""
    almanac = os.path.abspath(os.environ.get("ALMANAC") or os.path.join(ROOT, ".build", "debug", "almanac"))
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    budget = int(os.environ.get(budget_variable, str(budget)))
    run = Run(almanac, chromium, tempfile.mkdtemp(prefix="almanac-%s-" % tally))

    def expired(*_):
        raise OutOfTime("the %s ran longer than %d s" % (name, budget))

    signal.signal(signal.SIGALRM, expired)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.alarm(budget)
    try:
        if not os.access(almanac, os.X_OK):
            raise RuntimeError("no almanac binary at %s (set ALMANAC)" % almanac)
        if not chromium:
            raise RuntimeError("no chromium on PATH (set CHROMIUM)")
        body(run)
    except (Exception, OutOfTime) as error:   # noqa: BLE001 — one failure, with why
        run.results.record(False, "the %s could not run to its end" % name, ["%s: %s" % (type(error).__name__, error)])
    finally:
        signal.alarm(0)
        for cleanup in reversed(run.cleanups):
            cleanup()
        run.processes.stop()
        shutil.rmtree(run.scratch, ignore_errors=True)
    print("%s: %d passed, %d failed" % (tally, run.results.passed, run.results.failed), flush=True)
    return 1 if run.results.failed else 0


def check_live_reload(results, page, run):
    """A second server on a copy of the example: an edit that does not change the open page leaves it alone; an
    edit of its own file reloads it, at the same scroll position."""
    content = os.path.join(run.scratch, "live-content")
    shutil.copytree(os.path.join(ROOT, "Content"), content)
    base = start_server(run.processes, run.almanac, os.path.join(run.scratch, "live-site"), content=content)

    def generation():
        return json.loads(http_get(base + "__almanac/status?since=-1")[1])["generation"]

    def edit(path, change):
        with open(os.path.join(content, path), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(content, path), "w", encoding="utf-8") as f:
            f.write(change(text))

    page.navigate(base + "runbooks/spam-wave/")
    page.evaluate("window.scrollTo(0, 400); window.__almanacMarker = 7; 1")
    scrolled = page.evaluate("window.scrollY")
    start = generation()
    # The glossary links to this runbook, but its body is not shown here: the page's file does not change.
    edit("pages/glossary.md", lambda text: text + "\nAnother glossary line.\n")
    rebuilt = poll(lambda: generation() > start, 30)
    time.sleep(1.5)
    stayed = page.evaluate("window.__almanacMarker === 7")
    results.record(bool(rebuilt) and stayed, "a rebuild that does not change the open page does not reload it",
                   [] if rebuilt and stayed else ["rebuilt: %s, page kept its state: %s" % (rebuilt, stayed)])
    marker = "Live reload check paragraph"
    edit("runbooks/spam-wave.md", lambda text: text.replace("\n---\n", "\n---\n" + marker + ".\n\n", 1)
         if text.startswith("---\n") else text)
    def showing():
        try:
            return page.evaluate("document.readyState === 'complete' && document.body.innerText.indexOf(%r) >= 0" % marker)
        except RuntimeError:   # the page is reloading: its context went away under the evaluation
            return False

    shown = poll(showing, 30, 0.2)
    time.sleep(0.3)   # the scroll position is put back on `load`
    state = page.evaluate("({ marker: window.__almanacMarker === 7, y: window.scrollY })") if shown else {}
    results.record(bool(shown) and not state.get("marker") and abs(state.get("y", -1000) - scrolled) <= 2,
                   "an edit of the open page's file reloads it, at the same scroll position",
                   [] if shown else ["the edit did not show within 30 s"]
                   + (["scrolled to %s, was %s" % (state.get("y"), scrolled)] if shown else []))


def check_example_site(run):
    results = run.results
    output = os.path.join(run.scratch, "site")
    build = subprocess.run([run.almanac, "build", "--content", "Content", "--theme", "Themes/default",
                            "--output", output, "--as-of", AS_OF, "--base-url", "/"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    if build.returncode != 0:
        raise RuntimeError("almanac build failed (%d):\n%s" % (build.returncode, build.stderr[-3000:]))
    base = start_server(run.processes, run.almanac, output)
    page, version = run.open_browser()
    print("browser: %s, site served by almanac serve at %s" % (version, base), flush=True)

    results.run("every page loads without console errors", lambda: check_pages(results, page, base, output))
    results.run("the search box", lambda: check_search(results, page, base))
    results.run("rollout diagrams (desktop)", lambda: check_diagrams(results, page, base, output, 1280, "desktop"))
    results.run("rollout diagrams (phone)", lambda: check_diagrams(results, page, base, output, 390, "phone"))
    results.run("layout (desktop)", lambda: check_layout(results, page, base, output, 1300, "desktop"))
    results.run("layout (phone)", lambda: check_layout(results, page, base, output, 390, "phone"))
    results.run("integration pages", lambda: check_catalog(results, page, base, output))
    results.run("pages without JavaScript", lambda: check_no_script(results, page, base))
    results.run("live reload", lambda: check_live_reload(results, page, run))


def main():
    return harness("browser test", "browser", "BROWSER_TEST_TIMEOUT", 150, check_example_site)


if __name__ == "__main__":
    sys.exit(main())
