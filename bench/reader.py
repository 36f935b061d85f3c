"""Reading a 10-page directive: issue 7 target, under 1 second.

The document is built from the longest annotated samples (a Công văn in PDF
layout, one from a PDF text layer, a Chỉ thị of the Thủ tướng), repeated to
about ten A4 pages (~25,000 characters, 5–6 times a long sample), and read
with no registry (names as written) and with a 120-agency registry.

    python -m bench reader          # or: make bench
    python -m bench.reader --runs 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "chidao" / "reader" / "tests" / "samples"
TARGET_S = 1.0
PAGE_CHARS = 2_500  # a typed A4 page of a Vietnamese directive


def ten_pages() -> str:
    """A directive of ~10 pages: one header, the bodies of long samples repeated."""
    first = (SAMPLES / "laocai-cv-7103-2026.txt").read_text(encoding="utf-8")
    head, _, body_end = first.partition("Nơi nhận:")
    others = [
        (SAMPLES / name).read_text(encoding="utf-8")
        for name in ("laocai-cv-vlncn-2026.txt", "ttg-ct-13-2024.txt")
    ]
    bodies = [text.split("Nơi nhận:")[0].split("Kính gửi:")[-1] for text in others]
    parts = [head]
    while sum(len(p) for p in parts) < 10 * PAGE_CHARS:
        parts.extend(bodies)
    return "\n".join(parts) + "\nNơi nhận:" + body_end


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings.test")
    import django

    django.setup()


def _time(text: str, runs: int, gazetteer: object) -> list[float]:
    from chidao.reader import agencies
    from chidao.reader import text as text_module
    from chidao.reader.reader import read_directive

    timings = []
    for _ in range(runs):
        # Each run starts cold: no token or word cached from the run before.
        agencies.tokenize.cache_clear()
        agencies.low.cache_clear()
        text_module._split_glued.cache_clear()
        start = time.perf_counter()
        read_directive(text, gazetteer=gazetteer)
        timings.append(time.perf_counter() - start)
    return timings


def _registry() -> object:
    from chidao.reader.agencies import AgencyRecord, Gazetteer
    from chidao.reader.lexicon import DEPARTMENTS, PROVINCES

    records = [
        AgencyRecord(i, f"Sở {name}", "", "department")
        for i, name in enumerate(DEPARTMENTS, 1)
    ]
    records += [
        AgencyRecord(1000 + i, f"Ủy ban nhân dân xã {name}", "", "locality")
        for i, name in enumerate(PROVINCES)
    ]
    return Gazetteer(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv if argv is not None else [])
    _setup_django()
    text = ten_pages()
    pages = len(text) / PAGE_CHARS
    from chidao.reader.reader import read_directive

    tasks = len(read_directive(text).tasks)
    print(
        f"document: {len(text):,} characters (~{pages:.0f} pages), "
        f"{tasks} tasks proposed"
    )
    status = 0
    for label, gazetteer in (
        ("names as written", None),
        ("with registry", _registry()),
    ):
        _time(text, 2, gazetteer)  # warm-up: imports, regex compilation
        timings = sorted(_time(text, args.runs, gazetteer))
        median = statistics.median(timings)
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        verdict = "OK" if p95 < TARGET_S else "TOO SLOW"
        print(
            f"read_directive, {label}: median {median * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms over {args.runs} runs "
            f"(target < {TARGET_S * 1000:.0f} ms) {verdict}"
        )
        if p95 >= TARGET_S:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
