"""How extraction time grows with the number of quotations on a page.

    python bench/extraction_scale.py [--sizes 1000 10000 100000]

Each page is a known speaker's quotations about membership, one sentence each, as a
hostile or merely long page (a transcript, a live blog) might hold. Prints seconds per
size and the statements found; the target is a 10,000-quotation page in under 5 s. Text
beyond the reading limit (2,000,000 characters) is not read, and the output says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import string
import sys
import time

from setup_django import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT))


def page(quotations: int) -> str:
    """Distinct quotations (made of seeded random words), so none is merged away as a
    repeat of another."""
    rng = random.Random(quotations)
    opening = "NATO Secretary General Jens Stoltenberg spoke in Brussels on Tuesday.\n\n"
    lines = []
    for _ in range(quotations):
        words = " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(6)) for _ in range(6)
        )
        lines.append(
            f"“Ukraine will become a member of NATO, {words},” Stoltenberg said. The hall was full."
        )
    return opening + "\n\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    from apps.extraction import Gazetteer, KnownRole, KnownSpeaker, extract_statements
    from apps.extraction.pipeline import reading_limit

    gazetteer = Gazetteer(
        [KnownSpeaker("Jens Stoltenberg", roles=(KnownRole("NATO Secretary General", "NATO"),))]
    )
    for size in args.sizes:
        text = page(size)
        started = time.perf_counter()
        statements = extract_statements(text, published=dt.date(2024, 1, 1), gazetteer=gazetteer)
        elapsed = time.perf_counter() - started
        _, limited = reading_limit(text)
        print(
            f"{size:>7} quotations, {len(text) / 1e6:.1f} MB: {elapsed:7.2f} s, "
            f"{len(statements)} statements{'; ' + limited if limited else ''}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
