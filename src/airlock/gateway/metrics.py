"""Prometheus metrics, kept in plain dicts (no lock: one event loop writes them)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
Labels = tuple[tuple[str, str], ...]


class Histogram:
    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0
        self.n = 0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds
        self.n += 1


class Metrics:
    """Counters and histograms rendered in the Prometheus text format at /metrics."""

    def __init__(self) -> None:
        self.counters: dict[str, dict[Labels, float]] = defaultdict(lambda: defaultdict(float))
        self.histograms: dict[str, dict[Labels, Histogram]] = defaultdict(dict)
        self.help = {
            "airlock_requests_total": "Requests by API, model, decision and status.",
            "airlock_request_seconds": "Time from request to last byte, seconds.",
            "airlock_upstream_seconds": "Upstream time to response headers, seconds.",
            "airlock_dlp_actions_total": "DLP actions applied, by entity and action.",
            "airlock_blocked_requests_total": "Requests refused, by reason kind.",
            "airlock_tokens_total": "Tokens, by model and direction.",
            "airlock_cost_usd_total": "Cost in USD, by model and team.",
        }

    def inc(self, name: str, labels: Labels, value: float = 1.0) -> None:
        self.counters[name][labels] += value

    def observe(self, name: str, labels: Labels, seconds: float) -> None:
        hist = self.histograms[name].get(labels)
        if hist is None:
            hist = self.histograms[name][labels] = Histogram()
        hist.observe(seconds)

    def render(self) -> str:
        lines: list[str] = []
        for name, series in sorted(self.counters.items()):
            lines += [f"# HELP {name} {self.help.get(name, name)}", f"# TYPE {name} counter"]
            lines += [f"{name}{_fmt(labels)} {value}" for labels, value in series.items()]
        for name, hists in sorted(self.histograms.items()):
            lines += [f"# HELP {name} {self.help.get(name, name)}", f"# TYPE {name} histogram"]
            for labels, hist in hists.items():
                running = 0
                for bound, count in zip((*BUCKETS, float("inf")), hist.counts, strict=True):
                    running += count
                    le = "+Inf" if bound == float("inf") else repr(bound)
                    lines.append(f"{name}_bucket{_fmt((*labels, ('le', le)))} {running}")
                lines.append(f"{name}_sum{_fmt(labels)} {hist.total}")
                lines.append(f"{name}_count{_fmt(labels)} {hist.n}")
        return "\n".join(lines) + "\n"


def _fmt(labels: Labels) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
