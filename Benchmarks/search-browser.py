#!/usr/bin/env python3
"""Times the first query of a page load in headless Chromium, and counts what it downloads.

    python3 Benchmarks/search-browser.py OUTPUT_DIR [--runs R] [--json FILE] [QUERY ...]

Serves OUTPUT_DIR on 127.0.0.1 the way a static host does: every file gzip-compressed (level 6) when the browser
accepts it. For each query and each of R runs (default 5), opens the home page in headless Chromium (the DevTools
helpers of Tests/Browser/browser_test.py, which need `websocket-client`) with the cache disabled, then, from one
instant: focuses the search box (which fetches search/meta.json), types the query (one `input` event) and waits
until the results are in the list and the next frame starts. It reports that time (performance.now() in the
page), the files under search/ the page fetched, their bytes as sent (gzip) and as stored, and the first results.
Prints a Markdown table; --json writes every run."""
import functools, gzip, http.server, json, os, shutil, socketserver, sys, tempfile, threading

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Tests", "Browser"))
import browser_test as bt  # noqa: E402

# (query, what it is); Benchmarks/search.sh passes its own list.
QUERIES = [("failover", "a common word"), ("cert expiry", "two words"), ("the", "in every document")]

MEASURE = """(async () => {
  const q = %s;
  const input = document.getElementById('site-search-input'), list = document.getElementById('site-search-results');
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
  const results = Array.prototype.map.call(list.querySelectorAll('[role=option]'), o => ({
    title: (o.querySelector('.search-title') || {}).textContent || '',
    href: (o.querySelector('a') || {}).href || '',
    marks: o.querySelectorAll('.search-snippet mark').length }));
  return { ms: ms, status: document.getElementById('site-search-status').textContent, results: results };
})()"""


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Sends a file gzip-compressed (level 6, as nginx's gzip_comp_level 6 or most static hosts) when accepted."""
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
            row = {"query": query, "label": label, "runs": []}
            for _ in range(runs):
                page.navigate(base)
                page.evaluate("1")
                requests.clear()
                sizes.clear()
                measured = page.evaluate(MEASURE % json.dumps(query), timeout=60)
                page.evaluate("new Promise(r => setTimeout(r, 50))")  # the last loadingFinished events
                fetched = sorted((url, sizes.get(rid, 0)) for rid, url in requests.items() if "/search/" in url)
                stored = sent = 0
                for url, _ in fetched:
                    path = os.path.join(output, url[len(base):].split("?")[0])
                    with open(path, "rb") as f:
                        data = f.read()
                    stored += len(data)
                    sent += len(gzip.compress(data, 6, mtime=0))
                row["runs"].append({"ms": measured["ms"], "files": len(fetched), "gzip": sent, "raw": stored,
                                    "transfer": sum(s for _, s in fetched), "status": measured["status"],
                                    "results": measured["results"][:3]})
            times = sorted(r["ms"] for r in row["runs"])
            row["median"] = times[len(times) // 2]
            row["max"] = times[-1]
            report["queries"].append(row)
    finally:
        processes.stop()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    if dump:
        with open(dump, "w") as f:
            json.dump(report, f, indent=1)
    print("%s; %d runs per query, each on a fresh page load with the cache disabled\n" % (report["browser"], runs))
    print("| query | what | files fetched | KB sent (gzip) | KB stored | median ms | max ms | results | first result |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for row in report["queries"]:
        last = row["runs"][-1]
        top = last["results"][0] if last["results"] else {"title": "", "href": ""}
        fragment = top["href"].split("#", 1)[1] if "#" in top["href"] else ""
        print("| `%s` | %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s%s |" % (
            row["query"], row["label"], last["files"], last["gzip"] / 1000, last["raw"] / 1000, row["median"],
            row["max"], last["status"], top["title"], " (#%s)" % fragment if fragment else ""))


if __name__ == "__main__":
    main()
