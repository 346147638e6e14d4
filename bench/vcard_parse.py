#!/usr/bin/env python3
"""Reader + mapping speed on a generated book vs a lean floor measured in the same run.

    python bench/vcard_parse.py [BOOK.vcf]   (default /tmp/b10k.vcf; make it with
    python ../shared/bench/gen_vcards.py --cards 10000 --out /tmp/b10k.vcf)

Floor: read the file, normalise CRLF, unfold, split lines, split each at ':'.
Prints JSON with the best of 3 runs of each (the machine is shared and noisy).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from relmanager.vcard import ParsedCard, card_to_contact, read_cards


def floor(path: Path) -> int:
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    return sum(1 for line in data.split(b"\n") if line.partition(b":")[2] is not None)


def reader_only(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in read_cards(f))


def reader_and_mapping(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for r in read_cards(f) if isinstance(r, ParsedCard) and card_to_contact(r))


def best(fn: object, path: Path) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn(path)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/b10k.vcf")
    floor_s = best(floor, path)
    mapping_s = best(reader_and_mapping, path)
    result = {"file": str(path), "bytes": path.stat().st_size,
              "cards": reader_only(path), "floor_s": floor_s,
              "reader_s": best(reader_only, path), "reader_mapping_s": mapping_s,
              "ratio_reader_mapping_vs_floor": mapping_s / floor_s}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
