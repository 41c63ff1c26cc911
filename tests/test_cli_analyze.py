"""``marsad analyze`` end to end, in a subprocess like a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE

MARSAD = [sys.executable, "-m", "marsad.cli.main"]
CONTRACT = ["id", "source", "language", "title", "published", "reference_date", "text", "removed",
            "entities", "times", "quantities", "events"]


def run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(MARSAD + args, input=stdin, capture_output=True, timeout=300)


def lines(out: bytes) -> list[dict]:
    return [json.loads(x) for x in out.decode("utf-8").splitlines() if x.strip()]


def test_cli_analyze_sample_prints_contract() -> None:
    p = run(["analyze", str(SAMPLE)])
    assert p.returncode == 0, p.stderr.decode()
    (rec,) = lines(p.stdout)
    assert list(rec)[: len(CONTRACT)] == CONTRACT
    assert rec["language"] == "ar" and rec["source"].endswith("libya-haftar-moscow.txt")
    assert "[ad_1]" not in rec["text"]
    for r in rec["removed"]:
        assert r["reason"] and r["text"]


def test_cli_analyze_bad_inputs_go_on_and_exit_nonzero(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("التقى وزير الخارجية المصري نظيره الأردني في عمان يوم الأحد.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "cp1256.txt").write_bytes("أعلنت الحكومة الليبية في طرابلس حالة الطوارئ.".encode("cp1256"))
    p = run(["analyze", str(tmp_path)])
    assert p.returncode == 1
    recs = {Path(r["source"]).name: r for r in lines(p.stdout)}
    assert set(recs) == {"good.txt", "empty.txt", "junk.txt", "cp1256.txt"}
    assert "error" in recs["empty.txt"] and "error" in recs["junk.txt"]
    assert "طرابلس" in recs["cp1256.txt"]["text"]
    assert "error" not in recs["good.txt"]
    assert b"Traceback" not in p.stderr


def test_cli_analyze_stdin_jsonl_with_published(tmp_path: Path) -> None:
    rows = [{"text": "قال المتحدث إن الوفد وصل أمس إلى القاهرة.", "url": "https://news.test/a", "published": "2024-04-11"},
            {"content": "وصل الرئيس إلى الرياض.", "title": "زيارة"}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    p = run(["analyze", "--format", "json", "-"], stdin=data)
    assert p.returncode == 0, p.stderr.decode()
    a, b = lines(p.stdout)
    assert a["source"] == "https://news.test/a" and a["published"] == "2024-04-11"
    assert a["reference_date"] == "2024-04-11"
    assert b["title"] == "زيارة"


def test_cli_analyze_pretty_is_indented() -> None:
    p = run(["analyze", "--pretty", str(SAMPLE)])
    assert p.returncode == 0 and p.stdout.startswith(b"{\n")


def test_cli_missing_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    p = run(["analyze", str(tmp_path / "nope.txt")])
    assert p.returncode == 1 and b"Traceback" not in p.stderr
