#!/usr/bin/env python3
"""Write a synthetic Almanac knowledge base, and the same Markdown as a Hugo site, for benchmarks.

    generate.py N OUTDIR [--seed S] [--plain]

writes
    OUTDIR/almanac/   almanac.yaml and N documents of every kind (teams/ services/ runbooks/ postmortems/
                      flags/ experiments/ rollouts/ sprints/ pages/), each valid per the content model
    OUTDIR/hugo/      config.toml, three layouts and content/ holding the same N Markdown bodies as plain
                      pages (front matter: the title only), so both tools render the same Markdown
    OUTDIR/corpus.json  what was written: N, seed, documents per kind, bytes of Markdown

The output depends only on N and the seed (Python 3 standard library only; no clock, no hash order).
OUTDIR/almanac and OUTDIR/hugo are deleted first; nothing else in OUTDIR is touched.

The mix (share of N): teams 2 %, services 5 %, runbooks 15 %, postmortems 15 %, flags 20 %,
experiments 8 %, rollouts 5 %, sprints 2 %, free-form pages the rest (each kind at least one, so N >= 10).
Bodies are 1.5-3 KB of Markdown with headings, paragraphs, a list, a table and a fenced code block, and
links to other documents written both as relative `.md` paths and as `kind:slug#anchor`, where the anchor
is always a real heading of the target.

With --plain the corpus is N free-form `page` documents instead (front matter: title, and sometimes a
summary and tags), about 2.2 KB of Markdown each (21.9 MB for N = 10,000): headings, paragraphs, lists, a
fenced code block most of the time, a table now and then, links to other pages (relative `.md` paths and
`page:slug`, some with a heading's anchor) and sometimes to an outside address. The Hugo side gets the same
bodies with the equivalent front matter (title, `description` for the summary, `tags`, with Hugo's tags
taxonomy on, since Almanac writes a page per tag). It draws from another seed stream than the default corpus.
"""

import argparse
import datetime as dt
import json
import os
import posixpath
import random
import re
import shutil
import sys

AS_OF = dt.date(2026, 11, 25)
ENVIRONMENTS = ["development", "staging", "production"]
COHORTS = ["moderators", "newcomers", "power-users", "everyone"]
FLAG_LIFETIME_DAYS = {"release": 40, "experiment": 40, "operational": 7}
REVIEW_EVERY_DAYS = 90
SHORT_ENV = {"development": "dev", "staging": "stg", "production": "prod"}

# (kind, folder, share of N); pages take the rest.
MIX = [
    ("team", "teams", 0.02),
    ("service", "services", 0.05),
    ("integration", "integrations", 0.02),
    ("runbook", "runbooks", 0.15),
    ("postmortem", "postmortems", 0.15),
    ("flag", "flags", 0.20),
    ("experiment", "experiments", 0.08),
    ("rollout", "rollouts", 0.05),
    ("sprint", "sprints", 0.02),
]
FOLDER = {kind: folder for kind, folder, _ in MIX}
FOLDER["page"] = "pages"

# ---------------------------------------------------------------------------------------------------
# Vocabulary

DOMAINS = [
    "payments", "checkout", "search", "identity", "platform", "storage", "messaging", "billing", "growth",
    "mobile", "web", "data", "ml", "infra", "network", "observability", "security", "ledger", "catalog",
    "fulfillment", "notifications", "pricing", "risk", "fraud", "onboarding", "support", "analytics", "ads",
    "recommendations", "media", "maps", "sync", "edge", "devex", "release", "compliance", "reliability",
    "database", "cache", "streaming", "inventory", "shipping", "reviews", "loyalty", "chat", "feeds",
]
TEAM_SUFFIXES = ["core", "platform", "experience", "foundations", "insights", "operations", "squad", "guild"]
COMPONENTS = ["api", "worker", "gateway", "db", "cache", "scheduler", "indexer", "router", "proxy",
              "consumer", "service", "store", "ingest", "exporter", "frontend", "bff"]
PROBLEMS = ["high-latency", "error-spike", "disk-full", "queue-backlog", "cert-expiry", "failover",
            "memory-leak", "restart", "replica-lag", "deploy-rollback", "dependency-outage",
            "rate-limit-exhaustion", "connection-storm", "cache-stampede", "hot-shard", "config-drift"]
EVENTS = ["outage", "degradation", "data-loss", "elevated-errors", "partial-outage", "latency-regression",
          "stuck-jobs", "bad-deploy"]
FEATURES = ["new-checkout-flow", "dark-mode", "batch-writes", "async-indexing", "v2-api", "smart-retry",
            "one-click-pay", "inline-editing", "bulk-export", "adaptive-bitrate", "saved-searches",
            "passkeys", "read-replicas", "grpc-transport", "edge-caching", "new-onboarding", "rich-previews",
            "auto-translate", "offline-mode", "priority-queue"]
IDEAS = ["one-click-test", "ranking-v3", "price-anchoring", "shorter-signup", "social-proof", "free-shipping-banner",
         "smart-defaults", "progressive-disclosure", "reminder-emails", "bundle-offers", "new-empty-state",
         "larger-cta", "trust-badges", "personalised-feed", "faster-search", "guided-tour"]
CHANGES = ["v2-migration", "region-expansion", "schema-upgrade", "runtime-upgrade", "config-rollout",
           "tls-rotation", "storage-migration", "sharding", "protocol-switch", "cluster-upgrade"]
TOPICS = ["overview", "onboarding", "glossary", "style-guide", "architecture", "faq", "conventions",
          "capacity-planning", "cost-review", "on-call-handbook", "release-process", "api-guidelines",
          "data-retention", "threat-model", "roadmap", "decision-log"]
PAGE_FOLDERS = ["", "", "guides", "architecture", "decisions", "onboarding/backend", "onboarding/frontend",
                "handbook/on-call"]
FIRST_NAMES = ["Alice", "Bilal", "Chen", "Dana", "Emeka", "Farah", "Gustav", "Hana", "Ines", "Jonas", "Kofi",
               "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Viktor",
               "Wen", "Ximena", "Yusuf", "Zoe"]
LAST_NAMES = ["Andersen", "Barros", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova",
              "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva",
              "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang"]
ROLES = ["engineer", "senior engineer", "staff engineer", "engineering manager", "product manager", "SRE",
         "designer", "tech lead"]

SUBJECTS = ["The service", "The on-call engineer", "Our team", "The deploy pipeline", "The primary database",
            "Each worker", "The load balancer", "The release train", "The cache layer", "The incident commander",
            "The scheduler", "A canary host", "The ingestion job", "The API gateway", "The feature flag service"]
VERBS = ["monitors", "retries", "drains", "validates", "reconciles", "throttles", "replicates", "pages on",
         "rolls back", "shards", "caches", "batches", "rate-limits", "snapshots", "rebalances"]
OBJECTS = ["the request queue", "stale connections", "the replica set", "pending writes", "the error budget",
           "the canary fleet", "configuration changes", "background jobs", "expired sessions",
           "the upstream dependency", "hot partitions", "the write-ahead log", "idempotency keys",
           "the connection pool", "retry storms"]
TAILS = ["before traffic shifts to the new version", "when p99 latency exceeds the SLO",
         "during the nightly batch window", "unless the feature flag is disabled", "after every production deploy",
         "so that customers never see partial results", "while the migration is in progress",
         "within five minutes of the alert firing", "as long as the health checks stay green",
         "for every region independently", "without waking up a second responder",
         "until the backlog drains below the threshold"]
INLINE = ["`kubectl rollout undo`", "`max_connections`", "**do not** restart the primary", "_only_ in staging",
          "`retry_budget=0.2`", "**always** page the owner", "`SELECT 1`", "_read-only mode_", "`--dry-run`"]

HEADINGS = {
    "team": ["What we own", "How to reach us", "Working agreements", "Onboarding", "On-call rotation",
             "Planning rhythm", "Team rituals", "Decision making", "Engineering principles"],
    "service": ["Overview", "Architecture", "Dependencies", "Operating the service", "Dashboards and alerts",
                "Capacity", "Data model", "Deployment", "Known limitations", "Security notes"],
    "integration": ["Overview", "Events", "Failure handling", "Replaying the dead letters", "Rate limits",
                    "Secrets and signatures", "Contacts on the other side"],
    "runbook": ["Symptoms", "Diagnose the problem", "Mitigate", "Roll back the deploy", "Escalation",
                "Verify recovery", "Check the dashboards", "Drain the traffic", "Restart the workers",
                "Failover to the replica", "Communicate with customers"],
    "postmortem": ["Summary", "Impact", "Timeline", "Root cause analysis", "What went well",
                   "What went wrong", "Where we got lucky", "Follow-up work", "Detection", "Response"],
    "flag": ["Purpose", "Rollout plan", "Fallback behaviour", "Cleanup", "Monitoring", "Owners and contacts",
             "Targeting rules"],
    "experiment": ["Background", "Design", "Metrics", "Analysis plan", "Risks", "Results discussion",
                   "Decision", "Next steps"],
    "rollout": ["Scope", "Plan", "Risks", "Communication", "Rollback strategy", "Success criteria",
                "Timeline", "Dependencies"],
    "sprint": ["Focus", "Notes", "Retrospective", "Highlights", "Carry-over", "Risks and blockers"],
    "page": ["Context", "Guidelines", "Examples", "Frequently asked questions", "References", "Background",
             "How it works", "Conventions", "Open questions", "Glossary", "Decision", "Consequences"],
}
SUBHEADINGS = ["Quick checks", "Deeper investigation", "Known pitfalls", "Worked example", "Before you start",
               "After you finish", "Edge cases", "Tooling"]

LINK_TEMPLATES = [
    "See [{text}]({href}) for the full procedure.",
    "Related: [{text}]({href}).",
    "If that does not help, follow [{text}]({href}).",
    "This is covered in more depth in [{text}]({href}).",
    "The owners describe the details in [{text}]({href}).",
]

TABLE_HEADERS = [
    ["Signal", "Threshold", "Action"],
    ["Step", "Owner", "Expected duration"],
    ["Metric", "Before", "After"],
    ["Environment", "Setting", "Notes"],
    ["Risk", "Likelihood", "Mitigation"],
]
TABLE_CELLS = ["p99 > 800 ms", "5xx > 1 %", "queue depth > 10k", "on-call", "owning team", "15 minutes",
               "2 hours", "low", "medium", "high", "feature flag", "canary", "staging first", "n/a",
               "`replicas: 6`", "**manual**", "automatic", "weekly", "0.4 %", "1.7 %", "312 ms", "264 ms"]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def gh_slug(text):
    """The GitHub-style anchor of a heading (ASCII headings only in this generator)."""
    text = text.strip().lower()
    text = re.sub(r"[^a-z0-9 _-]", "", text)
    return text.replace(" ", "-")


def humanize(slug):
    words = []
    for w in slug.split("-"):
        if w in ("api", "db", "bff", "ml", "tls", "grpc", "v2", "v3", "cta", "faq"):
            words.append(w.upper())
        else:
            words.append(w)
    s = " ".join(words)
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------------
# YAML front matter

class Raw(str):
    """Emitted as it is (already valid YAML)."""


PLAIN_RE = re.compile(r"^[a-z][a-z0-9-]*$")
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def fmt_float(x):
    s = f"{x:.4f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_float(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, str):
        if PLAIN_RE.match(v) and v not in YAML_WORDS:
            return v
        return json.dumps(v, ensure_ascii=False)
    raise TypeError(f"cannot write {v!r} as YAML")


def emit_map(obj, indent, out):
    pad = " " * indent
    for k, v in obj.items():
        if isinstance(v, dict):
            out.append(f"{pad}{k}:")
            emit_map(v, indent + 2, out)
        elif isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v) and sum(len(str(x)) for x in v) < 60:
                out.append(f"{pad}{k}: [{', '.join(scalar(x) for x in v)}]")
            else:
                out.append(f"{pad}{k}:")
                for item in v:
                    emit_item(item, indent + 2, out)
        else:
            out.append(f"{pad}{k}: {scalar(v)}")


def emit_item(item, indent, out):
    pad = " " * indent
    if isinstance(item, dict):
        sub = []
        emit_map(item, indent + 2, sub)
        sub[0] = pad + "- " + sub[0][indent + 2:]
        out.extend(sub)
    else:
        out.append(f"{pad}- {scalar(item)}")


def front_matter(fm):
    out = ["---"]
    emit_map(fm, 0, out)
    out.append("---")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# The corpus

class Doc:
    __slots__ = ("kind", "slug", "path", "title", "fm", "headings", "anchors", "related", "body")

    def __init__(self, kind, slug, title, folder=""):
        self.kind = kind
        self.slug = slug
        sub = FOLDER[kind] + ("/" + folder if folder else "")
        self.path = f"{sub}/{slug}.md"
        self.title = title
        self.fm = None
        self.headings = []     # (level, text)
        self.anchors = []
        self.related = []      # documents the body should link to
        self.body = ""


class Generator:
    def __init__(self, n, seed):
        self.n = n
        self.rng = random.Random(f"almanac-bench:{seed}")
        self.counts = self.plan_counts(n)
        self.docs = {k: [] for k in list(FOLDER)}
        self.used = {k: set() for k in list(FOLDER)}
        self.handles = []
        self.team_members = {}

    @staticmethod
    def plan_counts(n):
        counts = {kind: max(1, int(n * share)) for kind, _, share in MIX}
        counts["page"] = n - sum(counts.values())
        if counts["page"] < 1:
            raise SystemExit("generate.py: N must be at least 10 (one document of every kind)")
        return counts

    # --- helpers ---------------------------------------------------------------------------------

    def unique(self, kind, base, fresh=None):
        """`base`, or when taken a few fresh candidates from `fresh()`, or else `base-2`, `base-3`, ..."""
        used = self.used[kind]
        if fresh is not None:
            for _ in range(8):
                if base not in used:
                    break
                base = fresh()
        slug = base
        k = 2
        while slug in used:
            slug = f"{base}-{k}"
            k += 1
        used.add(slug)
        assert SLUG_RE.match(slug), slug
        return slug

    def fresh(self, first, second):
        """Arguments for `unique`: a random `first-second` name and a way to draw another."""
        r = self.rng

        def draw():
            return f"{r.choice(first)}-{r.choice(second)}"
        return draw(), draw

    def owner(self):
        r = self.rng
        if r.random() < 0.6:
            return r.choice(self.docs["team"]).slug
        return r.choice(self.handles)

    def person(self):
        return self.rng.choice(self.handles)

    def date_between(self, lo_days_ago, hi_days_ago):
        """A date between lo and hi days before as_of (lo >= hi; negative means after as_of)."""
        return AS_OF - dt.timedelta(days=self.rng.randint(hi_days_ago, lo_days_ago))

    def datetime_on(self, day):
        r = self.rng
        return dt.datetime(day.year, day.month, day.day, r.randint(0, 23), r.randint(0, 59), 0)

    def sentence(self):
        r = self.rng
        s = f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(TAILS)}."
        if r.random() < 0.25:
            s += f" Remember that {r.choice(INLINE)} here."
        return s

    def paragraph(self, lo=3, hi=5):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def tags(self):
        r = self.rng
        if r.random() < 0.5:
            return None
        return sorted(set(r.sample(DOMAINS, r.randint(1, 3))))

    def pick(self, kind, k):
        pool = self.docs[kind]
        return self.rng.sample(pool, min(k, len(pool)))

    # --- kinds -----------------------------------------------------------------------------------

    def make_teams(self):
        r = self.rng
        user = 0
        for _ in range(self.counts["team"]):
            slug = self.unique("team", *self.fresh(DOMAINS, TEAM_SUFFIXES))
            domain = slug.split("-")[0]
            d = Doc("team", slug, humanize(slug))
            members = []
            for _ in range(r.randint(3, 8)):
                user += 1
                handle = f"@user{user}"
                self.handles.append(handle)
                m = {"name": f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}", "handle": handle}
                if r.random() < 0.7:
                    m["role"] = r.choice(ROLES)
                members.append(m)
            fm = {"title": d.title, "summary": f"The {d.title} team: owners of the {domain} domain."}
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["members"] = members
            if r.random() < 0.8:
                fm["channel"] = f"#{slug}"
            if r.random() < 0.6:
                fm["oncall"] = f"{slug}-primary"
            d.fm = fm
            self.team_members[slug] = [m["handle"] for m in members]
            self.docs["team"].append(d)

    def make_services(self):
        r = self.rng
        for i in range(self.counts["service"]):
            slug = self.unique("service", *self.fresh(DOMAINS, COMPONENTS))
            d = Doc("service", slug, humanize(slug))
            fm = {"title": d.title}
            if r.random() < 0.7:
                fm["summary"] = f"{d.title} serves the {slug.split('-')[0]} domain."
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = self.owner()
            fm["tier"] = r.choice([1, 2, 2, 3, 3])
            fm["lifecycle"] = r.choice(["production"] * 6 + ["experimental", "deprecated"])
            if i > 0 and r.random() < 0.8:
                lo = max(0, i - 60)  # depend on recent, lower-index services: a DAG by construction
                deps = r.sample(self.docs["service"][lo:i], min(i - lo, r.randint(1, 4)))
                fm["depends_on"] = [x.slug for x in deps]
                d.related.extend(deps)
            if r.random() < 0.7:
                fm["dashboards"] = [
                    {"title": f"{d.title} overview", "url": f"https://grafana.example.com/d/{slug}"},
                    {"title": "Latency and errors", "url": f"https://grafana.example.com/d/{slug}-red"},
                ][: r.randint(1, 2)]
            if r.random() < 0.8:
                slo = {}
                if r.random() < 0.9:
                    slo["availability"] = r.choice([99.0, 99.5, 99.9, 99.95, 99.99])
                if r.random() < 0.7:
                    slo["latency_p99_ms"] = r.choice([50, 100, 250, 400, 800, 1500])
                if slo:
                    fm["slo"] = slo
            d.fm = fm
            self.docs["service"].append(d)

    def make_runbooks(self):
        r = self.rng
        for _ in range(self.counts["runbook"]):
            svc = r.choice(self.docs["service"])
            problem = r.choice(PROBLEMS)
            slug = self.unique("runbook", f"{svc.slug}-{problem}")  # the same service and problem again: -2
            d = Doc("runbook", slug, f"{svc.title}: {humanize(problem).lower()}")
            services = [svc] + [s for s in self.pick("service", r.randint(0, 2)) if s is not svc]
            fm = {"title": d.title}
            if r.random() < 0.6:
                fm["summary"] = f"What to do when {svc.slug} shows {problem.replace('-', ' ')}."
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = svc.fm["owner"] if r.random() < 0.7 else self.owner()
            fm["services"] = [s.slug for s in services]
            if r.random() < 0.8:
                fm["alerts"] = [f"{svc.slug.replace('-', '_').title().replace('_', '')}{a}"
                                for a in r.sample(["HighLatency", "ErrorRate", "Saturation", "QueueDepth",
                                                   "DiskUsage", "CertExpiry"], r.randint(1, 3))]
            fm["last_reviewed"] = self.date_between(200, 0)  # about half are stale at 90 days
            if r.random() < 0.3:
                fm["review_every_days"] = r.choice([30, 60, 180, 365])
            if r.random() < 0.4:
                fm["last_drill"] = self.date_between(400, 0)
            if r.random() < 0.7:
                fm["failure_modes"] = [
                    {"name": f"{humanize(p)}", "class": r.choice(["retryable", "user-fixable",
                                                                 "operator-fixable", "fatal"]),
                     "action": self.sentence()}
                    for p in r.sample(PROBLEMS, r.randint(1, 3))]
            d.fm = fm
            d.related.extend(services)
            self.docs["runbook"].append(d)

    def make_integrations(self):
        """Webhooks and connectors of random services, most with every safeguard, some with gaps (no jitter, no
        signature or idempotency key on inbound ones, no dead-letter queue)."""
        r = self.rng
        for _ in range(self.counts["integration"]):
            svc = r.choice(self.docs["service"])
            direction = r.choice(["inbound", "outbound"])
            partner = r.choice(["partner", "vendor", "bridge", "ledger", "crm", "billing"])
            slug = self.unique("integration", f"{svc.slug}-{partner}-{'in' if direction == 'inbound' else 'out'}")
            d = Doc("integration", slug, f"{humanize(partner)} {direction} {svc.title}")
            fm = {"title": d.title, "direction": direction, "type": r.choice(["webhook", "webhook", "connector"]),
                  "service": svc.slug, "owner": svc.fm["owner"], "counterpart": f"The {partner} system"}
            if r.random() < 0.6:
                fm["events"] = [f"{partner}.{e}" for e in r.sample(["created", "updated", "deleted", "paid", "failed"], 2)]
            workers = r.randint(1, 8)
            fm["queue"] = {"name": f"{slug}-q", "workers": workers, "rate_limit": f"{r.choice([10, 25, 50])}/s",
                           "peak": {"rate": f"{r.choice([50, 100, 400])}/s", "lasting": r.choice(["5m", "10m", "30m"])},
                           "recovery_time": r.choice(["15m", "30m", "1h"])}
            attempts = r.randint(3, 10)
            retry = {"initial_delay": r.choice(["1s", "2s", "30s"]), "multiplier": 2, "max_delay": r.choice(["5m", "1h"]),
                     "max_attempts": attempts, "give_up_after": "48h"}
            if r.random() < 0.8:
                retry["jitter"] = r.choice(["full", "equal", "decorrelated"])
            fm["retry"] = retry
            if direction == "outbound" or r.random() < 0.8:
                fm["signature"] = {"algorithm": "hmac-sha256", "header": "Signature", "secret_rotation": "90d"}
            if direction == "outbound" or r.random() < 0.8:
                fm["idempotency"] = {"key": "Event-Id header", "retention": r.choice(["3d", "7d"])}
            if r.random() < 0.8 and self.docs["runbook"]:
                fm["dead_letter"] = {"queue": f"{slug}-dlq", "replay_runbook": r.choice(self.docs["runbook"]).slug}
            fm["connector"] = r.choice(["standard", "custom"])
            if fm["connector"] == "custom":
                fm["connector_reason"] = self.sentence()
            d.fm = fm
            d.related.append(svc)
            self.docs["integration"].append(d)

    def make_flags(self):
        r = self.rng
        types = ["release"] * 5 + ["experiment"] * 2 + ["operational"] * 2 + ["kill-switch", "permission"]
        for _ in range(self.counts["flag"]):
            ftype = r.choice(types)
            suffix = "-kill-switch" if ftype == "kill-switch" else ""
            slug = self.unique("flag", *self.fresh(DOMAINS, [f + suffix for f in FEATURES]))
            d = Doc("flag", slug, f"{humanize(slug)}")
            default_lifetime = "permanent" if ftype in ("kill-switch", "permission") else "temporary"
            lifetime = default_lifetime
            explicit = r.random() < 0.3
            if explicit and ftype == "operational" and r.random() < 0.5:
                lifetime = "permanent"
            created = self.date_between(700, 3)
            fm = {"title": d.title}
            if r.random() < 0.5:
                fm["summary"] = f"Gates {slug.replace('-', ' ')}."
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = self.owner()
            fm["type"] = ftype
            if explicit or lifetime != default_lifetime:
                fm["lifetime"] = lifetime
            fm["created"] = created
            if lifetime == "temporary":
                days = FLAG_LIFETIME_DAYS.get(ftype, 40)
                fm["expires"] = created + dt.timedelta(days=r.randint(days, days * 6))
            services = self.pick("service", r.randint(0, 2))
            if services:
                fm["services"] = [s.slug for s in services]
                d.related.extend(services)
            fm["fallback"] = r.choice([
                "The previous experience stays in place.", "Users see the classic checkout.",
                "Requests go to the legacy code path.", "The feature is hidden; nothing else changes.",
                "Writes are queued and applied synchronously.", "Traffic is served from the old cluster."])
            audit, state = self.flag_audit(created)
            envs = {}
            for env in ENVIRONMENTS:
                enabled, rollout, cohorts = state[env]
                e = {"enabled": enabled, "rollout": rollout}
                if cohorts is not None:
                    e["cohorts"] = cohorts
                envs[env] = e
            fm["environments"] = envs
            if r.random() < 0.2 and state["production"][1] < 100:
                start = state["production"][1]
                steps = sorted(set(x for x in (25, 50, 100) if x > start)) or [100]
                day = AS_OF + dt.timedelta(days=r.randint(1, 5))
                sched = []
                for pct in steps:
                    sched.append({"date": day, "environment": "production", "rollout": pct})
                    day += dt.timedelta(days=r.randint(2, 7))
                fm["schedule"] = sched
            fm["audit"] = audit
            d.fm = fm
            self.docs["flag"].append(d)

    def flag_audit(self, created):
        """An audit log from `created` to before as_of, and the state it replays to."""
        r = self.rng
        who = self.person
        actions = [("created", ENVIRONMENTS[0], None, "Created for the upcoming launch.")]
        plans = {"development": [100], "staging": [50, 100], "production": [1, 10, 50, 100]}
        depth = r.randint(0, len(ENVIRONMENTS))  # how many environments the flag has reached
        for env in ENVIRONMENTS[:depth]:
            actions.append(("enabled", env, None, f"Start testing in {env}."))
            steps = plans[env]
            reached = steps if env != ENVIRONMENTS[depth - 1] else steps[: r.randint(1, len(steps))]
            for pct in reached:
                actions.append(("rollout", env, pct, f"Ramp to {pct} % after a clean verification."))
            if r.random() < 0.15:
                cohorts = sorted(r.sample(COHORTS, r.randint(1, 2)))
                actions.append(("targeting", env, cohorts, "Limit to the cohorts in the launch plan."))
        if depth and r.random() < 0.1:
            env = ENVIRONMENTS[depth - 1]
            actions.append(("disabled", env, None, "Disabled while an incident is investigated."))
        if r.random() < 0.05:
            actions.append(("archived", ENVIRONMENTS[-1], None, "Code paths removed; archiving."))

        start = dt.datetime(created.year, created.month, created.day, r.randint(8, 17), r.randint(0, 59))
        end = dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day) - dt.timedelta(days=1)
        span = max(int((end - start).total_seconds() // 60), len(actions) + 1)
        span = min(span, r.randint(2, 120) * 24 * 60)  # most flags move within a few weeks or months
        offsets = [0] + sorted(r.sample(range(1, span), len(actions) - 1))
        state = {env: [False, 0, None] for env in ENVIRONMENTS}
        audit = []
        for (action, env, to, why), off in zip(actions, offsets):
            entry = {"at": start + dt.timedelta(minutes=off), "who": who(), "environment": env,
                     "action": action}
            if to is not None:
                entry["to"] = to
            entry["why"] = why
            audit.append(entry)
            if action == "enabled":
                state[env][0] = True
            elif action == "disabled":
                state[env][0] = False
            elif action == "rollout":
                state[env][1] = to
            elif action == "targeting":
                state[env][2] = to
        return audit, state

    def make_sprints(self):
        r = self.rng
        count = self.counts["sprint"]
        spans = []
        end = AS_OF + dt.timedelta(days=9)   # the current sprint runs through as_of
        for i in range(count):
            cooldown = (count - i) % 7 == 0
            length = 7 if cooldown else 14
            start = end - dt.timedelta(days=length - 1)
            spans.append((start, end, cooldown))
            end = start - dt.timedelta(days=1)   # back to back: no shared day
        spans.reverse()
        per_year = {}
        for start, end, cooldown in spans:
            k = per_year[start.year] = per_year.get(start.year, 0) + 1
            slug = self.unique("sprint", f"sprint-{start.year}-{k:02d}")
            d = Doc("sprint", slug, f"Sprint {start.year}.{k}" + (" (cooldown)" if cooldown else ""))
            fm = {"title": d.title}
            if r.random() < 0.3:
                fm["summary"] = self.sentence()
            fm["start"] = start
            fm["end"] = end
            fm["goals"] = []
            fm["cycle"] = f"{start.year}-c{(start.month - 1) // 4 + 1}"
            if cooldown:
                fm["cooldown"] = True
            d.fm = fm
            self.docs["sprint"].append(d)

    def make_rollouts(self):
        r = self.rng
        recent_sprints = self.docs["sprint"][-26:]
        for _ in range(self.counts["rollout"]):
            svc = r.choice(self.docs["service"])
            slug = self.unique("rollout", f"{svc.slug}-{r.choice(CHANGES)}")
            d = Doc("rollout", slug, f"{svc.title}: {humanize(slug[len(svc.slug) + 1:]).lower()}")
            services = [svc] + [s for s in self.pick("service", r.randint(0, 1)) if s is not svc]
            flags = self.pick("flag", r.randint(1, 2))
            runbooks = self.pick("runbook", 2)
            fm = {"title": d.title}
            if r.random() < 0.5:
                fm["summary"] = self.sentence()
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = self.owner()
            sprint = None
            if r.random() < 0.7:
                sprint = r.choice(recent_sprints)
                fm["sprint"] = sprint.slug
                sprint.fm["goals"].append({"title": f"Ship {d.title}", "rollout": slug})
            fm["services"] = [s.slug for s in services]
            fm["flags"] = [f.slug for f in flags]
            fm["steps"] = self.rollout_steps(services, flags, runbooks)
            d.fm = fm
            d.related.extend(services + flags + runbooks)
            self.docs["rollout"].append(d)

    def rollout_steps(self, services, flags, runbooks):
        """Preflights in parallel, then per environment: rollout -> verify, a gate before production,
        a rollback for every rollout step. Percentages only grow along a path (per flag and environment)."""
        r = self.rng
        steps = []
        progress = r.randint(0, 12)   # how many steps are done

        def add(step):
            if "status" not in step:
                n = len(steps)
                step["status"] = "done" if n < progress else ("in-progress" if n == progress else "pending")
            steps.append(step)
            return step["id"]

        pre = [add({"id": "preflight-capacity", "kind": "preflight", "title": "Check capacity headroom",
                    "duration": "30m"}),
               add({"id": "preflight-dashboards", "kind": "preflight", "title": "Open the dashboards",
                    "services": [s.slug for s in services], "duration": "15m"})]
        flag = flags[0].slug
        needs = pre
        plan = [("development", [100]), ("staging", [100]), ("production", r.choice([[5, 50, 100],
                                                                                      [10, 100], [1, 25, 100]]))]
        for env, pcts in plan:
            if env == "production":
                gate = add({"id": "gate-change-approval", "kind": "gate", "title": "Change approval",
                            "owner": self.person(), "needs": needs, "duration": "4h"})
                needs = [gate]
            for pct in pcts:
                sid = f"{SHORT_ENV[env]}-{pct}"
                step = {"id": f"rollout-{sid}", "kind": "rollout", "title": f"Enable in {env} at {pct} %",
                        "needs": needs, "flag": flag, "environment": env, "percentage": pct,
                        "duration": r.choice(["30m", "1h", "2h", "1d"])}
                if r.random() < 0.4:
                    step["owner"] = self.owner()
                rid = add(step)
                vid = add({"id": f"verify-{sid}", "kind": "verify", "title": f"Verify {env} at {pct} %",
                           "needs": [rid], "runbook": r.choice(runbooks).slug,
                           "duration": r.choice(["15m", "30m", "1h"])})
                add({"id": f"rollback-{sid}", "kind": "rollback", "title": f"Roll back {env} at {pct} %",
                     "needs": [rid], "reverts": rid, "runbook": runbooks[0].slug, "duration": "15m",
                     "status": "skipped" if len(steps) < progress else "pending"})
                needs = [vid]
        return steps

    def make_postmortems(self):
        r = self.rng
        for _ in range(self.counts["postmortem"]):
            svc = r.choice(self.docs["service"])
            started = self.datetime_on(self.date_between(720, 1))
            slug = self.unique("postmortem", f"{started.date().isoformat()}-{svc.slug}-{r.choice(EVENTS)}")
            d = Doc("postmortem", slug, f"{started.date().isoformat()}: {humanize(slug[11:])}")
            detected = started + dt.timedelta(minutes=r.randint(0, 90))
            mitigated = detected + dt.timedelta(minutes=r.randint(3, 300))
            resolved = mitigated + dt.timedelta(minutes=r.randint(0, 1440))
            services = [svc] + [s for s in self.pick("service", r.randint(0, 2)) if s is not svc]
            fm = {"title": d.title}
            if r.random() < 0.6:
                fm["summary"] = f"{svc.title} {slug.split('-', 3)[-1].replace('-', ' ')}."
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = self.owner()
            fm["severity"] = r.choice(["sev1", "sev2", "sev2", "sev3", "sev3", "sev3", "sev4"])
            fm["status"] = r.choice(["draft", "in-review", "published", "published", "published"])
            fm["services"] = [s.slug for s in services]
            d.related.extend(services)
            if r.random() < 0.4:
                flags = self.pick("flag", r.randint(1, 2))
                fm["flags"] = [f.slug for f in flags]
                d.related.extend(flags)
            if r.random() < 0.7:
                runbooks = self.pick("runbook", r.randint(1, 2))
                fm["runbooks"] = [x.slug for x in runbooks]
                d.related.extend(runbooks)
            if r.random() < 0.2:
                rollout = r.choice(self.docs["rollout"])
                fm["rollout"] = rollout.slug
                d.related.append(rollout)
            fm["timeline"] = {"started": started, "detected": detected, "mitigated": mitigated,
                              "resolved": resolved}
            impact = {"summary": f"Customers saw errors from {svc.slug} for "
                                 f"{int((mitigated - started).total_seconds() // 60)} minutes."}
            if r.random() < 0.8:
                impact["users_affected"] = r.randint(10, 250000)
            if r.random() < 0.6:
                impact["error_budget_burned"] = round(r.uniform(0.5, 80.0), 1)
            fm["impact"] = impact
            if r.random() < 0.7:
                fm["trigger"] = r.choice(["A configuration push", "A deploy of " + svc.slug,
                                          "A traffic spike from a partner", "An expired certificate",
                                          "A schema migration"])
            fm["root_causes"] = [self.sentence() for _ in range(r.randint(1, 3))]
            if r.random() < 0.6:
                fm["contributing_factors"] = [self.sentence() for _ in range(r.randint(1, 3))]
            if r.random() < 0.6:
                fm["lessons"] = {"went_well": [self.sentence()], "went_wrong": [self.sentence()]}
                if r.random() < 0.5:
                    fm["lessons"]["got_lucky"] = [self.sentence()]
            items = []
            for _ in range(r.randint(1, 3)):
                due = started.date() + dt.timedelta(days=r.randint(7, 90))
                recent = due >= AS_OF - dt.timedelta(days=60)   # old items are mostly closed by now
                status = r.choice(["open", "open", "done", "deprioritized"] if recent else
                                  ["open"] + ["done"] * 7 + ["deprioritized"] * 2)
                item = {"title": r.choice(["Add an alert on ", "Write a runbook for ", "Load test ",
                                           "Add a circuit breaker to ", "Automate failover of "]) + svc.slug,
                        "owner": self.owner(), "due": due, "status": status}
                if r.random() < 0.7:
                    item["type"] = r.choice(["mitigate", "prevent", "process"])
                if status != "open":
                    lo = started.date() + dt.timedelta(days=1)
                    hi = max(lo, min(AS_OF, due + dt.timedelta(days=20)))
                    item["closed"] = lo + dt.timedelta(days=r.randint(0, (hi - lo).days))
                if status == "deprioritized":
                    item["reason"] = r.choice(["Superseded by the platform migration.",
                                               "Cost outweighs the risk.", "The service is being retired."])
                items.append(item)
            fm["action_items"] = items
            d.fm = fm
            self.docs["postmortem"].append(d)

    def make_experiments(self):
        r = self.rng
        surfaces = ["checkout page", "search results", "home feed", "signup flow", "product page",
                    "settings", "cart", "notifications"]
        proportion_metrics = ["checkout_conversion", "signup_rate", "click_through_rate", "d7_retention"]
        mean_metrics = ["revenue_per_user", "session_minutes", "items_per_order"]
        exp_flags = [f for f in self.docs["flag"] if f.fm["type"] == "experiment"] or self.docs["flag"]
        by_layer = {}
        for _ in range(self.counts["experiment"]):
            slug = self.unique("experiment", *self.fresh(DOMAINS, IDEAS))
            domain = slug.split("-")[0]
            d = Doc("experiment", slug, humanize(slug))
            surface = r.choice(surfaces)
            status = r.choice(["draft", "pilot", "running", "running", "concluded", "concluded", "concluded",
                               "stopped"])
            if status == "draft":
                start, end = self.date_between(0, -30), None
            elif status == "pilot":
                start, end = self.date_between(14, 0), None
            elif status == "running":
                start = self.date_between(60, 3)
                end = AS_OF + dt.timedelta(days=r.randint(1, 30)) if r.random() < 0.5 else None
            elif status == "concluded":
                start = self.date_between(600, 30)
                end = start + dt.timedelta(days=r.randint(14, 28))
            else:
                start = self.date_between(600, 15)
                end = start + dt.timedelta(days=r.randint(3, 10))
            fm = {"title": d.title}
            if r.random() < 0.5:
                fm["summary"] = self.sentence()
            t = self.tags()
            if t:
                fm["tags"] = t
            fm["owner"] = self.owner()
            fm["status"] = status
            fm["hypothesis"] = (f"Changing the {surface} for {domain} users improves the primary metric "
                                f"because {self.sentence()[0].lower()}{self.sentence()[1:]}")
            if r.random() < 0.7:
                flag = r.choice(exp_flags)
                fm["flag"] = flag.slug
                d.related.append(flag)
            fm["surface"] = surface
            layer = f"{surface.replace(' ', '-')}-{domain}"   # one layer per surface and domain
            fm["layer"] = layer
            by_layer.setdefault(layer, []).append(fm)
            if r.random() < 0.4:
                seg = {}
                if r.random() < 0.6:
                    seg["lifecycle"] = r.sample(["new", "returning", "dormant"], r.randint(1, 2))
                if r.random() < 0.5:
                    seg["locale"] = r.sample(["en-US", "de-DE", "fr-FR", "ja-JP"], r.randint(1, 3))
                if r.random() < 0.5:
                    seg["device"] = r.sample(["ios", "android", "web"], r.randint(1, 2))
                if seg:
                    fm["segments"] = seg
            fm["start"] = start
            if end is not None:
                fm["end"] = end
            daily = r.choice([2000, 5000, 12000, 40000, 150000])
            fm["daily_traffic"] = daily
            if r.random() < 0.2:
                fm["alpha"] = r.choice([0.01, 0.1])
            if r.random() < 0.2:
                fm["power"] = r.choice([0.8, 0.9])
            arms = r.choice([[("control", 50), ("treatment", 50)], [("control", 50), ("treatment", 50)],
                             [("control", 34), ("variant-b", 33), ("variant-c", 33)],
                             [("control", 25), ("variant-b", 25), ("variant-c", 25), ("variant-d", 25)],
                             [("control", 80), ("treatment", 20)]])
            variants = []
            for name, weight in arms:
                v = {"name": name, "weight": weight}
                if name == "control":
                    v["control"] = True
                variants.append(v)
            fm["variants"] = variants
            if r.random() < 0.7:
                metric = {"name": r.choice(proportion_metrics), "kind": "proportion",
                          "baseline": round(r.uniform(0.02, 0.4), 3)}
            else:
                base = round(r.uniform(5, 120), 2)
                metric = {"name": r.choice(mean_metrics), "kind": "mean", "baseline": base,
                          "sd": round(base * r.uniform(0.5, 1.5), 2)}
            metric["expected_lift"] = r.choice([0.02, 0.03, 0.05, 0.08, 0.1])
            metric["direction"] = "increase" if r.random() < 0.85 else "decrease"
            fm["primary_metric"] = metric
            guards = []
            if r.random() < 0.6:
                guards.append({"metric": "error_rate", "kind": "proportion",
                               "max_regression": r.choice([0.02, 0.05, 0.1]), "bad_direction": "increase"})
            if r.random() < 0.4:
                guards.append({"metric": "page_load_p95_ms", "kind": "mean",
                               "max_regression": r.choice([0.03, 0.05]), "bad_direction": "increase"})
            if guards:
                fm["guardrails"] = guards
            if status == "concluded" or (status in ("running", "stopped") and r.random() < 0.5):
                as_of = end if status != "running" else AS_OF - dt.timedelta(days=1)
                fm["results"] = self.experiment_results(fm, arms, metric, guards, start, as_of, daily)
            if status == "concluded":
                fm["decision"] = r.choice(["ship", "ship", "iterate", "abandon"])
            elif status == "stopped" and r.random() < 0.5:
                fm["decision"] = "abandon"
            if status in ("concluded", "stopped") and r.random() < 0.7:
                fm["learnings"] = self.sentence()
            d.fm = fm
            self.docs["experiment"].append(d)
        # Experiments of one layer never share traffic: their allocations add up to at most 100.
        for fms in by_layer.values():
            if len(fms) > 1:
                share = 100 // len(fms)
                for fm in fms:
                    fm["allocation"] = share
                    self.reorder_after(fm, "allocation", "end" if "end" in fm else "start")

    @staticmethod
    def reorder_after(fm, key, after):
        items = list(fm.items())
        fm.clear()
        value = dict(items)[key]
        for k, v in items:
            if k == key:
                continue
            fm[k] = v
            if k == after:
                fm[key] = value

    def experiment_results(self, fm, arms, metric, guards, start, as_of, daily):
        r = self.rng
        days = max(1, (as_of - start).days)
        total = int(daily * days * 0.3)  # allocation is set later; a third of traffic is typical
        out = {}
        for name, weight in arms:
            units = max(50, int(total * weight / 100 * r.uniform(0.995, 1.005)))
            metrics = {}
            effect = 0 if name == "control" else r.uniform(-0.05, 0.1)
            if metric["kind"] == "proportion":
                p = min(0.95, metric["baseline"] * (1 + effect))
                metrics[metric["name"]] = {"conversions": int(units * p)}
            else:
                metrics[metric["name"]] = {"mean": round(metric["baseline"] * (1 + effect), 3),
                                           "sd": metric["sd"]}
            for g in guards:
                if g["kind"] == "proportion":
                    metrics[g["metric"]] = {"conversions": int(units * r.uniform(0.004, 0.012))}
                else:
                    metrics[g["metric"]] = {"mean": round(r.uniform(800, 900), 1), "sd": 310.0}
            out[name] = {"units": units, "metrics": metrics}
        return {"as_of": as_of, "variants": out}

    def make_pages(self):
        r = self.rng
        for _ in range(self.counts["page"]):
            slug = self.unique("page", *self.fresh(DOMAINS, TOPICS))
            d = Doc("page", slug, humanize(slug), folder=r.choice(PAGE_FOLDERS))
            fm = {"title": d.title}
            if r.random() < 0.6:
                fm["summary"] = self.sentence()
            t = self.tags()
            if t:
                fm["tags"] = t
            d.fm = fm
            self.docs["page"].append(d)

    # --- bodies ----------------------------------------------------------------------------------

    def plan_headings(self):
        r = self.rng
        for kind, docs in self.docs.items():
            pool = HEADINGS[kind]
            for d in docs:
                hs = [(2, h) for h in r.sample(pool, r.randint(4, min(6, len(pool))))]
                if r.random() < 0.5:
                    at = r.randint(1, len(hs))
                    hs.insert(at, (3, r.choice(SUBHEADINGS)))
                if kind == "runbook" and r.random() < 0.5:
                    hs.append((2, f"Escalate to {d.fm['owner'].lstrip('@')}"))
                d.headings = hs
                d.anchors = [gh_slug(h) for _, h in hs]
                assert len(set(d.anchors)) == len(d.anchors), d.anchors

    def link(self, src, target):
        r = self.rng
        anchor_i = r.randrange(len(target.headings)) if r.random() < 0.5 else None
        if r.random() < 0.5:
            href = posixpath.relpath(target.path, posixpath.dirname(src.path))
        else:
            href = f"{target.kind}:{target.slug}"
        text = target.title
        if anchor_i is not None:
            href += "#" + target.anchors[anchor_i]
            text = f"{target.headings[anchor_i][1]} in {target.title}"
        return r.choice(LINK_TEMPLATES).format(text=text, href=href)

    def code_block(self, d):
        r = self.rng
        name = d.slug[:40]
        choice = r.randrange(4)
        if choice == 0:
            lines = ["```bash", f"# check the current state of {name}",
                     f"kubectl -n {name.split('-')[0]} get pods -l app={name} -o wide",
                     f"kubectl -n {name.split('-')[0]} logs deploy/{name} --since=15m | grep -c ERROR",
                     f"kubectl -n {name.split('-')[0]} rollout status deploy/{name} --timeout=5m", "```"]
        elif choice == 1:
            lines = ["```yaml", f"service: {name}", "replicas: 6", "resources:", "  cpu: 500m",
                     "  memory: 1Gi", "alerts:", "  - name: HighLatency", "    threshold_ms: 800", "```"]
        elif choice == 2:
            lines = ["```sql", "SELECT status, count(*) AS n", "FROM jobs",
                     f"WHERE queue = '{name}' AND created_at > now() - interval '1 hour'",
                     "GROUP BY status ORDER BY n DESC;", "```"]
        else:
            lines = ["```json", "{", f'  "service": "{name}",', '  "retry_budget": 0.2,',
                     '  "timeout_ms": 1500', "}", "```"]
        return "\n".join(lines)

    def table(self):
        r = self.rng
        header = r.choice(TABLE_HEADERS)
        rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for _ in range(r.randint(3, 5)):
            rows.append("| " + " | ".join(r.choice(TABLE_CELLS) for _ in header) + " |")
        return "\n".join(rows)

    def bullet_list(self, ordered):
        r = self.rng
        items = []
        for i in range(r.randint(3, 6)):
            mark = f"{i + 1}." if ordered else "-"
            items.append(f"{mark} {r.choice(VERBS).capitalize()} {r.choice(OBJECTS)} {r.choice(TAILS)}.")
        return "\n".join(items)

    def write_body(self, d, all_docs):
        r = self.rng
        target = r.randint(1400, 2500)
        sections = [[f"{'#' * level} {text}"] for level, text in d.headings]
        intro = [self.paragraph(2, 3)]
        n = len(sections)
        slots = r.sample(range(n), 3) if n >= 3 else [0, 0, 0]
        sections[slots[0]].append(self.bullet_list(ordered=d.kind == "runbook"))
        sections[slots[1]].append(self.table())
        sections[slots[2]].append(self.code_block(d))
        for s in sections:
            s.insert(1, self.paragraph(1, 2))
        # Links: to the documents this one references, and to a few others of any kind.
        targets = list(d.related[:3])
        for _ in range(r.randint(1, 3)):
            targets.append(r.choice(all_docs))
        for t in targets:
            if t is d:
                continue
            sections[r.randrange(n)].append(self.link(d, t))
        size = sum(len(x) + 2 for x in intro) + sum(len(x) + 2 for s in sections for x in s)
        while size < target:
            p = self.paragraph(2, 4)
            sections[r.randrange(n)].insert(1, p)
            size += len(p) + 2
        parts = intro + ["\n\n".join(s) for s in sections]
        d.body = "\n\n".join(parts) + "\n"

    # --- output ----------------------------------------------------------------------------------

    def build(self):
        self.make_teams()
        self.make_services()
        self.make_runbooks()
        self.make_integrations()
        self.make_flags()
        self.make_sprints()
        self.make_rollouts()
        self.make_postmortems()
        self.make_experiments()
        self.make_pages()
        self.finish_sprints()
        self.plan_headings()
        all_docs = [d for docs in self.docs.values() for d in docs]
        for d in all_docs:
            self.write_body(d, all_docs)
        assert len(all_docs) == self.n
        return all_docs

    def finish_sprints(self):
        r = self.rng
        for s in self.docs["sprint"]:
            goals = s.fm["goals"]
            past = s.fm["end"] < AS_OF
            current = s.fm["start"] <= AS_OF <= s.fm["end"]
            for g in goals:
                g["status"] = (r.choice(["done", "done", "done", "carried-over", "dropped"]) if past
                               else r.choice(["planned", "done"] if current else ["planned"]))
            for _ in range(r.randint(2, 4) if len(goals) < 2 else r.randint(0, 1)):
                goals.append({"title": r.choice(["Pay down flaky tests", "Finish the on-call handbook",
                                                 "Reduce build times", "Close sev2 action items",
                                                 "Upgrade the runtime", "Migrate dashboards"]),
                              "status": (r.choice(["done", "dropped", "carried-over"]) if past
                                         else "planned")})


# ---------------------------------------------------------------------------------------------------
# The plain-pages corpus (--plain)

PLAIN_FOLDERS = ["", "", "", "guides", "guides", "architecture", "decisions", "onboarding/backend",
                 "onboarding/frontend", "handbook/on-call", "reference/api", "reference/data"]
PLAIN_HEADINGS = HEADINGS["page"] + [
    "Overview", "Getting started", "Prerequisites", "Step by step", "Troubleshooting", "Limitations",
    "Alternatives considered", "Further reading", "Ownership", "Metrics", "Rollout", "Security considerations",
    "Costs", "History", "Configuration", "Testing", "Migration notes", "Operational concerns"]
EXTERNAL_LINKS = [
    ("the PostgreSQL documentation", "https://www.postgresql.org/docs/current/"),
    ("the Kubernetes documentation", "https://kubernetes.io/docs/home/"),
    ("the Google SRE book", "https://sre.google/sre-book/table-of-contents/"),
    ("the CommonMark spec", "https://spec.commonmark.org/"),
    ("RFC 9110", "https://www.rfc-editor.org/rfc/rfc9110"),
    ("the OpenTelemetry docs", "https://opentelemetry.io/docs/"),
]
NOTES = ["> **Note:** {s}", "> **Warning:** {s}", "> {s}"]


class PlainGenerator(Generator):
    """N free-form pages and nothing else: a documentation site rather than a knowledge base."""

    def __init__(self, n, seed):
        super().__init__(n, seed)
        self.rng = random.Random(f"almanac-bench-plain:{seed}")

    @staticmethod
    def plan_counts(n):
        if n < 1:
            raise SystemExit("generate.py: N must be at least 1")
        return {"page": n}

    def build(self):
        r = self.rng
        pages = self.docs["page"]

        def draw():
            return f"{r.choice(DOMAINS)}-{r.choice(COMPONENTS)}-{r.choice(TOPICS)}"
        for _ in range(self.n):
            slug = self.unique("page", draw(), draw)
            d = Doc("page", slug, humanize(slug), folder=r.choice(PLAIN_FOLDERS))
            fm = {"title": d.title}
            if r.random() < 0.6:
                fm["summary"] = self.sentence()
            t = self.tags()
            if t:
                fm["tags"] = t
            d.fm = fm
            hs = [(2, h) for h in r.sample(PLAIN_HEADINGS, r.randint(3, 5))]
            if r.random() < 0.4:
                hs.insert(r.randint(1, len(hs)), (3, r.choice(SUBHEADINGS)))
            d.headings = hs
            d.anchors = [gh_slug(h) for _, h in hs]
            assert len(set(d.anchors)) == len(d.anchors), d.anchors
            pages.append(d)
        for d in pages:
            self.write_plain_body(d, pages)
        return pages

    def write_plain_body(self, d, pages):
        r = self.rng
        target = r.randint(1525, 2525)
        sections = [[f"{'#' * level} {text}", self.paragraph(1, 2)] for level, text in d.headings]
        intro = [self.paragraph(1, 3)]
        n = len(sections)
        blocks = [self.bullet_list(ordered=r.random() < 0.4)]
        if r.random() < 0.3:
            blocks.append(self.bullet_list(ordered=False))
        if r.random() < 0.6:
            blocks.append(self.code_block(d))
        if r.random() < 0.25:
            blocks.append(self.table())
        if r.random() < 0.2:
            blocks.append(r.choice(NOTES).format(s=self.sentence()))
        for b in blocks:
            sections[r.randrange(n)].append(b)
        for _ in range(r.randint(2, 4)):
            t = r.choice(pages)
            if t is not d:
                sections[r.randrange(n)].append(self.link(d, t))
        if r.random() < 0.4:
            text, href = r.choice(EXTERNAL_LINKS)
            sections[r.randrange(n)].append(r.choice(LINK_TEMPLATES).format(text=text, href=href))
        size = sum(len(x) + 2 for x in intro) + sum(len(x) + 2 for s in sections for x in s)
        while size < target:
            p = self.paragraph(1, 3)
            sections[r.randrange(n)].insert(2, p)
            size += len(p) + 2
        d.body = "\n\n".join(intro + ["\n\n".join(s) for s in sections]) + "\n"


def almanac_yaml():
    return (
        "title: Example Engineering Almanac (benchmark corpus)\n"
        "base_url: /\n"
        f"environments: [{', '.join(ENVIRONMENTS)}]\n"
        f"cohorts: [{', '.join(COHORTS)}]\n"
        f"as_of: {AS_OF.isoformat()}\n"
        f"runbooks: {{ review_every_days: {REVIEW_EVERY_DAYS} }}\n"
        "flags: { lifetime_days: { release: 40, experiment: 40, operational: 7 } }\n"
        "experiments: { alpha: 0.05, power: 0.8, srm_p: 0.001, min_days: 7 }\n"
    )


HUGO_CONFIG = '''# Minimal Hugo site for the Almanac benchmark (written by Benchmarks/generate.py).
# Fairness choices, documented in Benchmarks/README.md:
# - no theme: three small layouts in layouts/ render title + content + a navigation list;
# - taxonomies are off (the front matter has only a title, so they would be empty);
# - home and section RSS feeds and the sitemap stay on (Almanac writes a feed and a sitemap too),
#   with feeds limited to 50 items;
# - server-side syntax highlighting of code fences is off (Almanac emits plain <pre><code>).
baseURL = "/"
title = "Example Engineering Almanac (benchmark corpus)"
languageCode = "en"
disableKinds = ["taxonomy", "term"]
rssLimit = 50

[markup.highlight]
codeFences = false
'''

HUGO_CONFIG_PLAIN = '''# Minimal Hugo site for the Almanac benchmark's plain-pages corpus (Benchmarks/generate.py --plain).
# Fairness choices, documented in Benchmarks/README.md:
# - no theme: three small layouts in layouts/ render title, summary, tags, content and a navigation list;
# - the tags taxonomy is on (Almanac writes a page per tag), categories are off, and tag pages are HTML
#   only (Almanac writes no feed per tag);
# - home and section RSS feeds and the sitemap stay on (Almanac writes a feed and a sitemap too),
#   with feeds limited to 50 items;
# - server-side syntax highlighting of code fences is off (Almanac emits plain <pre><code>).
baseURL = "/"
title = "Example Engineering Almanac (benchmark corpus)"
languageCode = "en"
rssLimit = 50

[taxonomies]
tag = "tags"

[outputs]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.highlight]
codeFences = false
'''

NAV = ('<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
       '{{ end }}</ul></nav>')
HUGO_SINGLE = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
               '<title>{{ .Title }} | {{ .Site.Title }}</title></head>\n<body>\n' + NAV + '\n'
               '<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n</main>\n</body>\n</html>\n')
HUGO_SINGLE_PLAIN = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
                     '<title>{{ .Title }} | {{ .Site.Title }}</title>'
                     '{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}</head>\n'
                     '<body>\n' + NAV + '\n<main>\n<h1>{{ .Title }}</h1>\n'
                     '{{ with .Description }}<p class="summary">{{ . }}</p>\n{{ end }}'
                     '{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">'
                     '{{ .LinkTitle }}</a></li>{{ end }}</ul>\n{{ end }}'
                     '{{ .Content }}\n</main>\n</body>\n</html>\n')
HUGO_LIST = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
             '<title>{{ .Title }} | {{ .Site.Title }}</title></head>\n<body>\n' + NAV + '\n'
             '<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>\n'
             '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}'
             '</ul>\n</main>\n</body>\n</html>\n')
HUGO_INDEX = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
              '<title>{{ .Site.Title }}</title></head>\n<body>\n' + NAV + '\n'
              '<main>\n<h1>{{ .Site.Title }}</h1>\n<ul>\n'
              '{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
              '({{ len .Pages }})</li>\n{{ end }}</ul>\n</main>\n</body>\n</html>\n')


def write_file(path, text, made):
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, metavar="N", help="number of documents (at least 10)")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--plain", action="store_true",
                    help="N free-form pages (about 2.2 KB of Markdown each) instead of every kind")
    args = ap.parse_args(argv)

    gen = (PlainGenerator if args.plain else Generator)(args.n, args.seed)
    docs = gen.build()

    almanac_dir = os.path.join(args.outdir, "almanac")
    hugo_dir = os.path.join(args.outdir, "hugo")
    for p in (almanac_dir, hugo_dir):
        if os.path.isdir(p):
            shutil.rmtree(p)
    made = set()
    write_file(os.path.join(almanac_dir, "almanac.yaml"), almanac_yaml(), made)
    write_file(os.path.join(hugo_dir, "config.toml"), HUGO_CONFIG_PLAIN if args.plain else HUGO_CONFIG, made)
    write_file(os.path.join(hugo_dir, "layouts", "_default", "single.html"),
               HUGO_SINGLE_PLAIN if args.plain else HUGO_SINGLE, made)
    write_file(os.path.join(hugo_dir, "layouts", "_default", "list.html"), HUGO_LIST, made)
    write_file(os.path.join(hugo_dir, "layouts", "index.html"), HUGO_INDEX, made)
    body_bytes = 0
    for d in docs:
        write_file(os.path.join(almanac_dir, d.path), front_matter(d.fm) + "\n" + d.body, made)
        if args.plain:
            hugo_fm = {"title": d.title}
            if "summary" in d.fm:
                hugo_fm["description"] = d.fm["summary"]
            if "tags" in d.fm:
                hugo_fm["tags"] = d.fm["tags"]
            hugo_front = front_matter(hugo_fm) + "\n"
        else:
            hugo_front = "---\ntitle: " + json.dumps(d.title, ensure_ascii=False) + "\n---\n\n"
        write_file(os.path.join(hugo_dir, "content", d.path), hugo_front + d.body, made)
        body_bytes += len(d.body.encode("utf-8"))
    info = {"n": args.n, "seed": args.seed, "corpus": "plain" if args.plain else "every-kind",
            "as_of": AS_OF.isoformat(),
            "documents": {k: len(v) for k, v in gen.docs.items() if v or not args.plain}, "body_bytes": body_bytes}
    with open(os.path.join(args.outdir, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"wrote {args.n} documents ({body_bytes / 1e6:.1f} MB of Markdown bodies) to "
          f"{almanac_dir} and {hugo_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
