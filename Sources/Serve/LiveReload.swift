import Foundation

/// The script `almanac serve` adds to every HTML page it sends (never to the files of the output folder).
///
/// It long-polls `/__almanac/status?since=ATTEMPT`, which answers as soon as a build ends (or after a few
/// seconds with nothing new). When the generation (successful builds) differs from the page's, the page reloads;
/// when only the attempt changed (a build failed), it fetches `/__almanac/diagnostics` and shows them in an
/// overlay. Text goes in through `textContent` only, so a message can never become markup.
public enum LiveReload {
    /// The marker the injected script starts with, for tests and for not injecting twice.
    public static let marker = "<script data-almanac-live-reload"

    public static func script(generation: Int, attempt: Int) -> String {
        """
        \(marker)>
        (function () {
          var generation = \(generation), seen = \(attempt), failures = 0;
          function el(tag, style, text) {
            var e = document.createElement(tag);
            if (style) e.style.cssText = style;
            if (text !== undefined) e.textContent = text;
            return e;
          }
          function show(report) {
            var old = document.getElementById('__almanac_overlay');
            if (old) old.remove();
            if (report.ok) return;
            var box = el('div', 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);' +
              'color:#eee;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2em;');
            box.id = '__almanac_overlay';
            var close = el('button', 'float:right;font:inherit;cursor:pointer;', 'close ×');
            close.onclick = function () { box.remove(); };
            box.appendChild(close);
            box.appendChild(el('h2', 'margin:0 0 1em;color:#ff6b6b;font-size:1.2em;',
              'almanac: the build failed; this page shows the last good build'));
            var all = report.diagnostics || [];
            var isError = function (d) { return d.severity === 'error'; };
            all.filter(isError).concat(all.filter(function (d) { return !isError(d); })).forEach(function (d) {
              var item = el('div', 'margin:0 0 1.2em;padding:.6em .8em;border-left:4px solid ' +
                (d.severity === 'error' ? '#ff6b6b' : '#ffd166') + ';background:rgba(255,255,255,.05);');
              item.className = '__almanac_diagnostic';
              item.appendChild(el('div', 'font-weight:bold;', d.severity + '[' + d.code + ']: ' + d.message));
              if (d.file) item.appendChild(el('div', 'color:#8ecae6;', '--> ' + d.file + ':' + d.line + ':' + d.column));
              if (d.expected) item.appendChild(el('div', '', 'expected: ' + d.expected));
              if (d.found) item.appendChild(el('div', '', 'found: ' + d.found));
              if (d.help) item.appendChild(el('div', 'color:#95d5b2;', 'help: ' + d.help));
              box.appendChild(item);
            });
            document.body.appendChild(box);
          }
          function diagnostics() {
            fetch('/__almanac/diagnostics', { cache: 'no-store' })
              .then(function (r) { return r.json(); }).then(show).catch(function () {});
          }
          function poll() {
            fetch('/__almanac/status?since=' + seen, { cache: 'no-store' })
              .then(function (r) { return r.json(); })
              .then(function (s) {
                failures = 0;
                if (s.generation !== generation) { location.reload(); return; }
                if (s.attempt !== seen) { seen = s.attempt; diagnostics(); }
                poll();
              })
              .catch(function () { failures++; setTimeout(poll, Math.min(5000, 500 * failures)); });
          }
          if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', diagnostics);
          else diagnostics();
          poll();
        })();
        </script>

        """
    }

    /// The page with the script added before its last `</body>` (or at its end when it has none).
    public static func inject(into html: String, generation: Int, attempt: Int) -> String {
        let script = script(generation: generation, attempt: attempt)
        if let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            var out = html
            out.insert(contentsOf: script, at: range.lowerBound)
            return out
        }
        return html + script
    }
}
