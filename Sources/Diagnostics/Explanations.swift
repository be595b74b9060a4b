/// The long form of a diagnostic code, for `almanac explain CODE` and docs/diagnostics.md.
public struct Explanation: Sendable {
    /// One or two sentences: what the problem is and why Almanac cares.
    public let summary: String
    /// A short erroneous snippet (front matter, Markdown, almanac.yaml or a command), as a writer would type it.
    public let example: String
    /// The same snippet corrected, or the step to take.
    public let fix: String
    /// Subtleties: quoting, time zones, how a rule is computed, what else to look at.
    public let notes: String?

    public init(summary: String, example: String, fix: String, notes: String? = nil) {
        self.summary = summary
        self.example = example
        self.fix = fix
        self.notes = notes
    }
}

extension Code {
    /// The long explanation of this code.
    public var explanation: Explanation {
        Explanations.table[id] ?? Explanation(summary: title, example: "", fix: "", notes: nil)
    }
}

/// Every example below was checked against a real build of the example knowledge base: broken as shown, it
/// produces the code it illustrates (sometimes with a consequence that the notes mention).
enum Explanations {
    static let table: [String: Explanation] = [
        // MARK: Files and front matter (E01xx)

        "E0101": Explanation(
            summary: """
                Almanac found a document file but could not open or read it, so nothing in it can be checked
                or built. This is a file-system problem (permissions, or something that is not a regular file),
                not a problem with what is written in the file.
                """,
            example: """
                $ ls -l Content/runbooks/
                -rw-r--r--  1 maya  staff  5210 Nov 20 09:12 feed-latency.md
                -rw-------  1 maya  staff  3984 Nov 24 17:40 feed-cache-warmup.md
                $ almanac build      # run in CI by a user who is not maya
                """,
            fix: """
                $ chmod a+r Content/runbooks/feed-cache-warmup.md
                $ almanac build
                """,
            notes: """
                The message has no line number because nothing of the file could be read. Check that the path
                is an ordinary file that the user who runs the build can read (CI runners often use another
                user than the one who committed it), and not a socket, a device or a file locked by a sync tool.
                A named pipe (FIFO), a socket or a device anywhere in the content folder is reported as not a
                regular file, and never waited on. A symbolic link is reported when it points at nothing, out
                of the content folder, or at a hidden file or folder (a link to `.env` or `.git/` would publish
                it). A file with bytes that are not valid UTF-8 is not this error: it is read, and each invalid
                byte shows up as U+FFFD (�) on the page. Hidden files (names starting with `.`) are never read.
                """),

        "E0102": Explanation(
            summary: """
                A document does not start with YAML front matter: a first line `---`, the fields, and a closing
                `---`. Without it Almanac knows neither the document's title nor the fields its kind requires,
                so the file is not built.
                """,
            example: """
                # Spam wave escalation

                When SpamHoldRateHigh fires, page the trust-safety on-call
                and follow the [spam wave runbook](runbook:spam-wave).
                """,
            fix: """
                ---
                title: Spam wave escalation
                owner: trust-safety
                services: [spam-filter]
                last_reviewed: 2026-11-20
                ---

                When SpamHoldRateHigh fires, page the trust-safety on-call
                and follow the [spam wave runbook](runbook:spam-wave).
                """,
            notes: """
                The `---` must be the very first line of the file: a blank line, a comment or a heading above
                it means the file has no front matter (a UTF-8 byte-order mark is tolerated). Free-form pages
                under `pages/` need front matter too, even if it holds only `title:`. The fields each kind
                requires are listed in docs/writers-guide.md; once the front matter is there, any required
                field still missing is reported as E0201.
                """),

        "E0103": Explanation(
            summary: """
                The front matter is opened by `---` on the first line but never closed, so Almanac cannot tell
                where the fields end and the Markdown body begins. The rest of the file is then read as YAML,
                which usually also produces an E0104 further down.
                """,
            example: """
                ---
                title: Spam wave escalation
                owner: trust-safety
                services: [spam-filter]
                last_reviewed: 2026-11-20

                ## When SpamHoldRateHigh fires
                """,
            fix: """
                ---
                title: Spam wave escalation
                owner: trust-safety
                services: [spam-filter]
                last_reviewed: 2026-11-20
                ---

                ## When SpamHoldRateHigh fires
                """,
            notes: """
                The closing line is `---` alone on its line (YAML's `...` is accepted too); trailing spaces are
                ignored, but `----` or `--- notes` is not a closing line. Fix this error first: the E0104
                errors reported for the same file usually disappear with it.
                """),

        "E0104": Explanation(
            summary: """
                The front matter is not valid YAML, so none of its fields can be read. The usual causes are an
                unquoted `@handle`, a value that contains `: `, tabs used for indentation, and a quote or
                bracket that is never closed.
                """,
            example: """
                title: Feed latency
                owner: @maya
                services: [feed-service, feed-ranker-v2]
                last_reviewed: 2026-10-02
                """,
            fix: """
                title: Feed latency
                owner: "@maya"
                services: [feed-service, feed-ranker-v2]
                last_reviewed: 2026-10-02
                """,
            notes: """
                YAML reserves `@` at the start of a plain value, so a handle is always quoted, wherever it
                appears: `owner: "@maya"`, `who: "@devon"`, `handle: "@lena"`. Quote a value that contains
                `: ` (`title: "Deploys: a guide"`). Quote a value that starts with `#` too: `channel: #feeds`
                is not an error but an empty value followed by a comment; write `channel: "#feeds"`. Indent
                with spaces only. While a file has a YAML error its field errors (E02xx) are not reported, so
                more errors may appear once this one is fixed. The same mistakes in `almanac.yaml` are
                reported as E0902.
                """),

        "E0105": Explanation(
            summary: """
                The same key is written twice in one mapping. YAML does not allow it, and Almanac will not
                guess which of the two values you meant.
                """,
            example: """
                title: Search index lag
                owner: feeds-discovery
                services: [search-service]
                last_reviewed: 2026-07-08
                last_reviewed: 2026-11-20
                """,
            fix: """
                title: Search index lag
                owner: feeds-discovery
                services: [search-service]
                last_reviewed: 2026-11-20
                """,
            notes: """
                The error points at the second occurrence, and a note at the first. Every mapping is checked,
                not only the top level: two `production:` entries under a flag's `environments`, or two
                `control:` entries under an experiment's `results.variants`, are reported too. When you update
                a value such as `last_reviewed`, edit the existing line rather than adding one.
                """),

        "E0106": Explanation(
            summary: """
                A mapping key is a list or a mapping instead of a plain name. Fields are always named by plain
                words such as `title:` or `production:`, so a key written in brackets or braces (or after
                YAML's `?` complex-key marker) cannot be any field.
                """,
            example: """
                environments:
                  development: { enabled: true, rollout: 100, cohorts: [moderators] }
                  [staging, production]: { enabled: true, rollout: 100, cohorts: [moderators] }
                """,
            fix: """
                environments:
                  development: { enabled: true, rollout: 100, cohorts: [moderators] }
                  staging: { enabled: true, rollout: 100, cohorts: [moderators] }
                  production: { enabled: true, rollout: 100, cohorts: [moderators] }
                """,
            notes: """
                YAML cannot give several keys one value. Write each key on its own line; to avoid retyping a
                long value, name it with an anchor and repeat it with an alias
                (`development: &on { ... }`, then `staging: *on`). The entry with the bad key is skipped, so
                it usually causes a second error, such as E0201 for the environments it was meant to cover.
                """),

        "E0107": Explanation(
            summary: """
                A file in the content folder is not where any kind of document can be, so Almanac skips it: it
                is not built, and references to it do not resolve. It is reported as a warning, because the
                build can go on, but a document that silently disappears from the site is rarely intended.
                """,
            example: """
                Content/
                  runbooks/
                    moderation-queue-backlog.md
                    feeds/
                      feed-cache-warmup.md        <- runbooks cannot be in sub-folders
                  runbook/
                    spam-wave-escalation.md       <- the folder is `runbooks/`, plural
                """,
            fix: """
                Content/
                  runbooks/
                    feed-cache-warmup.md
                    moderation-queue-backlog.md
                    spam-wave-escalation.md
                """,
            notes: """
                Documents are `.md` files directly in `teams/`, `services/`, `integrations/`, `runbooks/`,
                `postmortems/`, `flags/`, `experiments/`, `rollouts/` or `sprints/`; only `pages/` may have sub-folders.
                Images, diagrams and other files that are not documents belong under `assets/`, and CSV exports
                of experiment results under `experiments/data/`. `almanac.yaml`, `_theme/`, `_schemas/` and
                hidden files are never reported, except a hidden `.md` file in a document folder (such as
                `runbooks/.draft.md`): it is not built, and the warning says how to rename it if it should be.
                Although its code starts with E, this diagnostic is a warning: it does not fail the build unless
                you pass `--strict`.
                """),

        "E0108": Explanation(
            summary: """
                A document's slug is its file name without `.md`. It is used in URLs and in every reference to
                the document, so it must be lowercase letters, digits and hyphens, starting with a letter or a
                digit. A file whose name breaks this rule is not built.
                """,
            example: """
                Content/runbooks/Spam Wave Escalation.md
                Content/runbooks/link_unfurling_timeouts.md
                Content/flags/Feed-Ranker-V3.md
                """,
            fix: """
                Content/runbooks/spam-wave-escalation.md
                Content/runbooks/link-unfurling-timeouts.md
                Content/flags/feed-ranker-v3.md
                """,
            notes: """
                A slug matches `[a-z0-9][a-z0-9-]*`: no capitals, spaces, underscores or dots (apart from the
                `.md`). Replace underscores with hyphens (the suggested new name may still contain them). A
                flag's slug is its key, so rename the key where the code reads it too. The page's title comes from
                `title:` and can keep capitals and spaces. After renaming a file, update the references and
                links that used the old name (E0301 and E0303 list any you missed).
                """),

        "E0109": Explanation(
            summary: """
                Two documents have the same id, `<kind>/<slug>`. Ids must be unique because they name each
                page's URL and every reference to it. This happens with free-form pages, whose slugs are shared
                by all the sub-folders of `pages/`.
                """,
            example: """
                Content/pages/welcome.md               -> page/welcome
                Content/pages/onboarding/welcome.md    -> page/welcome
                """,
            fix: """
                Content/pages/welcome.md                               -> page/welcome
                Content/pages/onboarding/welcome-new-engineers.md      -> page/welcome-new-engineers
                """,
            notes: """
                Sub-folders of `pages/` only organise the sources: every page is published at
                `/pages/<slug>/` and linked as `page:<slug>`, whatever its folder. The error is reported on one
                of the two files, and a note names the other. After renaming, fix the links to the renamed
                page (E0303 lists them).
                """),

        // MARK: Fields (E02xx)

        "E0110": Explanation(
            summary: """
            The front matter, once its YAML aliases are expanded, holds more than 100,000 values. YAML lets an \
            anchor (`&name`) be repeated by an alias (`*name`); aliases of lists of aliases grow exponentially, \
            so a dozen lines can stand for billions of values (the "billion laughs" attack). Almanac stops \
            reading at 100,000 values instead of running out of memory.
            """,
            example: """
            a: &a [x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]
            """,
            fix: """
            Remove the nested aliases. Front matter describes one document: write its values out.
            """,
            notes: "A real document has a few hundred values at most; the limit is far above that."
        ),
        "E0999": Explanation(
            summary: """
            Almanac itself is broken or incomplete: a part it ships with, such as the built-in schemas of the \
            kinds (the resource folder `Almanac_Model.resources` beside the executable), is missing or damaged. \
            Nothing in the content causes this.
            """,
            example: """
            $ cp .build/release/almanac /usr/local/bin/
            $ almanac check
            error[E0999]: the built-in schema of `runbook` is missing or broken
            """,
            fix: """
            Run the almanac built in .build/release/ (its resources sit beside it), or copy
            Almanac_Model.resources along with the executable.
            """,
            notes: "Please report an E0999 that happens with a complete installation: it is a bug."
        ),
        "E0111": Explanation(
            summary: """
            A document holds bytes that are not UTF-8 text: a file saved in another encoding (Latin-1, \
            Windows-1252, UTF-16), or a binary file given a `.md` name. Almanac reads every document as UTF-8, \
            and would otherwise show replacement characters (�) on the site.
            """,
            example: """
            runbooks/spam-wave.md saved as Windows-1252: `café` is stored as the byte E9
            """,
            fix: """
            Save the file as UTF-8 (most editors: "Save with encoding" → UTF-8), or convert it:
                iconv -f WINDOWS-1252 -t UTF-8 spam-wave.md > spam-wave.utf8 && mv spam-wave.utf8 spam-wave.md
            """,
            notes: "The line and column point at the first byte that is not UTF-8."
        ),
        "E0112": Explanation(
            summary: """
            A document's body is beyond what Almanac renders: a line has more `|` than a table row may have \
            (500 cells), or the body is larger than 20 MB. cmark-gfm, the Markdown library Almanac uses, takes \
            time that grows with the square of a row's cells, so a table of thousands of columns would stall \
            the build; such a line is read as text and reported instead.
            """,
            example: """
            | metric | day 1 | day 2 | ... | day 20000 |
            """,
            fix: """
            Split the table into narrower ones, or put the data in a CSV file under `assets/` and link to it:
                The daily figures are in [the CSV](/assets/daily-figures.csv).
            """,
            notes: """
            Each over-wide line is reported: a table's header, delimiter row and rows. A body larger than 20 MB \
            is reported the same way, at its first line, and not parsed: cmark-gfm's tree of a body takes some \
            25 times its size in memory.
            """
        ),
        "W0113": Explanation(
            summary: """
                In YAML, a `#` that follows a blank starts a comment that runs to the end of the line. After an
                unquoted value, it silently cuts the value short: the page would show only what comes before
                the `#`, and a value made only of it (`channel: #sre`) is empty. Almanac warns where a comment
                follows an unquoted value on its line, and wherever a comment leaves a value empty.
                """,
            example: """
                title: Announce upgrades in #payments-platform one day ahead
                channel: #sre
                """,
            fix: """
                title: "Announce upgrades in #payments-platform one day ahead"
                channel: "#sre"
                """,
            notes: """
                A `#` inside a word (`C#`, `issue#42`) does not start a comment and is not reported. A comment
                meant as one belongs on a line of its own (as `almanac new` writes its notes); after a quoted
                value it is taken as meant too. Like every warning, this fails the build only under `--strict`.
                """),
        "W0114": Explanation(
            summary: """
                `almanac new` starts a document with placeholders: values such as `TODO-team` and `"@TODO"`, a
                `# TODO` note on every line to check, a `TODO:` hint under each section of the body, and a
                postmortem timeline whose four times are the same. Many of them are valid values, so the build
                would publish them as they are; this warning, one per document, lists every place that is left.
                """,
            example: """
                owner: core  # TODO: check the owner
                ...
                ## Symptoms

                TODO: what the on-call sees, such as the alert that fires.
                """,
            fix: """
                owner: core
                ...
                ## Symptoms

                `FeedLatencyHigh` fires: p99 of the feed above 800 ms for 5 minutes.
                """,
            notes: """
                The warning is at the first place left, with a note for each other. `TODO` counts where it
                stands as a word (`TODO-team`, `# TODO:`), not inside one. The placeholder member `"@TODO"` of a
                new team names no one: an owner or audit entry `"@TODO"` is an unknown person (E0302). Under
                `--strict` the warning is an error, so CI can refuse unfinished documents.
                """),
        "E0201": Explanation(
            summary: """
                A field that the document's kind requires is missing or empty. Almanac needs it to build the
                page, to compute values such as a runbook's review date, or to check the rules of the content
                model.
                """,
            example: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue, spam-filter]
                alerts: [ModQueueOldestItemAge, ModQueueIngestLag]
                """,
            fix: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue, spam-filter]
                alerts: [ModQueueOldestItemAge, ModQueueIngestLag]
                last_reviewed: 2026-11-06
                """,
            notes: """
                A key with nothing after it (`owner:`) counts as missing. The same code covers requirements
                that depend on other fields: a list that needs at least one item (`services: []`), a temporary
                flag without `expires`, a `done` or `deprioritized` action item without `closed`, a
                `deprioritized` one without `reason`, a `rollout` or `targeting` audit entry without `to`, a
                `mean` metric without `sd`, and a flag's `environments` that lacks an environment of
                `almanac.yaml`. A missing top-level field is reported at the start of the front matter; a
                missing nested one at the mapping that lacks it. The fields of each kind are listed in
                docs/writers-guide.md.
                """),

        "E0202": Explanation(
            summary: """
                A field has a value of the wrong type: a string where a list, a number or `true`/`false` is
                expected, or a list or mapping where a single value is expected. Almanac checks types so that
                pages, computed values and the JSON export can rely on them.
                """,
            example: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: moderation-queue
                last_reviewed: 2026-11-06
                """,
            fix: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue]
                last_reviewed: 2026-11-06
                """,
            notes: """
                A list needs brackets or `- ` items, even with one element. Only `true` and `false` are
                booleans: `yes`, `no`, `on` and `off` are strings, so `enabled: yes` is this error. Numbers are
                written bare: `tier: "1"` is a string, not an integer. The other way round is accepted: a
                number or a boolean where text is expected is read as text (`title: 404`). In a flag's audit
                log, the `to` of a `rollout` entry must be a percentage and the `to` of a `targeting` entry a
                list of cohorts.
                """),

        "E0203": Explanation(
            summary: """
                A field accepts only a fixed set of values (or values of a fixed form), and the value written
                is not one of them. Pages, filters and computed values such as a flag's status depend on the
                exact words.
                """,
            example: """
                # postmortems/moderation-queue-stall.md
                title: Moderation queue ingest stalled by a poison message
                owner: trust-safety
                severity: high
                status: in-review
                """,
            fix: """
                # postmortems/moderation-queue-stall.md
                title: Moderation queue ingest stalled by a poison message
                owner: trust-safety
                severity: sev2
                status: in-review
                """,
            notes: """
                Values are case-sensitive (`sev2`, not `SEV2`), and the expected line of the message lists the
                allowed ones. The same code covers values of a fixed form: a team member's `handle` is `@`
                followed by letters, digits, `-`, `_` or `.`, and is quoted (`handle: "@priya"`, not
                `handle: priya`); a rollout step's `duration` is a number followed by `m`, `h` or `d` (`30m`,
                `4h`, `1d`, not `4 hours`). A bad handle in a team file also hides every member of that team,
                so fix it before the E0302 errors it causes elsewhere.
                """),

        "E0204": Explanation(
            summary: """
                The front matter has a field that the document's kind does not define. Almanac rejects unknown
                fields instead of ignoring them: they are usually a typo or a field of another kind, and an
                ignored field is information that readers never see.
                """,
            example: """
                # services/feed-service.md
                title: feed-service
                owner: feeds-discovery
                tier: 1
                lifecycle: production
                oncall: feeds-primary
                """,
            fix: """
                # services/feed-service.md: the rotation belongs to the owning team,
                # as `oncall:` in teams/feeds-discovery.md (or in the service's body)
                title: feed-service
                owner: feeds-discovery
                tier: 1
                lifecycle: production
                """,
            notes: """
                The expected line lists every field accepted at that place, and when the key looks like a typo
                the help names the nearest one (`last_review` -> `last_reviewed`; a misspelt required field
                also gives E0201). Nested mappings are checked too: `slo.latency_p99` is reported, the field
                is `slo.latency_p99_ms`. Extension schemas under `_schemas/` are reserved for a later version;
                until then, put extra information in the Markdown body.
                """),

        "E0205": Explanation(
            summary: """
                A date or date-time is not in the form Almanac reads. Dates are `YYYY-MM-DD`; date-times (a
                postmortem's timeline, a flag's audit entries) are RFC 3339 with a time zone, such as
                `2026-11-03T10:47:00Z`. Almanac is strict because these values are compared, subtracted and
                counted into sprints.
                """,
            example: """
                timeline:
                  started: 2026-11-03T09:12:00Z
                  detected: 2026-11-03 10:47
                  mitigated: 2026-11-03T11:34:00Z
                  resolved: 2026-11-04T08:30:00Z
                """,
            fix: """
                timeline:
                  started: 2026-11-03T09:12:00Z
                  detected: 2026-11-03T10:47:00Z
                  mitigated: 2026-11-03T11:34:00Z
                  resolved: 2026-11-04T08:30:00Z
                """,
            notes: """
                A date has a four-digit year and a two-digit month and day (`2026-11-06`, not `2026-11-6` or
                `06/11/2026`), and must exist (`2026-02-30` is refused). Years run from 0001 to 9999: year 0000,
                which RFC 3339 allows, is refused in dates and date-times alike. A date-time needs the seconds and a
                zone: `Z` for UTC, or an offset such as `+01:00`; a space instead of the `T` is accepted. Write
                the time as you read it, with its zone: `2026-11-03T11:47:00+01:00` is the same instant as
                `2026-11-03T10:47:00Z`, and Almanac converts. Where a date-time is expected and only a date is
                written, the help suggests adding `T00:00:00Z`. Quotes around dates are allowed.
                """),

        "E0206": Explanation(
            summary: """
                A number is outside the range its field allows, or a list is longer than allowed. Almanac
                checks ranges so that percentages, tiers and counts mean what readers expect.
                """,
            example: """
                # services/api-gateway.md
                title: api-gateway
                owner: platform-sre
                tier: 0
                lifecycle: production
                """,
            fix: """
                # services/api-gateway.md: tier 1 is the most critical
                title: api-gateway
                owner: platform-sre
                tier: 1
                lifecycle: production
                """,
            notes: """
                Percentages (`rollout`, `percentage`, `weight`, `allocation`, `to` of a `rollout` audit entry,
                `error_budget_burned`, `slo.availability`) run from 0 to 100. `tier` is 1, 2 or 3.
                `review_every_days` runs from 1 to 3,650 days; `daily_traffic` from 1 to a trillion;
                `users_affected`, `units` and `conversions` from 0 to a trillion (so that no date or sum
                computed from them overflows); `alpha` and `power` lie strictly between 0 and 1. A
                postmortem has at most three action items: keep the three that matter most. A sprint whose
                `end` is before its `start` is also this error (a one-day sprint has `end` equal to `start`).
                """),

        // MARK: References and links (E03xx)

        "E0301": Explanation(
            summary: """
                A front-matter field names a document that does not exist. References use the slug (the file
                name without `.md`); Almanac resolves them to link pages together and show backlinks, and a
                name that resolves to nothing would be a dead link.
                """,
            example: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-and-safety
                services: [moderation-queues, spam-filter]
                """,
            fix: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue, spam-filter]
                """,
            notes: """
                Use the slug, not the title: `feed-ranker-v2`, not `Feed ranker v2`. `owner` takes a team slug
                or a person's quoted handle (`owner: "@maya"`); an unknown handle is E0302 instead. A document
                with errors of its own still counts as existing, but a file skipped because of E0107 or E0108
                does not. If the document really is missing, create it (`services/<slug>.md` for a service,
                and so on).
                """),

        "E0302": Explanation(
            summary: """
                A handle names nobody: a person is someone listed in the `members` of a team under `teams/`.
                Almanac checks this so that every owner, audit entry and action item leads to a real person
                and a team to contact.
                """,
            example: """
                # flags/trusted-moderator-tools.md
                audit:
                  - at: 2026-11-06T16:00:00Z
                    who: "@ravi"
                    environment: production
                    action: rollout
                    to: 100
                    why: Two days clean, no misuse in the audit log; step prod-100.
                """,
            fix: """
                # teams/trust-safety.md: add the person to their team
                members:
                  - name: Ravi Shah
                    handle: "@ravi"
                    role: Moderation tooling engineer
                """,
            notes: """
                Handles are compared exactly, case included: `"@Priya"` is not `"@priya"`. A person may be a
                member of several teams. When a team file has an error of its own (such as a malformed
                `handle`, E0203), none of its members are known until it is fixed, so every handle of that
                team is reported here: fix the team file first. If the handle is simply misspelt, the help
                suggests the nearest one.
                """),

        "E0303": Explanation(
            summary: """
                A link in a Markdown body points at a document, or a file under `assets/`, that does not exist.
                Almanac rewrites links between documents to the published URLs, and will not publish a link
                that leads nowhere.
                """,
            example: """
                ## Related

                - For spam-filter holds, follow the [spam wave runbook](runbook:spam-waves).
                - The [spam wave runbook](../runbooks/spam-waves.md) has the bulk-resolve steps.
                - Database down? See [posts-db failover](runbooks:posts-db-failover).
                """,
            fix: """
                ## Related

                - For spam-filter holds, follow the [spam wave runbook](runbook:spam-wave).
                - The [spam wave runbook](../runbooks/spam-wave.md) has the bulk-resolve steps.
                - Database down? See [posts-db failover](runbook:posts-db-failover).
                """,
            notes: """
                A document is linked either as `kind:slug`, with the kind in the singular (`runbook:`,
                `service:`, `page:`), or by a relative path to its `.md` file, resolved from the folder of the
                file that holds the link (from a runbook, a service is `../services/posts-service.md`). Pages
                are linked by slug whatever their sub-folder (`page:welcome`). A link into `assets/` must name
                an existing file. A relative path may not climb above the content folder (one `../` too
                many is reported, whatever the path after it). Web links (`https://...`), `mailto:` links and
                absolute paths are not checked.
                """),

        "E0304": Explanation(
            summary: """
                A body link's `#anchor` matches no heading of the target document. A renamed heading or a
                guessed anchor sends readers to the top of the page instead of the section they need, which
                matters most in a runbook during an incident.
                """,
            example: """
                If the primary itself is unhealthy, go straight to
                [failover](runbook:posts-db-failover#failover).
                """,
            fix: """
                If the primary itself is unhealthy, go straight to
                [emergency failover](runbook:posts-db-failover#emergency-failover).
                """,
            notes: """
                An anchor is the GitHub-style slug of a heading: its text in lowercase, spaces turned into
                hyphens, punctuation dropped (`## Check the replicas first` is `#check-the-replicas-first`,
                `## Roll back (v2)` is `#roll-back-v2`). A heading text that repeats gets `-1`, `-2`, ... in
                order. The expected line of the message lists the target's anchors. A bare `#anchor` links to
                a heading of the same document and is checked the same way. When you rename a heading, search
                for links to its old anchor.
                """),

        "E0305": Explanation(
            summary: """
                A flag, a schedule entry, an audit entry or a rollout step names an environment that is not
                listed under `environments` in `almanac.yaml`. The list is fixed for the whole site, so that
                every flag describes the same environments and production is known.
                """,
            example: """
                # flags/feed-ranker-v2.md
                schedule:
                  - { date: 2026-12-01, environment: prod, rollout: 50 }
                  - { date: 2026-12-08, environment: production, rollout: 100 }
                """,
            fix: """
                # flags/feed-ranker-v2.md
                schedule:
                  - { date: 2026-12-01, environment: production, rollout: 50 }
                  - { date: 2026-12-08, environment: production, rollout: 100 }
                """,
            notes: """
                Names match exactly: `production`, not `prod` or `Production`. A flag's `environments` lists
                every configured environment and no other (a missing one is E0201). To add an environment, add
                it to `almanac.yaml` (the last one listed is production), then to every flag's `environments`.
                While `almanac.yaml` is invalid (E0902), environments are not checked at all.
                """),

        "E0306": Explanation(
            summary: """
                A flag targets a cohort that is not listed under `cohorts` in `almanac.yaml`. Cohorts are the
                site's shared names for audiences; a misspelt one would make a flag look targeted at a group
                that does not exist.
                """,
            example: """
                # flags/trusted-moderator-tools.md
                environments:
                  development: { enabled: true, rollout: 100, cohorts: [moderators] }
                  staging: { enabled: true, rollout: 100, cohorts: [moderators] }
                  production: { enabled: true, rollout: 100, cohorts: [moderator] }
                """,
            fix: """
                # flags/trusted-moderator-tools.md
                environments:
                  development: { enabled: true, rollout: 100, cohorts: [moderators] }
                  staging: { enabled: true, rollout: 100, cohorts: [moderators] }
                  production: { enabled: true, rollout: 100, cohorts: [moderators] }
                """,
            notes: """
                Cohorts are checked in a flag's `environments`, in its schedule entries and in the `to` of its
                `targeting` audit entries. Without a `cohorts` list in `almanac.yaml`, the only cohort is
                `everyone`. A misspelt cohort in `environments` usually also gives a W0403, because the
                declared targeting no longer matches the audit log.
                """),

        // MARK: Rules of the content model (E04xx)

        "W0307": Explanation(
            summary: """
                A link or image in a body has a destination that would run script when clicked or loaded: a \
                `javascript:`, `vbscript:` or `file:` URL, or a `data:` URL that is not an image. Almanac never \
                puts such a URL on a page (the link is kept, with an empty destination), so what the writer meant \
                does not reach the reader; the warning says so. Almanac reads the scheme as a browser does: case, \
                spaces, tabs and character references do not hide it.
                """,
            example: """
                Clear the cache with [this bookmarklet](javascript:localStorage.clear()).
                """,
            fix: """
                Run `localStorage.clear()` in the browser console (see [clearing the cache](runbook:clear-cache)).
                """,
            notes: "Raw HTML, when a site allows it, is cleaned the same way: such URLs are dropped from `href` and `src`."
        ),
        "E0401": Explanation(
            summary: """
                A postmortem's timeline is out of order: the four times must read started <= detected <=
                mitigated <= resolved. Almanac computes the time to detect, mitigate and resolve from them,
                and an out-of-order timeline would give negative durations.
                """,
            example: """
                timeline:
                  started: 2026-11-03T09:12:00Z
                  detected: 2026-11-03T10:47:00Z
                  mitigated: 2026-11-03T11:34:00Z
                  resolved: 2026-11-03T08:30:00Z
                """,
            fix: """
                timeline:
                  started: 2026-11-03T09:12:00Z
                  detected: 2026-11-03T10:47:00Z
                  mitigated: 2026-11-03T11:34:00Z
                  resolved: 2026-11-04T08:30:00Z
                """,
            notes: """
                Times are compared as instants, once their offsets are applied, so zones may be mixed:
                `2026-11-03T10:47:00+01:00` is before `2026-11-03T10:00:00Z`. The usual causes are the wrong
                day when an incident crosses midnight, and a local time written with `Z`. Equal times are
                allowed. The error points at each time that is earlier than the one before it.
                """),

        "E0402": Explanation(
            summary: """
                A flag's audit log is not in time order, or does not start with the flag's creation. Almanac
                replays the log in order to check the flag's declared state (W0403) and counts its entries
                into sprints, so the order must be the order in which things happened.
                """,
            example: """
                audit:
                  - { at: 2026-10-27T10:00:00Z, who: "@june", environment: development, action: created, why: Permission gate for the escalated tools. }
                  - { at: 2026-11-04T16:02:00Z, who: "@omar", environment: production, action: rollout, to: 20, why: The moderator council first. }
                  - { at: 2026-11-04T15:00:00Z, who: "@omar", environment: production, action: rollout, to: 100, why: Two days clean; step prod-100. }
                """,
            fix: """
                audit:
                  - { at: 2026-10-27T10:00:00Z, who: "@june", environment: development, action: created, why: Permission gate for the escalated tools. }
                  - { at: 2026-11-04T16:02:00Z, who: "@omar", environment: production, action: rollout, to: 20, why: The moderator council first. }
                  - { at: 2026-11-06T16:00:00Z, who: "@omar", environment: production, action: rollout, to: 100, why: Two days clean; step prod-100. }
                """,
            notes: """
                Each entry's `at` must be at or after the previous entry's, compared as instants once offsets
                are applied, whatever the environment. The first entry must have `action: created`. Append new
                entries at the end; if a change was forgotten, insert it at its place in time.
                """),

        "W0403": Explanation(
            summary: """
                Replaying a flag's audit log does not lead to the state that its `environments` declares. One
                of the two is out of date: a change was made without an audit entry, or `environments` was not
                updated after one. It is a warning: the build succeeds, but the flag's page may show the wrong
                state.
                """,
            example: """
                # flags/feed-ranker-v2.md
                environments:
                  production: { enabled: true, rollout: 50 }
                audit:
                  # ... earlier entries ...
                  - { at: 2026-11-24T10:00:00Z, who: "@devon", environment: production, action: rollout, to: 25, why: Re-ramp plan step prod-25. }
                """,
            fix: """
                # flags/feed-ranker-v2.md: record the change that was made
                # (or, if production really is at 25 %, declare `rollout: 25`)
                environments:
                  production: { enabled: true, rollout: 50 }
                audit:
                  # ... earlier entries ...
                  - { at: 2026-11-24T10:00:00Z, who: "@devon", environment: production, action: rollout, to: 25, why: Re-ramp plan step prod-25. }
                  - { at: 2026-11-25T09:30:00Z, who: "@devon", environment: production, action: rollout, to: 50, why: Re-ramp plan step prod-50. }
                """,
            notes: """
                The replay starts every environment disabled, at rollout 0, without cohorts. `enabled` and
                `disabled` switch it on and off, `rollout` sets the percentage to `to`, `targeting` sets the
                cohorts to `to`, and `created` and `archived` change nothing. The result must equal the
                declared entry: enabled, rollout and cohorts (in the same order). A planned future ramp belongs
                in `schedule`, not in `environments`. Warnings do not fail the build unless you pass `--strict`.
                """),

        "E0404": Explanation(
            summary: """
                A flag's schedule goes back in time or lowers a rollout. The schedule is the planned ramp: its
                entries are in date order and, per environment, the rollout never decreases, so that the plan
                on the flag's page is one that can be followed.
                """,
            example: """
                # flags/feed-ranker-v2.md
                schedule:
                  - { date: 2026-12-01, environment: production, rollout: 50 }
                  - { date: 2026-12-08, environment: production, rollout: 40 }
                """,
            fix: """
                # flags/feed-ranker-v2.md
                schedule:
                  - { date: 2026-12-01, environment: production, rollout: 50 }
                  - { date: 2026-12-08, environment: production, rollout: 100 }
                """,
            notes: """
                Dates may not decrease from one entry to the next, whatever the environment (the same date
                twice is fine). The rollout is compared with the previous entry for the same environment, so
                staging and production ramps can be interleaved. A ramp-down is not planned in the schedule:
                when it happens, record it as a `rollout` entry of the audit log.
                """),

        "E0405": Explanation(
            summary: """
                An experiment's variant weights do not add up to 100. A weight is a variant's share of the
                experiment's traffic, in percent; weights that do not sum to 100 make the assignment, the
                sample sizes and the sample-ratio check meaningless.
                """,
            example: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: ranker-v2, weight: 40 }
                """,
            fix: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: ranker-v2, weight: 50 }
                """,
            notes: """
                Weights are shares of the experiment's own traffic, not of all users: an experiment on 10 % of
                the eligible traffic with two equal arms has `allocation: 10` and weights 50 and 50. Decimals
                are allowed as long as the sum is 100 (three arms: 33.4, 33.3 and 33.3).
                """),

        "E0406": Explanation(
            summary: """
                An experiment does not have exactly one control variant. The control, marked
                `control: true`, is what users get today; every other variant is compared with it, so with
                none or with several, lifts and p-values cannot be computed.
                """,
            example: """
                variants:
                  - { name: control, weight: 50 }
                  - { name: ranker-v2, weight: 50 }
                """,
            fix: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: ranker-v2, weight: 50 }
                """,
            notes: """
                A variant named `control` is not the control unless it says `control: true`; names are free.
                With more than one `control: true`, keep it on the variant that matches today's experience.
                """),

        "E0407": Explanation(
            summary: """
                An experiment has `status: concluded` but lacks its results or its decision. A concluded
                experiment is the record of what was learned: without the numbers and what was decided
                (`ship`, `iterate` or `abandon`) nobody can review it later.
                """,
            example: """
                # experiments/notification-digest-grouping.md
                status: concluded
                start: 2026-09-01
                end: 2026-09-28
                results_file: experiments/data/notification-digest-grouping.csv
                learnings: Sessions rose, but push unsubscribes rose far beyond the guardrail.
                """,
            fix: """
                # experiments/notification-digest-grouping.md
                status: concluded
                start: 2026-09-01
                end: 2026-09-28
                results_file: experiments/data/notification-digest-grouping.csv
                decision: iterate
                learnings: Sessions rose, but push unsubscribes rose far beyond the guardrail.
                """,
            notes: """
                Results are either inline under `results:` or a CSV named by `results_file:` under
                `experiments/data/`. An experiment that ended early without a usable result has
                `status: stopped`, which needs neither; one that is still collecting data stays `running`.
                """),

        "E0408": Explanation(
            summary: """
                Two steps of a rollout plan have the same id. Steps refer to each other by id in `needs` and
                `reverts`, so each id must be unique within the plan.
                """,
            example: """
                  - id: verify-prod-20
                    kind: verify
                    title: Two days of audit log review, no misuse
                    needs: [prod-20]
                  - id: verify-prod-20
                    kind: verify
                    title: Weekly audit log review in place
                    needs: [prod-100]
                """,
            fix: """
                  - id: verify-prod-20
                    kind: verify
                    title: Two days of audit log review, no misuse
                    needs: [prod-20]
                  - id: verify-prod-100
                    kind: verify
                    title: Weekly audit log review in place
                    needs: [prod-100]
                """,
            notes: """
                Ids only need to be unique within one plan: different rollouts may each have a `verify-prod`.
                When you copy a step to make the next one, change its id, its `needs` and any `reverts`. Until
                the duplicate is renamed, `needs` and `reverts` that name the id lead to the first step with it.
                """),

        "E0409": Explanation(
            summary: """
                A step's `needs` or `reverts` names a step id that is not in the same plan. Almanac builds the
                plan's graph from these ids, and a typo would silently drop an ordering or a rollback.
                """,
            example: """
                  - id: council-uat
                    kind: verify
                    title: Acceptance test with six moderator council members on staging
                    needs: [enable-staging]
                  - id: policy-signoff
                    kind: gate
                    title: Trust and Safety policy sign-off
                    needs: [council-review]
                """,
            fix: """
                  - id: council-uat
                    kind: verify
                    title: Acceptance test with six moderator council members on staging
                    needs: [enable-staging]
                  - id: policy-signoff
                    kind: gate
                    title: Trust and Safety policy sign-off
                    needs: [council-uat]
                """,
            notes: """
                `needs` and `reverts` name steps by `id`, not by title, and only steps of the same rollout.
                The help suggests the nearest id, or lists all the ids of the plan.
                """),

        "E0410": Explanation(
            summary: """
                The steps of a rollout plan need each other in a cycle, so no step of the cycle can ever start.
                A plan must be a directed acyclic graph; the message shows the cycle as a path of step ids.
                """,
            example: """
                  - id: access-review
                    kind: preflight
                    title: Policy and access review with moderator operations
                    needs: [policy-signoff]
                  # ... enable-dev, verify-dev, enable-staging, council-uat ...
                  - id: policy-signoff
                    kind: gate
                    title: Trust and Safety policy sign-off
                    needs: [council-uat]
                """,
            fix: """
                  - id: access-review
                    kind: preflight
                    title: Policy and access review with moderator operations
                  # ... enable-dev, verify-dev, enable-staging, council-uat ...
                  - id: policy-signoff
                    kind: gate
                    title: Trust and Safety policy sign-off
                    needs: [council-uat]
                """,
            notes: """
                `needs` lists the steps that must be done before a step starts. A cycle usually comes from a
                dependency written the wrong way round, such as a preflight step that needs the gate it
                prepares. Only the first cycle found is reported, and the other plan rules (E0411, E0412,
                E0414) are checked only once the plan has no cycle, so more errors may appear after this fix.
                """),

        "E0411": Explanation(
            summary: """
                A `rollout` step is never verified: no `verify` step comes after it. Almanac requires every
                change of traffic to be checked, by a `verify` step that needs the rollout step directly or
                through other steps.
                """,
            example: """
                  - id: prod-100
                    kind: rollout
                    title: Production, all moderators
                    needs: [verify-prod-20]
                  - id: audit-review-prod-100
                    kind: gate
                    title: Weekly audit log review in place
                    needs: [prod-100]
                """,
            fix: """
                  - id: prod-100
                    kind: rollout
                    title: Production, all moderators
                    needs: [verify-prod-20]
                  - id: audit-review-prod-100
                    kind: verify
                    title: Weekly audit log review in place
                    needs: [prod-100]
                """,
            notes: """
                "Comes after" means reachable through `needs`: a `verify` step that needs a gate that needs the
                rollout step counts. A `verify` step after a later rollout step counts as well, so the last
                rollout step of a plan is the one most often reported. A `rollback` step that needs the
                rollout step is not a verification.
                """),

        "E0412": Explanation(
            summary: """
                A `rollout` step has no `rollback` step that reverts it. Almanac requires every rollout step to
                say how it is undone, so that whoever is on call during the rollout does not have to work it
                out under pressure.
                """,
            example: """
                  - id: prod-100
                    kind: rollout
                    title: Production, all moderators
                    needs: [verify-prod-20]
                    flag: trusted-moderator-tools
                    environment: production
                    percentage: 100
                """,
            fix: """
                  # keep prod-100 as it is, and add:
                  - id: rollback-prod-100
                    kind: rollback
                    title: Back to the moderator council only
                    needs: [prod-100]
                    reverts: prod-100
                """,
            notes: """
                A rollback step is tied to its rollout step by `reverts:`, not by `needs` or by its id. Each
                rollout step needs its own rollback step, so a plan with four rollout steps has at least four
                rollbacks. A rollback step without `reverts` (E0413) also leaves its rollout step reported here.
                """),

        "E0413": Explanation(
            summary: """
                A `rollback` step does not say which step it reverts. Almanac needs `reverts:` to pair each
                rollback with the rollout step it undoes.
                """,
            example: """
                  - id: rollback-prod-100
                    kind: rollback
                    title: Back to the moderator council only
                    needs: [prod-100]
                """,
            fix: """
                  - id: rollback-prod-100
                    kind: rollback
                    title: Back to the moderator council only
                    needs: [prod-100]
                    reverts: prod-100
                """,
            notes: """
                `reverts` takes the id of a step of the same plan (an unknown id is E0409). A rollback usually
                also `needs` the step it reverts, but `needs` alone does not count as `reverts`. Fixing this
                error also fixes the E0412 reported for the rollout step it undoes.
                """),

        "E0414": Explanation(
            summary: """
                Along a path of a rollout plan, a step sets a flag to a lower percentage than an earlier step
                did in the same environment. A plan only ramps up; going back down is what rollback steps are
                for, so a decreasing percentage is usually a typo.
                """,
            example: """
                  - { id: prod-20, kind: rollout, title: Moderator council, flag: trusted-moderator-tools, environment: production, percentage: 20 }
                  # ... verify-prod-20 needs prod-20 ...
                  - id: prod-100
                    kind: rollout
                    title: Production, all moderators
                    needs: [verify-prod-20]
                    flag: trusted-moderator-tools
                    environment: production
                    percentage: 10
                """,
            fix: """
                  - { id: prod-20, kind: rollout, title: Moderator council, flag: trusted-moderator-tools, environment: production, percentage: 20 }
                  # ... verify-prod-20 needs prod-20 ...
                  - id: prod-100
                    kind: rollout
                    title: Production, all moderators
                    needs: [verify-prod-20]
                    flag: trusted-moderator-tools
                    environment: production
                    percentage: 100
                """,
            notes: """
                A rollout step is compared with the steps that come after it through `needs`, directly or
                transitively, and only for the same flag and environment: parallel branches, other flags and
                other environments may use any percentage. Rollback steps are exempt. The error points at the
                later step's `percentage`.
                """),

        "E0415": Explanation(
            summary: """
                Services depend on each other in a cycle through `depends_on`. In a dependency cycle no service
                can be started, or recovered, first; Almanac reports it so that the recorded architecture has
                an order in which it can be brought up.
                """,
            example: """
                # services/posts-service.md
                depends_on: [posts-db, spam-filter]

                # services/spam-filter.md
                depends_on: [posts-service]
                """,
            fix: """
                # services/posts-service.md
                depends_on: [posts-db, spam-filter]

                # services/spam-filter.md: no `depends_on`; describe the
                # asynchronous feedback to posts-service in the body instead
                """,
            notes: """
                `depends_on` lists the services a service cannot work without. A call through a queue, or one
                that can fail without harm, is usually not such a dependency: describe it in the body. One
                cycle is reported at a time, at the `depends_on` entry of its first service in alphabetical
                order; the message shows the whole cycle.
                """),

        "E0416": Explanation(
            summary: """
                Two sprints overlap. Each day belongs to at most one sprint, because sprint reports count the
                incidents, flag changes and action items of their days.
                """,
            example: """
                # sprints/sprint-23.md
                start: 2026-11-09
                end: 2026-11-22

                # sprints/sprint-24.md
                start: 2026-11-22
                end: 2026-12-06
                """,
            fix: """
                # sprints/sprint-23.md
                start: 2026-11-09
                end: 2026-11-22

                # sprints/sprint-24.md
                start: 2026-11-23
                end: 2026-12-06
                """,
            notes: """
                Both the `start` and the `end` day belong to a sprint, so sprints that share a single day
                overlap: the next sprint starts the day after the previous one ends. Sprints are compared in
                the order of their start dates. A sprint that ends before it starts is E0206.
                """),

        "E0417": Explanation(
            summary: """
                An experiment's `results` name a variant that is not in its `variants`. Results are matched to
                variants by name; a result for an unknown variant cannot be compared with the control.
                """,
            example: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: grouped, weight: 50 }
                results:
                  as_of: 2026-09-28
                  variants:
                    control: { units: 41870, metrics: { push_unsubscribe_rate: { conversions: 339 } } }
                    grouped-15m: { units: 42130, metrics: { push_unsubscribe_rate: { conversions: 412 } } }
                """,
            fix: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: grouped, weight: 50 }
                results:
                  as_of: 2026-09-28
                  variants:
                    control: { units: 41870, metrics: { push_unsubscribe_rate: { conversions: 339 } } }
                    grouped: { units: 42130, metrics: { push_unsubscribe_rate: { conversions: 412 } } }
                """,
            notes: """
                Names match exactly, case included. If a variant was renamed during the experiment, use one
                name in both places. The same check applies to the rows of a `results_file`.
                """),

        "E0418": Explanation(
            summary: """
                An experiment's `results_file` must be a CSV file under `experiments/data/` whose first line is the
                header `variant,metric,units,conversions,mean,sd`, followed by one row per variant and metric with
                six fields each. The file is missing, or its header, a row's number of fields or its quoting is
                wrong. The error points at the line and column in the CSV file.
                """,
            example: """
                # experiments/data/digest-timing.csv
                variant;metric;units;conversions
                control;open_rate;41870;9120
                """,
            fix: """
                variant,metric,units,conversions,mean,sd
                control,open_rate,41870,9120,,
                later,open_rate,42130,9733,,
                """,
            notes: """
                Leave `conversions` empty for a `mean` metric, and `mean` and `sd` empty for a `proportion`. A
                field that holds a comma is quoted with double quotes, as most warehouses export it.
                """),

        "E0419": Explanation(
            summary: """
                A field of an experiment's results that must be a number is not one: `units` and `conversions`
                are whole numbers from 0 to a trillion, `mean` is a number and `sd` a number of at least 0. Thousands
                separators, units and percent signs are not read.
                """,
            example: """
                variant,metric,units,conversions,mean,sd
                control,open_rate,"41,870",9120,,
                """,
            fix: """
                variant,metric,units,conversions,mean,sd
                control,open_rate,41870,9120,,
                """),

        "E0420": Explanation(
            summary: """
                An experiment's results give figures for a metric that is neither its `primary_metric` nor one
                of its `guardrails`, so there is nothing to compare them with. Usually a metric was renamed in the
                warehouse or in the design.
                """,
            example: """
                primary_metric: { name: open_rate, kind: proportion, baseline: 0.21, expected_lift: 0.05, direction: increase }
                # experiments/data/digest-timing.csv
                variant,metric,units,conversions,mean,sd
                control,opens,41870,9120,,
                """,
            fix: """
                variant,metric,units,conversions,mean,sd
                control,open_rate,41870,9120,,
                """,
            notes: "To report an extra metric, add it to `guardrails` with the regression you would tolerate."),

        "E0421": Explanation(
            summary: """
                An experiment's results have no figures for its control variant (the variant with
                `control: true`). Every comparison is made against the control, so without it no lift, interval
                or p-value can be computed.
                """,
            example: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: later, weight: 50 }
                results:
                  as_of: 2026-09-28
                  variants:
                    later: { units: 42130, metrics: { open_rate: { conversions: 9733 } } }
                """,
            fix: """
                results:
                  as_of: 2026-09-28
                  variants:
                    control: { units: 41870, metrics: { open_rate: { conversions: 9120 } } }
                    later: { units: 42130, metrics: { open_rate: { conversions: 9733 } } }
                """),

        "E0422": Explanation(
            summary: """
                Experiments in one `layer` are mutually exclusive: they split the layer's traffic between them.
                The allocations of the experiments of a layer whose date ranges overlap add up to more than 100,
                so some users would have to be in two of them at once. The error is reported on each experiment
                that takes part, at its `allocation`.
                """,
            example: """
                # experiments/digest-timing.md
                layer: notifications
                allocation: 60
                # experiments/digest-copy.md, same dates
                layer: notifications
                allocation: 50
                """,
            fix: """
                # experiments/digest-copy.md
                layer: notifications
                allocation: 40
                """,
            notes: """
                An experiment without `allocation` takes 100 % of the eligible traffic; one without `end` runs
                through the as-of date. Move one experiment's dates, or lower the allocations.
                """),

        "E0423": Explanation(
            summary: """
                An integration's retry policy asks for more attempts than fit in its `give_up_after`, even if
                every wait were as short as its jitter allows. The attempts beyond are never made: the policy
                on the page is not the one that runs.
                """,
            example: """
                retry: { initial_delay: 10s, multiplier: 2, max_delay: 10m, max_attempts: 10, give_up_after: 30m, jitter: equal }
                """,
            fix: """
                retry: { initial_delay: 10s, multiplier: 2, max_delay: 10m, max_attempts: 6, give_up_after: 30m, jitter: equal }
                """,
            notes: """
                The n-th wait is at least 0 under full jitter, d(n)/2 under equal jitter, `initial_delay` under
                decorrelated jitter and d(n) without jitter, where d(n) = min(max_delay, initial_delay ×
                multiplier^(n−1)). The help line gives the number of attempts that fit.
                """),

        // MARK: The state of the knowledge base as of a date (W05xx)

        "E0424": Explanation(
            summary: """
                An experiment's results are broken down by segment, and for one dimension the segments' units do not
                add up to a variant's units. Every unit falls in exactly one segment of a dimension (one locale, one
                device): when they do not add up, a segment is missing or a count is wrong, and the per-segment
                figures cannot be trusted.
                """,
            example: """
                results:
                  as_of: 2026-11-20
                  variants:
                    control: { units: 1000, metrics: { clicks: { conversions: 200 } } }
                  segments:
                    device=web: { control: { units: 600, metrics: { clicks: { conversions: 130 } } } }
                """,
            fix: """
                    device=ios: { control: { units: 400, metrics: { clicks: { conversions: 70 } } } }
                """),

        "E0425": Explanation(
            summary: """
                A segment of an experiment's results (`dimension=value`) is not one of the experiment's: its
                dimension is not `lifecycle`, `locale` or `device`, or the design's `segments` lists that
                dimension's values and this one is not among them.
                """,
            example: """
                segments: { device: [web, ios] }
                results: { ..., segments: { device=android: { ... } } }
                """,
            fix: """
                segments: { device: [web, ios, android] }
                """),

        "E0426": Explanation(
            summary: """
                An experiment names a `pilot` that is not an experiment with `status: pilot`. A pilot is a small
                run that measures the baseline (and its spread) before the real experiment is sized; Almanac
                recomputes the sample size from what it observed, so it must be one.
                """,
            example: """
                pilot: search-typo-tolerance   # status: running
                """,
            fix: """
                # experiments/search-typo-pilot.md
                status: pilot
                """),

        "W0501": Explanation(
            summary: """
                A runbook is past its review date. An unreviewed runbook may describe dashboards, commands or
                contacts that no longer exist, which is the worst thing to discover during an incident. It is
                a warning: the build succeeds, and the runbook is marked stale on its page and on the home page.
                """,
            example: """
                # runbooks/moderation-queue-backlog.md
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue, spam-filter]
                last_reviewed: 2026-08-13
                """,
            fix: """
                # runbooks/moderation-queue-backlog.md: walk through it, fix what changed, then
                title: Moderation queue backlog
                owner: trust-safety
                services: [moderation-queue, spam-filter]
                last_reviewed: 2026-11-25
                """,
            notes: """
                The review is due `review_every_days` after `last_reviewed` (the runbook's own value, else
                `runbooks.review_every_days` of `almanac.yaml`, 90 by default), and the runbook is stale when
                the due date is before the as-of date: as of 2026-11-25, a runbook reviewed on 2026-08-13 was
                due on 2026-11-11. The as-of date is `--as-of`, else `as_of` of `almanac.yaml`, else today in
                UTC, so without a fixed `as_of` this warning can appear on a day when nothing changed. A drill
                (`last_drill`) is not a review. Warnings do not fail the build unless you pass `--strict`.
                """),

        "W0502": Explanation(
            summary: """
                A postmortem's action item is still `open` after its due date. Action items are how an incident
                is kept from happening again, so Almanac points out the late ones. It is a warning: the build
                succeeds, and the item is listed under Needs attention.
                """,
            example: """
                action_items:
                  - title: Contract test between the mobile report reasons and the ingest schema
                    owner: "@june"
                    due: 2026-11-16
                    status: open
                    type: prevent
                """,
            fix: """
                action_items:
                  - title: Contract test between the mobile report reasons and the ingest schema
                    owner: "@june"
                    due: 2026-11-16
                    status: done
                    type: prevent
                    closed: 2026-11-24
                """,
            notes: """
                An item is overdue when it is `open` and its `due` date is before the as-of date (`--as-of`,
                else `as_of` of `almanac.yaml`, else today in UTC); on the due date itself it is not yet late.
                Other ways out: move `due` with the owner's agreement, or set `status: deprioritized` with
                `closed` and a `reason`. An item left open much longer is reported as W0503 instead. Warnings
                do not fail the build unless you pass `--strict`.
                """),

        "W0503": Explanation(
            summary: """
                A postmortem's action item is still `open` two sprints after it fell due: it is escalated.
                Something that stays undone that long needs a decision from the owner's lead, not another
                reminder. It is a warning: the build succeeds, and the item is listed under Needs attention.
                """,
            example: """
                action_items:
                  - title: Contract test between the mobile report reasons and the ingest schema
                    owner: "@june"
                    due: 2026-11-02
                    status: open
                    type: prevent
                """,
            fix: """
                action_items:
                  - title: Contract test between the mobile report reasons and the ingest schema
                    owner: "@june"
                    due: 2026-11-02
                    status: deprioritized
                    type: prevent
                    closed: 2026-11-25
                    reason: Superseded by generating both report-reason lists from one schema.
                """,
            notes: """
                The current sprint is the latest sprint that started on or before the as-of date, and the
                previous sprint the one before it; an open item is escalated when its due date is before the
                start of the previous sprint. As of 2026-11-25, with sprint-24 starting on 2026-11-23 and
                sprint-23 on 2026-11-09, an open item due on 2026-11-02 is escalated and one due on 2026-11-16
                only overdue (W0502). With fewer than two sprints, an item is escalated when it is more than
                28 days late. Escalated items are reported here instead of W0502. Warnings do not fail the
                build unless you pass `--strict`.
                """),

        "W0504": Explanation(
            summary: """
                Two experiments run on the same `surface` on overlapping dates, their `segments` intersect, and
                they are not both in one `layer`: some users may see both at once, and each result would then
                measure a mix of the two changes. The warning is shown on both experiments' pages, on the
                experiments index and on the timeline of experiments per surface.
                """,
            example: """
                # experiments/digest-timing.md
                surface: notifications
                start: 2026-09-01
                segments: { locale: [en, de] }
                # experiments/digest-copy.md
                surface: notifications
                start: 2026-09-10
                segments: { locale: [de] }
                """,
            fix: """
                # both experiments
                layer: notifications
                """,
            notes: """
                A segment list that is left out means everyone, so it intersects every other list. Experiments
                in one layer are kept apart by the assignment service; see E0422 for their allocations.
                """),

        "W0505": Explanation(
            summary: """
                The units an experiment's results report per variant are not split as the variants' `weight`s
                say: a chi-square goodness-of-fit test gives a p-value (`srm_p`) below the configured threshold
                (`experiments.srm_p` in almanac.yaml, 0.001 by default). A sample-ratio mismatch means the
                assignment or the logging is broken, and the experiment's results cannot be trusted until the
                cause is found. The experiment's page shows a red banner.
                """,
            example: """
                variants:
                  - { name: control, weight: 50, control: true }
                  - { name: later, weight: 50 }
                results:
                  variants:
                    control: { units: 50000, metrics: { open_rate: { conversions: 10100 } } }
                    later: { units: 48500, metrics: { open_rate: { conversions: 10400 } } }
                """,
            fix: """
                # Find out why `later` lost 3 % of its units (a redirect, a crash, a logging filter), fix it,
                # restart the experiment and export fresh results.
                """),

        // MARK: The reliability catalog (W06xx)

        "W0506": Explanation(
            summary: """
                An experiment follows a pilot, and the baseline it was planned with is more than 20 % away from
                what the pilot observed for the control. The sample size and duration rest on the baseline: the
                page shows them computed both ways, and the planned ones are likely wrong.
                """,
            example: """
                pilot: digest-pilot
                primary_metric: { name: opens, kind: proportion, baseline: 0.30, expected_lift: 0.05, direction: increase }
                # the pilot's control opened at 0.22
                """,
            fix: """
                primary_metric: { name: opens, kind: proportion, baseline: 0.22, expected_lift: 0.05, direction: increase }
                """),

        "W0601": Explanation(
            summary: """
                A service declares an alert with `notify: page` and no `runbook`. Whoever is woken by it has
                nothing to follow: every alert that pages needs a runbook that says what to do first.
                """,
            example: """
                alerts:
                  - { name: CheckoutErrorRateHigh, type: symptom, notify: page }
                """,
            fix: """
                alerts:
                  - { name: CheckoutErrorRateHigh, type: symptom, notify: page, runbook: checkout-errors }
                # or, when it need not wake anyone: notify: ticket
                """),

        "W0602": Explanation(
            summary: """
                A runbook lists an alert in `alerts:` that no service declares in its own `alerts`. Either the
                alert was renamed or removed (the runbook is out of date), or the service does not list it yet
                (the catalog is incomplete). Checked only once some service declares alerts, so a knowledge base
                that does not keep an alert catalog gets no such warning.
                """,
            example: """
                # runbooks/checkout-latency.md
                alerts: [CheckoutP99High]
                # services/checkout.md declares CheckoutLatencyHigh only
                """,
            fix: """
                # services/checkout.md
                alerts:
                  - { name: CheckoutP99High, type: symptom, notify: page, runbook: checkout-latency }
                """),

        "W0603": Explanation(
            summary: """
                Every alert of the service that pages is on a cause (a queue depth, a CPU, a replica lag), none
                on a symptom its users feel (errors, latency, availability). Cause alerts miss the failures
                nobody predicted and page for causes users never notice; page on symptoms, ticket on causes.
                """,
            example: """
                alerts:
                  - { name: QueueDepthHigh, type: cause, notify: page }
                """,
            fix: """
                alerts:
                  - { name: CheckoutErrorRateHigh, type: symptom, notify: page, runbook: checkout-errors }
                  - { name: QueueDepthHigh, type: cause, notify: ticket }
                """),

        "W0604": Explanation(
            summary: """
                A service lists a provider in `depends_on` but holds no consumer-driven contract with it (no
                `contracts` entry with that `provider`). Without one, the provider can change a reply the
                consumer relies on and nothing fails before staging or production.
                """,
            example: """
                title: checkout
                depends_on: [payments]
                """,
            fix: """
                contracts:
                  - { provider: payments, interactions: [create a payment intent], last_verified: 2026-11-20, verified_in: payments CI }
                """),

        "W0605": Explanation(
            summary: """
                A contract's `last_verified` is further back than `contracts.max_age_days` of almanac.yaml (90
                days by default) before the as-of date: the provider may have changed since, so the contract no
                longer says what holds. The contract is marked stale on the service's page.
                """,
            example: """
                contracts:
                  - { provider: payments, interactions: [create a payment intent], last_verified: 2026-03-01, verified_in: payments CI }
                """,
            fix: """
                # Run the provider's verification against the contract, then record the day:
                last_verified: 2026-11-25
                """),

        "W0606": Explanation(
            summary: """
                A tier-1 service, or one with `slos`, has no `synthetic_checks`. Its critical journeys are then
                only watched by real users: a check that walks them from several locations every few minutes
                notices a broken journey before they do, and at night.
                """,
            example: """
                title: checkout
                tier: 1
                """,
            fix: """
                synthetic_checks:
                  - { journey: pay for a basket, locations: [eu-west, us-east], interval: 5m, threshold: 2 failures in a row, pages: true }
                """),

        "W0607": Explanation(
            summary: """
                A synthetic check has `pages: false`: when the journey it walks breaks, nobody is woken. A check
                of a critical journey pages; one that need not is better removed than left to be ignored.
                """,
            example: """
                synthetic_checks:
                  - { journey: sign in, locations: [eu-west], interval: 5m, threshold: 2 failures, pages: false }
                """,
            fix: """
                  - { journey: sign in, locations: [eu-west], interval: 5m, threshold: 2 failures, pages: true }
                """),

        "W0608": Explanation(
            summary: """
                An integration retries without jitter (`jitter: none`, or no `jitter`). When a receiver fails,
                every delivery that failed with it retries at the same moments, and the retries arrive as waves
                that knock it over again. Random waits spread them out.
                """,
            example: """
                retry: { initial_delay: 1s, multiplier: 2, max_delay: 5m, max_attempts: 8 }
                """,
            fix: """
                retry: { initial_delay: 1s, multiplier: 2, max_delay: 5m, max_attempts: 8, jitter: full }
                """,
            notes: """
                `full` draws each wait between 0 and the exponential delay, `equal` between its half and all of
                it, `decorrelated` between `initial_delay` and `multiplier` times the previous wait (AWS
                Architecture Blog, "Exponential Backoff And Jitter").
                """),

        "W0609": Explanation(
            summary: """
                An inbound integration has no `signature`: nothing says how a delivery is proven to come from
                the partner. Anyone who learns the endpoint can post events to it.
                """,
            example: """
                direction: inbound
                type: webhook
                """,
            fix: """
                signature: { algorithm: hmac-sha256, header: Partner-Signature, secret_rotation: 90d }
                """),

        "W0610": Explanation(
            summary: """
                An inbound integration has no `idempotency` key. Partners redeliver events (after a timeout, a
                retry, a replay), and without a key to recognise them a redelivered event is processed twice.
                """,
            example: """
                direction: inbound
                """,
            fix: """
                idempotency: { key: Webhook-Id header, retention: 7d }
                """),

        "W0611": Explanation(
            summary: """
                An integration has no `dead_letter` queue, or its dead-letter queue has no `replay_runbook`.
                A delivery that fails every attempt is then lost, or parked where nobody knows how to replay it.
                """,
            example: """
                dead_letter: { queue: partner-events-dlq }
                """,
            fix: """
                dead_letter: { queue: partner-events-dlq, replay_runbook: replay-partner-events }
                """),

        "W0612": Explanation(
            summary: """
                The last attempt of an integration's retry schedule may come later than its idempotency keys
                are kept. A delivery retried after its key was forgotten is processed as new: a duplicate.
                """,
            example: """
                retry: { initial_delay: 1m, multiplier: 2, max_delay: 6h, max_attempts: 12, jitter: full }
                idempotency: { key: Event-Id header, retention: 24h }
                """,
            fix: """
                idempotency: { key: Event-Id header, retention: 3d }
                """,
            notes: """
                The schedule's latest time is the sum of the longest waits (see the integration's page, or
                `computed.dead_letter_latest_seconds` in the JSON export), capped by `give_up_after`.
                """),

        "W0613": Explanation(
            summary: """
                An integration's workers, at their rate limit, cannot drain the backlog of the queue's stated
                peak within its `recovery_time`. Events arriving at `peak.rate` faster than the capacity
                (`workers` × `rate_limit`) pile up for `peak.lasting`, then drain at the capacity.
                """,
            example: """
                queue: { name: orders, workers: 2, rate_limit: 20/s, peak: { rate: 200/s, lasting: 10m }, recovery_time: 15m }
                """,
            fix: """
                queue: { name: orders, workers: 4, rate_limit: 20/s, peak: { rate: 200/s, lasting: 10m }, recovery_time: 15m }
                """,
            notes: """
                With w workers at r events a second, a peak of P events a second lasting D leaves (P − w·r)·D
                events, drained in (P − w·r)·D / (w·r); that is within R when w ≥ P·D / (r·(R + D)).
                """),

        "W0614": Explanation(
            summary: """
                A service holds a contract with a provider whose `consumers` do not name it. The provider is
                the one that runs the verification: a consumer it does not know of is a contract nobody checks
                before the provider's changes ship.
                """,
            example: """
                # services/web-frontend.md
                contracts:
                  - { provider: posts-api, interactions: [list a feed], last_verified: 2026-11-20, verified_in: posts-api CI }
                # services/posts-api.md has no consumers
                """,
            fix: """
                # services/posts-api.md
                consumers: [web-frontend]
                """),

        // MARK: Configuration and themes (E09xx)

        "E0901": Explanation(
            summary: """
                There is no content folder at the path given, or it has no `almanac.yaml`. Almanac needs both:
                the folder holds the documents, and `almanac.yaml` the site's title and environments, without
                which references cannot be checked.
                """,
            example: """
                $ ls Content/
                flags  pages  postmortems  rollouts  runbooks  services  sprints  teams
                $ almanac build
                """,
            fix: """
                # Content/almanac.yaml
                title: Hearth Engineering Almanac
                environments: [development, staging, production]
                """,
            notes: """
                The content folder is `Content` in the current folder unless you pass `--content PATH`, so
                running `almanac build` from inside `Content/` or another sub-folder gives this error.
                `almanac.yaml` needs at least `title` and `environments` (the last environment listed is
                production); see E0902 for the optional settings. This is an operator error: it is fixed by
                whoever runs the build or maintains the configuration.
                """),

        "E0902": Explanation(
            summary: """
                `almanac.yaml` is invalid: its YAML does not parse, a required setting is missing, or a key,
                type or value is wrong. Every problem in this file is reported as E0902, because whoever
                maintains the site's configuration fixes it.
                """,
            example: """
                title: Hearth Engineering Almanac
                environments: [development, Staging, production]
                cohorts: [moderators, newcomers, power-users, everyone]
                runbooks: { review_every_day: 90 }
                """,
            fix: """
                title: Hearth Engineering Almanac
                environments: [development, staging, production]
                cohorts: [moderators, newcomers, power-users, everyone]
                runbooks: { review_every_days: 90 }
                """,
            notes: """
                Required: `title`, and `environments` (at least one, each listed once, the last being
                production). Optional: `base_url`, `cohorts`, `as_of` (a date), `runbooks.review_every_days`,
                `flags.lifetime_days` (`release`, `experiment`, `operational`), `experiments` (`alpha`,
                `power`, `srm_p`, `min_days`) and `markdown.raw_html`. Environment and cohort names are
                lowercase letters, digits and hyphens. The numbers have domains: `review_every_days`,
                `lifetime_days` and `min_days` run from 1 to 3,650 days, and `alpha`, `power` and `srm_p` lie
                strictly between 0 and 1. `base_url` is a path starting with `/` (`/`, `/kb/`) or an http(s)
                URL (`https://kb.example.com/`): no other scheme, no protocol-relative `//host/`, no query,
                fragment, quote, space or non-ASCII letter (percent-encode them). `--base-url` is checked the
                same way, as a usage error. While `almanac.yaml` is invalid, documents are still
                parsed and their own errors shown, but references, links, environments and cohorts are not
                checked: rerun after fixing it.
                """),

        "E0903": Explanation(
            summary: """
                The theme folder, its `templates/` folder, or one of the templates the build renders with is
                missing, so no page can be rendered. The content is still checked, and its errors reported.
                """,
            example: """
                $ ls Themes/hearth/templates/
                document.mustache    flag.mustache     layout.mustache      postmortem.mustache  service.mustache
                experiment.mustache  home.mustache     nav.mustache         rollout.mustache     tag.mustache
                index.mustache       page.mustache     runbook.mustache     tags.mustache        team.mustache
                $ almanac build --theme Themes/hearth
                """,
            fix: """
                $ cp Themes/default/templates/sprint.mustache Themes/hearth/templates/
                $ almanac build --theme Themes/hearth
                """,
            notes: """
                A theme provides `templates/<name>.mustache` for `layout`, `nav`, `home`, `index`, `document`,
                `tags`, `tag`, `feed` and `sitemap`, and one template per kind: `team`, `service`, `runbook`, `postmortem`,
                `flag`, `experiment`, `rollout`, `sprint` and `page`. A site can supply or replace any of them
                in `Content/_theme/templates/`. Without `--theme`, Almanac uses `Themes/default` of the current
                folder, else the one installed beside the `almanac` executable. See docs/themes.md.
                """),

        "E0904": Explanation(
            summary: """
                A Mustache template does not parse, usually because a section is not closed, or is closed
                with another name. Nothing can be rendered with a broken template.
                """,
            example: """
                <h1>{{title}}</h1>
                <ul>
                {{#failure_modes}}
                  <li>{{name}}: {{action}}</li>
                {{/failure_mode}}
                </ul>
                """,
            fix: """
                <h1>{{title}}</h1>
                <ul>
                {{#failure_modes}}
                  <li>{{name}}: {{action}}</li>
                {{/failure_modes}}
                </ul>
                """,
            notes: """
                Every `{{#name}}` and `{{^name}}` needs a matching `{{/name}}` with exactly the same name, and
                sections must nest properly. The location names the template file, which may be in the theme
                or in the site's `Content/_theme/templates/`. The content is still checked while a template is
                broken.
                """),

        "E0906": Explanation(
            summary: """
                A template looks up a name (`{{name}}`, `{{#name}}`, `{{^name}}`) that no page's value ever
                provides. Mustache prints nothing for such a name, so a typo would leave a hole in every page
                without a word; the build reports it at the tag instead.
                """,
            example: """
                <h1>{{titel}}</h1>
                """,
            fix: """
                <h1>{{title}}</h1>
                """,
            notes: """
                The names each template receives are listed in docs/themes.md. The check is made over the pages
                this build rendered: a tag counts as provided when any page gave its name a value (an empty
                value counts), so a section that no page of this site enters is not checked.
                """),

        "E0907": Explanation(
            summary: """
                `almanac new` was asked for a kind of document that Almanac does not have. The kinds are team,
                service, runbook, postmortem, flag, experiment, rollout, sprint and page, written in the
                singular; nothing is written.
                """,
            example: """
                almanac new runbooks db-failover
                """,
            fix: """
                almanac new runbook db-failover
                """,
            notes: """
                The message names the nearest kind when the name is close to one (a plural, a typo). The exit
                status is 2, as for every error of the command line.
                """),
        "E0908": Explanation(
            summary: """
                A command that starts a file found it there already: `almanac new` never replaces a document,
                and `almanac init` never replaces an `almanac.yaml`. Nothing is written, and the exit status is 1.
                """,
            example: """
                almanac init Content        # Content/almanac.yaml exists
                almanac new runbook db-failover   # Content/runbooks/db-failover.md exists
                """,
            fix: """
                almanac new runbook db-failover-replica   # another slug
                """,
            notes: """
                Edit the existing file instead, or choose another slug or folder. For a page, a page of the same
                slug in any sub-folder of `pages/` counts as existing: pages share one namespace.
                """),
        "E0909": Explanation(
            summary: """
                The command line could not be read: an option Almanac does not know, a missing argument, or a
                value of the wrong form (a date that is not YYYY-MM-DD). Nothing was built.
                """,
            example: """
                almanac build --contents Content
                almanac new runbook
                """,
            fix: """
                almanac build --content Content
                almanac new runbook db-failover
                """,
            notes: """
                `almanac help COMMAND` (or `almanac COMMAND --help`) lists a command's arguments and options.
                The exit status is 2.
                """),
        "E0905": Explanation(
            summary: """
                The output folder could not be written: it or one of its working folders would replace the
                content or the theme folder, it is a file, another build is writing into it, its parent is not
                writable, or the disk is full. Nothing is published, and the previous output is left as it was.
                """,
            example: """
                $ cd hearth-almanac        # holds Content/ and Themes/
                $ almanac build --output .
                """,
            fix: """
                $ cd hearth-almanac
                $ almanac build --output Output
                """,
            notes: """
                Each build replaces the output folder as a whole, and it should not hold hand-made files. The
                site is written to a staging folder beside the output (`Output.staging`) and swapped in, in one
                step, only when complete; the replaced tree is kept as the hidden `.Output.previous`, and
                `.Output.lock` keeps two builds (say `almanac serve` and `almanac build`) from writing at once:
                the second waits up to 60 s, then fails with this error. None of these may be, hold or lie
                inside the content or the theme folder (`--content site.staging --output site` is refused);
                paths are compared after resolving symbolic links. The message includes the system's reason,
                such as "Not a directory", "Permission denied" or "No space left on device".
                """),
    ]
}
