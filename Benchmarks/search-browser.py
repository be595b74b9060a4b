#!/usr/bin/env python3
"""Times site search in headless Chromium on a built site (the 10,000-document corpus, say).

    python3 Benchmarks/search-browser.py OUTPUT_DIR [QUERY ...]

Serves OUTPUT_DIR on 127.0.0.1 (Python's http.server), opens a page in headless Chromium over the DevTools
protocol (the helpers of Tests/Browser/browser_test.py, which need `websocket-client`), loads the theme's
search.js into the page as a module, fetches search-index.json, and times `search()` plus the snippets of the
first 20 results, 30 runs per query, with performance.now(). Prints a Markdown table."""
import functools, http.server, json, os, shutil, socketserver, sys, tempfile, threading

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Tests", "Browser"))
import browser_test as bt  # noqa: E402

QUERIES = ["failover", "cert expiry", "replica set", "idempotency keys", "restart the workers", "latency", "e", "the", "zzzz"]


def main():
    output = os.path.abspath(sys.argv[1])
    queries = sys.argv[2:] or QUERIES
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=output)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d/" % server.server_address[1]
    processes = bt.Processes()
    profile = tempfile.mkdtemp(prefix="almanac-search-bench-")
    try:
        devtools = bt.start_chromium(processes, shutil.which("chromium"), profile)
        page = bt.open_page(devtools)
        page.navigate(base)
        script = open(os.path.join(here, "..", "Themes", "default", "assets", "search.js")).read()
        page.evaluate("window.module = {exports: {}}; (function (module) {" + script + "\n})(window.module); true")
        load = page.evaluate("""(async () => {
            const t0 = performance.now();
            const data = await (await fetch('search-index.json')).json();
            const t1 = performance.now();
            window.records = module.exports.prepare(data);
            const t2 = performance.now();
            return [t1 - t0, t2 - t1, data.docs.length];
        })()""", timeout=60)
        version = json.loads(bt.http_get(devtools + "/json/version")[1])["Browser"]
        print("%s; %d documents; fetch and parse %.1f ms, prepare %.1f ms\n" % (version, load[2], load[0], load[1]))
        print("| query | results | first run (ms) | median (ms) | max (ms) |")
        print("|---|---:|---:|---:|---:|")
        worst = 0.0
        for q in queries:
            times = page.evaluate("""(() => {
                const api = module.exports, q = %s, out = [];
                let count = 0;
                for (let i = 0; i < 30; i++) {
                    const t0 = performance.now();
                    const hits = api.search(window.records, q, 20);
                    hits.results.forEach(h => api.snippet(h.doc, hits.words));
                    out.push(performance.now() - t0);
                    count = hits.total;
                }
                return [count, out];
            })()""" % json.dumps(q), timeout=120)
            runs = times[1]
            ordered = sorted(runs)
            worst = max(worst, ordered[-1])
            print("| `%s` | %s | %.2f | %.2f | %.2f |" % (q, times[0], runs[0], ordered[len(ordered) // 2], ordered[-1]))
        print("\nSlowest run of any query: %.1f ms" % worst)
    finally:
        processes.stop()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
