"""The result as a summary (ratios, goals), a PNG chart and a Markdown block for docs/benchmarks.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

LABELS = {
    "parley": "Parley room consumer",
    "parley2": "Parley, two processes",
    "stock": "stock Channels group_send",
    "bare": "bare websockets",
}
COLOURS = {"parley": "tab:blue", "parley2": "tab:purple", "stock": "tab:orange", "bare": "tab:green"}
P99_GOALS_MS = {50: 25.0, 200: 50.0, 500: 120.0}
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"


def _rows(result: dict[str, Any], phase: str, server: str | None = None) -> list[dict[str, Any]]:
    return [r for r in result["rows"] if r["phase"] == phase and (server is None or r["server"] == server)]


def best_rate(result: dict[str, Any], server: str) -> dict[str, Any] | None:
    """The highest delivered/s of a rate step with p99 < 250 ms and nothing lost."""
    passing = [r for r in _rows(result, "rate", server) if r.get("pass")]
    return max(passing, key=lambda r: r["delivered_per_s"]) if passing else None


def summary(result: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sustained_per_s": {},
        "sustained_below": {},
        "p99_ratio_stock_over_parley": {},
        "goals": {},
    }
    for server in LABELS:
        best = best_rate(result, server)
        out["sustained_per_s"][server] = best["delivered_per_s"] if best else None
        steps = _rows(result, "rate", server)
        if steps and best is None:
            # Not even the first step passed: all we know is an upper bound.
            out["sustained_below"][server] = min(r["offered_per_s"] for r in steps)
    ours, stock = out["sustained_per_s"].get("parley"), out["sustained_per_s"].get("stock")
    stock_bound = stock or out["sustained_below"].get("stock")
    out["throughput_ratio_parley_over_stock"] = round(ours / stock_bound, 2) if ours and stock_bound else None
    # "at least": when stock passed no step, the ratio to its first step is a lower bound.
    out["throughput_ratio_is_lower_bound"] = bool(ours and stock is None and stock_bound)
    by = {(r["server"], r["clients"]): r for r in _rows(result, "clients")}
    for (server, n), row in sorted(by.items()):
        if server == "parley" and ("stock", n) in by and row["p99"] and by[("stock", n)]["p99"]:
            out["p99_ratio_stock_over_parley"][n] = round(by[("stock", n)]["p99"] / row["p99"], 2)
    goals = out["goals"]
    for n, limit in P99_GOALS_MS.items():
        ours_at_n = by.get(("parley", n))
        if ours_at_n is not None:
            goals[f"p99 <= {limit:g} ms at {n} clients, no loss"] = bool(
                ours_at_n["p99"] is not None
                and ours_at_n["p99"] <= limit
                and ours_at_n["lost"] == 0
                and ours_at_n["duplicates"] == 0
            )
    if ours is not None or stock is not None:
        goals["sustained delivered/s >= 3x stock"] = bool(ours and stock_bound and ours >= 3 * stock_bound)
    if _rows(result, "rate", "parley"):
        goals["sustained delivered/s >= 30,000 on one process"] = bool(ours and ours >= 30000)
    two = out["sustained_per_s"].get("parley2")
    out["scale_out_ratio_two_over_one"] = round(two / ours, 2) if two and ours else None
    if _rows(result, "rate", "parley2"):
        goals["two processes >= 1.8x one process (sustained)"] = bool(two and ours and two >= 1.8 * ours)
    bare_500, ours_500 = by.get(("bare", 500)), by.get(("parley", 500))
    if bare_500 and ours_500 and bare_500["p99"] and ours_500["p99"]:
        goals["p99 at 500 members <= 2x bare websockets"] = ours_500["p99"] <= 2 * bare_500["p99"]
    if "storm" in result:
        storm = result["storm"]
        goals[f"storm of {storm['members']}: zero failed"] = storm["connected"] == storm["members"]
    if "idle" in result:
        idle = result["idle"]
        goals[f">= 5000 idle members per process ({idle['members']} tried)"] = bool(
            idle["members"] >= 5000 and idle["connected"] == idle["members"] == idle["still_open"]
        )
        b = idle["broadcast"]
        goals[f"one message to all {idle['members']} members: p99 < 250 ms, none lost"] = bool(
            b["p99"] is not None and b["p99"] < 250 and b["lost"] == 0
        )
    return out


def chart(result: dict[str, Any], path: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for server, label in LABELS.items():
        rows = sorted(_rows(result, "clients", server), key=lambda r: r["clients"])
        if rows:
            xs = [r["clients"] for r in rows]
            left.plot(xs, [r["p99"] for r in rows], "o-", color=COLOURS[server], label=f"{label} p99")
            left.plot(
                xs, [r["p50"] for r in rows], "o--", color=COLOURS[server], alpha=0.5, label=f"{label} p50"
            )
        steps = _rows(result, "rate", server)
        if steps:
            right.plot(
                [r["delivered_per_s"] for r in steps],
                [r["p99"] for r in steps],
                "o-",
                color=COLOURS[server],
                label=label,
            )
    goals = sorted(P99_GOALS_MS.items())
    left.plot([n for n, _ in goals], [g for _, g in goals], "k*", markersize=10, label="Parley p99 goal")
    left.set(xlabel="clients in the room", ylabel="delivery latency (ms)", yscale="log")
    left.set_title(f"Fan-out latency at {result['plan']['rate']:g} msg/s", fontsize=10)
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    right.axhline(250, color="k", linestyle=":", label="p99 limit 250 ms")
    right.set(xlabel="delivered messages per second", ylabel="p99 latency (ms)", yscale="log")
    right.set_title(f"Rate sweep, {result['plan']['rate_clients']} clients", fontsize=10)
    right.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=7)
    machine = result["machine"]
    fig.suptitle(f"{machine['cpu_model']}, {machine['cores']} cores — {result['started']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ack(row: dict[str, Any]) -> str:
    return f"{_fmt(row['ack_p50'])} / {_fmt(row['ack_p99'])}" if row.get("ack_p50") is not None else "–"


def markdown(result: dict[str, Any], chart: str) -> str:
    m, s = result["machine"], result["summary"]
    lines = [
        f"Run `{result['profile']}` of {result['started']} ({result['elapsed_seconds']} s) on "
        f"{m['cpu_model']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
        + f". Servers pinned to CPUs {result['setup']['pinned']['servers']}, "
        f"{result['setup']['client_processes']} client processes on {result['setup']['pinned']['clients']}; "
        f"load average {result.get('load_average_at_start', '?')} at the start, "
        f"{result.get('load_average_at_end', '?')} at the end.",
        "",
        f"![latency vs clients and rate sweep]({chart})",
        "",
        f"**Fan-out at {result['plan']['rate']:g} msg/s** (100-byte payloads, "
        f"{result['plan']['seconds']:g} s per step):",
        "",
        "| clients | server | p50 ms | p90 ms | p99 ms | max ms | ack p50 / p99 ms | delivered/s | lost "
        "| dup | server CPU % | µs/delivery | others CPU % |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(_rows(result, "clients"), key=lambda r: (r["clients"], list(LABELS).index(r["server"]))):
        lines.append(
            f"| {r['clients']} | {r['server']} | {_fmt(r['p50'])} | {_fmt(r['p90'])} | {_fmt(r['p99'])} | "
            f"{_fmt(r['max'])} | {_ack(r)} | {_fmt(r['delivered_per_s'])} | {r['lost']} | "
            f"{r['duplicates']} | {_fmt(r['cpu_percent'].get('server'))} | "
            f"{_fmt(r.get('server_us_per_delivery'))} | {_fmt(r['cpu_percent'].get('others'))} |"
        )
    lines += [
        "",
        f"**Rate sweep** ({result['plan']['rate_clients']} clients; a step passes with p99 < 250 ms "
        "and nothing lost):",
        "",
        "| server | msg/s | delivered/s | p50 ms | p99 ms | lost | server CPU % | µs/delivery | redis CPU % "
        "| others CPU % | pass |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in _rows(result, "rate"):
        lines.append(
            f"| {r['server']} | {r['rate']:.1f} | {_fmt(r['delivered_per_s'])} | {_fmt(r['p50'])} | "
            f"{_fmt(r['p99'])} | {r['lost']} | {_fmt(r['cpu_percent'].get('server'))} | "
            f"{_fmt(r.get('server_us_per_delivery'))} | {_fmt(r['cpu_percent'].get('redis'))} | "
            f"{_fmt(r['cpu_percent'].get('others'))} | {'yes' if r['pass'] else 'no'} |"
        )
    sus = s["sustained_per_s"]
    lines += [
        "",
        "**Sustained delivered/s with p99 < 250 ms and no loss:** "
        + ", ".join(
            f"{k} {_fmt(v) if v is not None else '< ' + _fmt(s['sustained_below'].get(k))}"
            for k, v in sus.items()
            if k in {r["server"] for r in result["rows"]}
        )
        + f"; Parley ÷ stock Channels = **{'≥ ' if s.get('throughput_ratio_is_lower_bound') else ''}"
        f"{_fmt(s['throughput_ratio_parley_over_stock'])}**"
        + (
            f"; two Parley processes ÷ one = **{_fmt(s['scale_out_ratio_two_over_one'])}**"
            if s.get("scale_out_ratio_two_over_one")
            else ""
        )
        + ".",
        "",
        "**p99 ratio stock Channels ÷ Parley** by clients: "
        + (", ".join(f"{n}: {v}" for n, v in s["p99_ratio_stock_over_parley"].items()) or "–")
        + ".",
    ]
    if "storm" in result:
        st = result["storm"]
        lines += [
            "",
            f"**Connect storm:** {st['members']} members at {st['per_second']:g}/s: "
            f"{st['connected']} connected, failures {st['failed'] or 'none'}; "
            f"time to welcome p50 {st['welcome_p50_ms']} ms, p99 {st['welcome_p99_ms']} ms, "
            f"max {st['welcome_max_ms']} ms.",
        ]
    if "idle" in result:
        i = result["idle"]
        b = i["broadcast"]
        lines += [
            "",
            f"**Idle room, one ASGI process:** {i['connected']} of {i['members']} members connected in "
            f"{i['connect_seconds']} s (failures {i['failed'] or 'none'}), {i['still_open']} still open, "
            f"pings answered {i['pings_answered']}, idle server CPU {i['idle_cpu_percent']} %, server RSS "
            f"{i['server_rss_mib']} MiB (~{i['rss_per_member_kib']} KiB per member); one message a second "
            f"to all of them: p50 {b['p50']} ms, p99 {b['p99']} ms, lost {b['lost']}.",
        ]
    lines += ["", "**Goals:**", ""]
    lines += [f"- {'met' if ok else 'NOT met'}: {goal}" for goal, ok in s["goals"].items()]
    return "\n".join(lines) + "\n"


def update_doc(doc: Path, block: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace the text between a pair of results markers of docs/benchmarks.md."""
    text = doc.read_text()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"{doc} has no {begin} … {end} block")
    doc.write_text(pattern.sub(lambda _: f"{begin}\n{block}{end}", text))
