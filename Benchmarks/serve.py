#!/usr/bin/env python3
"""Live preview at scale: how long `almanac serve` takes to show an edit, on the every-kind corpus.

    Benchmarks/serve.sh [--documents N] [--edits E] [--almanac PATH] [--timings]

Generates (or reuses) `generate.py N` in $WORK (default /tmp/almanac-bench), copies its content to a scratch
folder, starts `almanac serve --port 0` on it (release build) and measures, as a writer would see it:

- start: from launching the server to its first answered request (the first build is a full one);
- for each scenario, E edits, each from the moment the file is written (and closed) to the moment the server
  sends the changed page, polled every 5 ms over HTTP; each edit starts once the server has finished the last
  one's build:
  body edit of one runbook, title change of one runbook (its title shows on many pages), a new postmortem, and a
  broken reference (an unknown owner: until the overlay's diagnostics list it; the file is then fixed again,
  which is not timed);
- the baseline: one clean `almanac build` of the same content in the same run;
- memory: the server's peak resident set (VmHWM) at the end.

Writes a Markdown report to stdout and, with --report FILE, into FILE between the markers
`<!-- serve:begin -->` and `<!-- serve:end -->` (appended when they are missing).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AS_OF = "2026-11-25"


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_until(condition, timeout=60, interval=0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--almanac", default=os.path.join(ROOT, ".build/release/almanac"))
    parser.add_argument("--report")
    parser.add_argument("--timings", action="store_true",
                        help="run the server with --timings and print each scenario's median time per build step")
    args = parser.parse_args()

    work = os.environ.get("WORK", "/tmp/almanac-bench")
    corpus = os.path.join(work, "corpus-every-%d" % args.documents)
    if not os.path.isdir(os.path.join(corpus, "almanac")):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(args.documents), corpus, "--seed", "1"], check=True)
    scratch = tempfile.mkdtemp(prefix="almanac-serve-bench-")
    content = os.path.join(scratch, "content")
    shutil.copytree(os.path.join(corpus, "almanac"), content)
    output = os.path.join(scratch, "site")
    runbooks = sorted(f for f in os.listdir(os.path.join(content, "runbooks")) if f.endswith(".md"))
    postmortems = sorted(f for f in os.listdir(os.path.join(content, "postmortems")) if f.endswith(".md"))

    # The baseline: a clean build of the same content, in this run.
    start = time.monotonic()
    subprocess.run([args.almanac, "build", "--content", content, "--output", os.path.join(scratch, "clean"),
                    "--as-of", AS_OF, "--base-url", "/"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    clean_build = time.monotonic() - start

    log = []
    start = time.monotonic()
    server = subprocess.Popen([args.almanac, "serve", "--content", content, "--output", output, "--as-of", AS_OF,
                               "--port", "0"] + (["--timings"] if args.timings else []), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    address = {}
    found = threading.Event()

    def reader():
        for line in server.stderr:
            log.append(line)
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                address["base"] = match.group(1)
                found.set()
    threading.Thread(target=reader, daemon=True).start()
    results = {}
    try:
        if not found.wait(300):
            raise RuntimeError("serve did not start:\n" + "".join(log[-20:]))
        base = address["base"]
        wait_until(lambda: get(base)[0] == 200, 60)
        results["start"] = time.monotonic() - start

        def timed(name, change, ready, then=lambda i: None):
            """E edits: `change(i)` gives the file and its new text, `ready(i)` says when the server shows it,
            `then(i)` runs after each (untimed)."""
            times = []
            first_line = len(log)
            def attempts():
                return json.loads(get(base + "__almanac/status?since=-1")[1] or "{}").get("attempt", -1)
            for i in range(args.edits):
                path, text = change(i)
                before = attempts()
                began = time.monotonic()
                write(path, text)
                if not wait_until(lambda: ready(i), 60):
                    crash = next((k for k, line in enumerate(log) if "Program crashed" in line), None)
                    shown = log[crash:crash + 60] if crash is not None else [line for line in log if line.startswith(("Changed", "Built", "Build failed"))][-8:]
                    raise RuntimeError("%s %d: the change did not show within 60 s; the server said:\n%s" % (name, i, "".join(shown)))
                times.append(time.monotonic() - began)
                # The next edit starts on an idle server: this edit's build has ended (the page shows before
                # the rest of the site is rendered).
                wait_until(lambda: attempts() > before, 60)
                then(i)
                time.sleep(0.05)
            results[name] = times
            if args.timings:
                steps = {}
                for line in log[first_line:]:
                    match = re.match(r"\s+(\S+)\s+([0-9.]+) ms$", line.rstrip("\n"))
                    if match:
                        steps.setdefault(match.group(1), []).append(float(match.group(2)))
                print("%s: %s" % (name, ", ".join("%s %.0f ms" % (step, statistics.median(values))
                                                   for step, values in steps.items())), file=sys.stderr)

        def body(i):
            path = os.path.join(content, "runbooks", runbooks[i])
            text = read(path)
            head, _, rest = text[4:].partition("\n---\n")
            return path, "---\n" + head + "\n---\nServe benchmark body edit %d.\n\n" % i + rest

        def body_shown(i):
            return ("Serve benchmark body edit %d." % i) in get(base + "runbooks/%s/" % runbooks[i][:-3])[1]
        timed("body edit of a runbook", body, body_shown)

        def title(i):
            path = os.path.join(content, "runbooks", runbooks[100 + i])
            return path, re.sub(r'^title: .*$', 'title: "Retitled runbook %d"' % i, read(path), count=1, flags=re.M)

        def title_shown(i):
            return ("Retitled runbook %d" % i) in get(base + "runbooks/%s/" % runbooks[100 + i][:-3])[1]
        timed("title change of a runbook", title, title_shown)

        def new(i):
            text = re.sub(r'^title: .*$', 'title: "New postmortem %d"' % i, read(os.path.join(content, "postmortems", postmortems[i])),
                          count=1, flags=re.M)
            return os.path.join(content, "postmortems", "serve-bench-new-%d.md" % i), text

        def new_shown(i):
            status, page = get(base + "postmortems/serve-bench-new-%d/" % i)
            return status == 200 and ("New postmortem %d" % i) in page
        timed("new postmortem", new, new_shown)

        originals = {}

        def broken(i):
            path = os.path.join(content, "runbooks", runbooks[200 + i])
            originals[i] = read(path)
            return path, re.sub(r'^owner: .*$', 'owner: nobody-%d' % i, originals[i], count=1, flags=re.M)

        def overlay(i):
            return ("nobody-%d" % i) in get(base + "__almanac/diagnostics")[1]

        def fixed(i):
            write(os.path.join(content, "runbooks", runbooks[200 + i]), originals[i])
            wait_until(lambda: json.loads(get(base + "__almanac/status?since=-1")[1] or "{}").get("ok") is True, 60)
        timed("broken reference (overlay)", broken, overlay, then=fixed)

        with open("/proc/%d/status" % server.pid) as f:
            status = f.read()
        results["peak_kib"] = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    targets = {"body edit of a runbook": 0.1, "title change of a runbook": 0.3, "new postmortem": 0.3,
               "broken reference (overlay)": 0.2}
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "## Live preview (`almanac serve`)",
        "",
        "Generated by `Benchmarks/serve.sh` on %s at commit %s: every-kind corpus, %s documents (`generate.py`), "
        "release build, %d edits per scenario, each timed from the file's write to the server sending the changed page "
        "(polled every 5 ms over HTTP), each made once the server has ended the last one's build. Machine: `nproc` = %d, shared." % (
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), commit, format(args.documents, ","), args.edits, os.cpu_count()),
        "",
        "| scenario | median | max | target (median) | status |",
        "|---|---:|---:|---:|---|",
    ]
    for name, target in targets.items():
        times = results[name]
        median = statistics.median(times)
        lines.append("| %s | %.0f ms | %.0f ms | < %.0f ms | %s |" % (
            name, median * 1000, max(times) * 1000, target * 1000, "met" if median < target else "missed"))
    lines += [
        "",
        "Baseline, same run: a clean `almanac build` of the same content takes %.2f s; the server answered its first "
        "request %.2f s after it was started (its first build is a full one). Peak resident memory of the server at the "
        "end: %d MiB (target < 1,024 MiB)." % (clean_build, results["start"], results["peak_kib"] // 1024),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        block = "<!-- serve:begin -->\n" + report + "<!-- serve:end -->\n"
        text = read(args.report) if os.path.exists(args.report) else ""
        if "<!-- serve:begin -->" in text and "<!-- serve:end -->" in text:
            text = re.sub(r"<!-- serve:begin -->.*?<!-- serve:end -->\n?", lambda _: block, text, flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + block
        write(args.report, text)


if __name__ == "__main__":
    main()
