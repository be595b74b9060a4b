import Foundation

/// The script `almanac serve` adds to every HTML page it sends (never to the files of the output folder).
///
/// It long-polls `/__almanac/status?since=ATTEMPT&page=PATH`, which answers as soon as a build ends (or after a
/// few seconds with nothing new) with, among the rest, the generation of the build that last changed this page.
/// When that differs from the page's own, the page reloads, keeping its scroll position; other pages stay as
/// they are. When the attempt changed, it fetches `/__almanac/diagnostics` and shows them in an overlay, or
/// clears it. Text goes in through `textContent` only, so a message can never become markup.
public enum LiveReload {
    /// The marker the injected script starts with, for tests and for not injecting twice.
    public static let marker = "<script data-almanac-live-reload"

    /// `generation` is the generation that last changed the page being sent; with `followsSite` (a page that
    /// was not found), the generation of the site: it reloads after every successful build.
    public static func script(generation: Int, attempt: Int, followsSite: Bool = false) -> String {
        """
        \(marker)>
        (function () {
          var generation = \(generation), seen = \(attempt), failures = 0, key = '\(followsSite ? "generation" : "page")';
          var scrollKey = '__almanac_scroll:' + location.pathname;
          try {
            var saved = sessionStorage.getItem(scrollKey);
            if (saved !== null) {
              sessionStorage.removeItem(scrollKey);
              var restore = function () { window.scrollTo(0, parseInt(saved, 10) || 0); };
              if (document.readyState === 'complete') restore(); else window.addEventListener('load', restore);
            }
          } catch (e) {}
          function reload() {
            try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) {}
            location.reload();
          }
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
            fetch('/__almanac/status?since=' + seen + '&page=' + encodeURIComponent(location.pathname), { cache: 'no-store' })
              .then(function (r) { return r.json(); })
              .then(function (s) {
                failures = 0;
                if (s[key] !== generation) { reload(); return; }
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
    public static func inject(into html: String, generation: Int, attempt: Int, followsSite: Bool = false) -> String {
        let script = script(generation: generation, attempt: attempt, followsSite: followsSite)
        if let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            var out = html
            out.insert(contentsOf: script, at: range.lowerBound)
            return out
        }
        return html + script
    }
}
