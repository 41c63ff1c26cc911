"""``marsad demo``: the bundled sample → JSON Lines → database → summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_cli_demo_end_to_end(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.duckdb", tmp_path / "demo.jsonl"
    p = subprocess.run([sys.executable, "-m", "marsad.cli.main", "demo", "--db", str(db), "--out", str(out)],
                       capture_output=True, timeout=600, cwd=tmp_path)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    text = p.stdout.decode("utf-8")
    assert "-- entities" in text and "-- events" in text and "dyad:" in text
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert rec["events"] and rec["entities"]
    assert db.exists()
