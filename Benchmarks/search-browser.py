#!/usr/bin/env python3
"""Times the first query of a page load in headless Chromium, and counts what it downloads.

    python3 Benchmarks/search-browser.py OUTPUT_DIR [--runs R] [--json FILE] [QUERY ...]

Serves OUTPUT_DIR on 127.0.0.1 the way a static host does: every file gzip-compressed (level 6) when the browser
accepts it (all files under search/ compressed before the first request, as precompressed files are). For each
query and each of R runs (default 5), opens the home page in headless Chromium (the DevTools helpers of
Tests/Browser/browser_test.py, which need `websocket-client`) with the cache disabled, waits 500 ms after its load
event (a reader takes longer than that to press / and type), then, from one instant, focuses the search box
(which fetches search/meta.json) and types the query (one `input` event), or (the second row of each query) types
it 300 ms after focusing the box, as a reader does; and waits until the first result is in the list and the next frame starts (the list grows as fragments arrive: the time
until all of the first 20 are listed is reported too), then clears the box and types the query again: its files
are then in the script's memory, so that time is the script's own work and the drawing of the list. It reports those times (performance.now() in the page),
the files under search/ the page fetched, their bytes as sent (gzip) and as stored, and the first results.
Prints a Markdown table; --json writes every run."""
import functools, gzip, http.server, json, os, shutil, socketserver, sys, tempfile, threading

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Tests", "Browser"))
import browser_test as bt  # noqa: E402

# (query, what it is); Benchmarks/search.sh passes its own list.
QUERIES = [("failover", "a common word"), ("cert expiry", "two words"), ("the", "in every document")]
SETTLE_MS = 500  # after the page's load event, before the box is focused
TYPING_MS = 300  # the second way: the box focused (its manifest fetched), the query typed this much later

MEASURE = """(async () => {
  const q = %s, typing = %d;
  const input = document.getElementById('site-search-input'), list = document.getElementById('site-search-results');
  if (typing) { input.focus(); await new Promise(r => setTimeout(r, typing)); }
  const t0 = performance.now();
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input'));
  await new Promise(resolve => {
    const done = () => !list.hidden && input.getAttribute('aria-expanded') === 'true' && list.firstChild;
    if (done()) return resolve();
    const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
    observer.observe(list, { childList: true, attributes: true });
  });
  await new Promise(resolve => requestAnimationFrame(() => resolve()));
  const ms = performance.now() - t0;
  // Then every result of the first page (the list grows as the fragments come in).
  const total = parseInt(document.getElementById('site-search-status').textContent, 10) || 0;
  await new Promise(resolve => {
    const done = () => list.querySelectorAll('[role=option]').length >= Math.min(20, total);
    if (done()) return resolve();
    const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
    observer.observe(list, { childList: true });
  });
  await new Promise(resolve => requestAnimationFrame(() => resolve()));
  const all = performance.now() - t0;
  const timeline = performance.getEntriesByType('resource').filter(e => e.name.indexOf('/search/') >= 0)
    .map(e => [e.name.replace(/^.*[/]search[/]/, '').replace(/[?].*/, ''), Math.round(e.startTime - t0), Math.round(e.responseEnd - t0)]);
  const results = Array.prototype.map.call(list.querySelectorAll('[role=option]'), o => ({
    title: (o.querySelector('.search-title') || {}).textContent || '',
    href: (o.querySelector('a') || {}).href || '',
    marks: o.querySelectorAll('.search-snippet mark').length }));
  // The same query once more on this page, its files now in the script's memory: the script's own work.
  input.value = '';
  input.dispatchEvent(new Event('input'));
  await new Promise(r => setTimeout(r, 50));
  const t1 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input'));
  await new Promise(resolve => {
    const done = () => !list.hidden && list.querySelectorAll('[role=option]').length >= Math.min(20, total);
    if (done()) return resolve();
    const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
    observer.observe(list, { childList: true, attributes: true });
  });
  await new Promise(resolve => requestAnimationFrame(() => resolve()));
  const again = performance.now() - t1;
  return { ms: ms, all: all, again: again, status: document.getElementById('site-search-status').textContent, results: results, timeline: timeline };
})()"""


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Sends a file gzip-compressed (level 6, as nginx's gzip_comp_level 6 or most static hosts) when accepted,
    over HTTP/1.1 connections kept alive (as any static host)."""
    protocol_version = "HTTP/1.1"
    cache = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            return super().send_head()
        if path not in self.cache:
            with open(path, "rb") as f:
                self.cache[path] = gzip.compress(f.read(), 6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


def main():
    args = sys.argv[1:]
    output = os.path.abspath(args.pop(0))
    runs, dump = 5, None
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--runs":
            runs = int(args.pop(0))
        elif flag == "--json":
            dump = args.pop(0)
    queries = [(q, "") for q in args] or QUERIES
    # Compressed before the first request, as a host serving precompressed files (or with a warm cache) does.
    for folder, _, names in os.walk(os.path.join(output, "search")):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                Gzipped.cache[path] = gzip.compress(f.read(), 6, mtime=0)
    handler = functools.partial(Gzipped, directory=output)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d/" % server.server_address[1]
    processes = bt.Processes()
    profile = tempfile.mkdtemp(prefix="almanac-search-bench-")
    report = {"queries": []}
    try:
        devtools = bt.start_chromium(processes, shutil.which("chromium") or "/usr/bin/chromium", profile)
        page = bt.open_page(devtools)
        page.send("Network.enable")
        page.send("Network.setCacheDisabled", {"cacheDisabled": True})
        report["browser"] = json.loads(bt.http_get(devtools + "/json/version")[1])["Browser"]
        requests, sizes = {}, {}

        def listen(method, params):
            if method == "Network.requestWillBeSent":
                requests[params["requestId"]] = params["request"]["url"]
            elif method == "Network.loadingFinished":
                sizes[params["requestId"]] = params.get("encodedDataLength", 0)
        page.listeners.append(listen)
        page.navigate(base)  # a first load, so that Chromium's own start-up is not in the first query's time
        for query, label in queries:
          for typing in (0, TYPING_MS):
            row = {"query": query, "label": label, "typing": typing, "runs": []}
            for _ in range(runs):
                page.navigate(base)
                # A reader needs more than half a second after a page loads to press / and type a word.
                page.evaluate("new Promise(r => setTimeout(r, %d))" % SETTLE_MS)
                requests.clear()
                sizes.clear()
                measured = page.evaluate(MEASURE % (json.dumps(query), typing), timeout=60)
                page.evaluate("new Promise(r => setTimeout(r, 50))")  # the last loadingFinished events
                fetched = sorted((url, sizes.get(rid, 0)) for rid, url in requests.items() if "/search/" in url)
                stored = sent = 0
                for url, _ in fetched:
                    path = os.path.join(output, url[len(base):].split("?")[0])
                    with open(path, "rb") as f:
                        data = f.read()
                    stored += len(data)
                    sent += len(gzip.compress(data, 6, mtime=0))
                row["runs"].append({"ms": measured["ms"], "all": measured["all"], "again": measured["again"], "files": len(fetched), "gzip": sent, "raw": stored,
                                    "transfer": sum(s for _, s in fetched), "status": measured["status"],
                                    "results": measured["results"][:3], "timeline": measured["timeline"]})
            times = sorted(r["ms"] for r in row["runs"])
            row["median"] = times[len(times) // 2]
            row["max"] = times[-1]
            every = sorted(r["all"] for r in row["runs"])
            row["allMedian"] = every[len(every) // 2]
            again = sorted(r["again"] for r in row["runs"])
            row["againMedian"] = again[len(again) // 2]
            report["queries"].append(row)
    finally:
        processes.stop()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    if dump:
        with open(dump, "w") as f:
            json.dump(report, f, indent=1)
    print("%s; %d runs per query, each on a fresh page load with the cache disabled\n" % (report["browser"], runs))
    print("| query | what | typed after focus (ms) | files fetched | KB sent (gzip) | KB stored | median ms | max ms | all listed, median ms | results | first result |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for row in report["queries"]:
        last = row["runs"][-1]
        top = last["results"][0] if last["results"] else {"title": "", "href": ""}
        fragment = top["href"].split("#", 1)[1] if "#" in top["href"] else ""
        print("| `%s` | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s%s |" % (
            row["query"], row["label"], row["typing"], last["files"], last["gzip"] / 1000, last["raw"] / 1000, row["median"],
            row["max"], row["allMedian"], last["status"], top["title"], " (#%s)" % fragment if fragment else ""))


if __name__ == "__main__":
    main()
