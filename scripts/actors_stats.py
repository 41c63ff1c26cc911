"""Print counts of the curated actor file by country, type and sector.

Usage: ``python scripts/actors_stats.py [PATH]`` (default: the package's ``kb/actors.yaml``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parents[1] / "src" / "marsad" / "resources" / "kb" / "actors.yaml"


def main(argv: list[str]) -> int:
    """Print the statistics of the actor file at ``argv[0]`` (or the default path)."""
    path = Path(argv[0]) if argv else DEFAULT
    actors = yaml.safe_load(path.read_text(encoding="utf-8"))
    n_names = sum(len(a["names_ar"]) for a in actors)
    n_alias = sum(len(a["aliases_ar"]) for a in actors)
    n_titles = sum(len(a["titles_ar"]) for a in actors)
    n_roles = sum(len(a.get("roles") or []) for a in actors)
    print(f"actors: {len(actors)}  ({path.name}, {path.stat().st_size / 1024:.0f} KiB)")
    print(f"arabic names: {n_names}  aliases: {n_alias}  titles: {n_titles}  dated roles: {n_roles}")
    print(f"with qid: {sum(1 for a in actors if a['qid'])}  "
          f"out of office / dissolved (valid_to set): {sum(1 for a in actors if a.get('valid_to'))}")
    for label, key in (("type", "type"), ("sector", "sector"), ("country", "country")):
        counts = Counter(str(a[key] or "-") for a in actors)
        print(f"\nby {label}:")
        print("  " + "  ".join(f"{k}:{v}" for k, v in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
