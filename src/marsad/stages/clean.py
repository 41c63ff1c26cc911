"""The ``clean`` stage: remove page and template noise, keep a map to the raw offsets.

Rules live in ``resources/clean/patterns.toml`` (see its header). Besides them the
stage removes repeated titles and repeated captions, marks photo captions (kept,
as ``captions`` spans), and collapses the blank lines that removals leave behind.
Every removed span is recorded in ``doc.removed`` with its reason, in raw offsets
(whitespace-only removals are not listed; they are in the offset map).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..arabic.normalize import normalize, normalize_with_map
from ..doc import Document, OffsetMap, Removed, Span
from ..errors import StageError
from ..registry import stage


@dataclass(frozen=True, slots=True)
class Rule:
    reason: str
    scope: str  # inline | line | prefix | trailer
    regex: re.Pattern[str]
    max_words: int | None = None
    last_lines: int = 2


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The cleaning rules, patterns normalised like the text they are matched against."""
    data = tomllib.loads(resources.files("marsad.resources").joinpath("clean/patterns.toml").read_text("utf-8"))
    rules = []
    for r in data["rule"]:
        rules.append(Rule(r["reason"], r["scope"], re.compile(normalize(r["pattern"]), re.IGNORECASE),
                          r.get("max_words"), r.get("last_lines", 2)))
    return tuple(rules)


# a photo caption: signals, each with a weight; a paragraph scoring >= 3 is a caption
_CREDIT_END = re.compile(
    r"(?:[(\[]?\s*(?:ا ف ب|افب|AFP|رويترز|Reuters|AP|اب|الاناضول|Getty(?: Images)?|EPA|ارشيفيه|ارشيف|وكالات|"
    r"مواقع التواصل|Shutterstock|DR)\s*[)\]]?\s*[.]?\s*)$", re.IGNORECASE)
_CAPTION_WORD = re.compile(r"(?:^|\s)(?:صوره|الصوره|صور|Photo|Crédit)(?:\s|:|$)", re.IGNORECASE)
_POSITION = re.compile(r"\((?:يسار|يمين|وسط|في الوسط|الثاني من (?:اليسار|اليمين)|من اليسار|من اليمين|à gauche|à droite)\)")
_WORD = re.compile(r"\S+")


def _is_caption(norm_para: str) -> bool:
    n_words = len(_WORD.findall(norm_para))
    if n_words > 80 or n_words < 3:
        return False
    score = 0
    if _CREDIT_END.search(norm_para.rstrip(" .–-/")) or re.search(r"[–-]\s*/\s*\S+(?: \S+){0,3}\s*$", norm_para):
        score += 2
    if _CAPTION_WORD.search(norm_para):
        score += 1
    if _POSITION.search(norm_para):
        score += 1
    if n_words <= 60:
        score += 1 if score else 0
    return score >= 3


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line, without its line break."""
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _kept_runs(n: int, removals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Complement of the (possibly overlapping) removal ranges within ``[0, n)``."""
    runs = []
    pos = 0
    for s, e in sorted(removals):
        if s > pos:
            runs.append((pos, s))
        pos = max(pos, e)
    if pos < n:
        runs.append((pos, n))
    return runs


# whitespace that may need squeezing: two or more characters, or one that is not " "/"\n"
_ODD_WS = re.compile(r"\s{2,}|[^\S \n]")


def _squeeze_whitespace(raw: str, runs: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """Concatenate the kept runs, collapsing whitespace left by removals.

    Only deletions: within a whitespace stretch holding line breaks, two breaks are
    kept (one paragraph break) or one; other stretches keep their first character;
    whitespace at the start and end of the text goes. So every kept character maps to
    one raw character, and the work is proportional to the odd stretches, not the words.
    """
    joined = "".join(raw[s:e] for s, e in runs)
    run_starts: list[int] = []
    pos = 0
    for s, e in runs:
        run_starts.append(pos)
        pos += e - s
    # ranges of `joined` to keep
    keep: list[tuple[int, int]] = []
    cur = 0
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined.rstrip())
    if lead:
        cur = lead
    for m in _ODD_WS.finditer(joined, lead, trail):
        a, b = m.span()
        ws = m.group(0)
        if ws == "\n\n":
            continue
        keep.append((cur, a))
        breaks = [a + k for k, ch in enumerate(ws) if ch == "\n"][:2]
        if breaks:
            keep.extend((k, k + 1) for k in breaks)
        else:
            keep.append((a, a + 1))
        cur = b
    keep.append((cur, trail))
    # map the kept ranges of `joined` back to raw through the runs
    text_parts: list[str] = []
    offsets = OffsetMap()
    out = 0
    for a, b in keep:
        if b <= a:
            continue
        text_parts.append(joined[a:b])
        r = bisect.bisect_right(run_starts, a) - 1
        while a < b:
            rs = run_starts[r]
            rraw, rend = runs[r]
            take = min(b, rs + (rend - rraw)) - a
            offsets.add(out, rraw + (a - rs), take)
            out += take
            a += take
            r += 1
    return "".join(text_parts), offsets


class _Cleaner:
    def __init__(self, raw: str, title: str | None) -> None:
        self.raw = raw
        self.title = title
        self.lines = _lines(raw)
        self.norm = [normalize(raw[s:e]) for s, e in self.lines]
        self.removals: list[tuple[int, int, str]] = []
        self.removed_line = [False] * len(self.lines)

    def remove_line(self, i: int, reason: str) -> None:
        if not self.removed_line[i]:
            s, e = self.lines[i]
            if e > s:
                self.removals.append((s, e, reason))
            self.removed_line[i] = True

    def nonempty(self) -> list[int]:
        return [i for i, n in enumerate(self.norm) if n.strip() and not self.removed_line[i]]

    def apply_rules(self) -> None:
        rules = load_rules()
        n_words = [len(n.split()) for n in self.norm]
        for rule in rules:
            if rule.scope == "trailer":
                continue
            for i, n in enumerate(self.norm):
                if self.removed_line[i] or not n.strip():
                    continue
                if rule.max_words is not None and n_words[i] > rule.max_words:
                    continue
                if rule.scope == "inline":
                    self._inline(i, rule)
                    continue
                m = rule.regex.search(n)
                if not m:
                    continue
                if rule.scope == "prefix":
                    if m.start() != 0 or n_words[i] > 40:
                        continue
                    self.remove_line(i, rule.reason)
                    if not n[m.end():].strip():  # a bare marker: the headline is on the next line
                        nxt = next((j for j in range(i + 1, len(self.norm)) if self.norm[j].strip()), None)
                        if nxt is not None and n_words[nxt] <= 30:
                            self.remove_line(nxt, rule.reason)
                else:
                    self.remove_line(i, rule.reason)

    def _inline(self, i: int, rule: Rule) -> None:
        s, e = self.lines[i]
        if not rule.regex.search(self.norm[i]):
            return
        nv = normalize_with_map(self.raw[s:e])
        spans = [nv.span(m.start(), m.end()) for m in rule.regex.finditer(nv.text)]
        self.removals.extend((s + a, s + b, rule.reason) for a, b in spans)
        rest = list(self.raw[s:e])
        for a, b in spans:
            rest[a:b] = [" "] * (b - a)
        if not "".join(rest).strip():  # nothing but markers on the line: it is gone
            self.removed_line[i] = True

    def trailers(self) -> None:
        for rule in load_rules():
            if rule.scope != "trailer":
                continue
            idx = self.nonempty()
            for i in idx[-rule.last_lines:]:
                n = self.norm[i]
                if (rule.max_words is None or len(n.split()) <= rule.max_words) and rule.regex.search(n):
                    for j in range(i, len(self.lines)):
                        self.remove_line(j, rule.reason)
                    break

    def duplicates(self) -> str | None:
        """Remove repeated titles and repeated short lines (captions); return the title line."""
        idx = self.nonempty()
        if not idx:
            return None
        title_norm = normalize(self.title).strip() if self.title else None
        first = idx[0]
        first_norm = self.norm[first].strip()
        title = None
        if title_norm is None and len(first_norm.split()) <= 25 and not first_norm.endswith((".", "،")):
            title_norm = first_norm
            s, e = self.lines[first]
            title = self.raw[s:e].strip()
        seen_title = False
        seen: set[str] = set()
        for i in idx:
            n = self.norm[i].strip()
            if title_norm and n == title_norm:
                if seen_title:
                    self.remove_line(i, "duplicate_title")
                seen_title = True
                continue
            if len(n) >= 20 and n in seen:
                self.remove_line(i, "duplicate_line")
            seen.add(n)
        return title


def _outermost(removals: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Removals sorted, dropping any that lies inside another (one record per removed text)."""
    out: list[tuple[int, int, str]] = []
    for s, e, r in sorted(removals, key=lambda x: (x[0], -x[1])):
        if out and s >= out[-1][0] and e <= out[-1][1]:
            continue
        out.append((s, e, r))
    return out


def _paragraphs(text: str) -> list[Span]:
    out = []
    pos = 0
    for m in re.finditer(r"\n\s*\n|\n", text):
        if m.start() > pos:
            out.append(Span(pos, m.start(), "PARA"))
        pos = m.end()
    if pos < len(text):
        out.append(Span(pos, len(text), "PARA"))
    return out


@stage("clean.v1", requires={"raw_text"}, provides={"text", "paragraphs", "captions"})
def clean(doc: Document) -> Document:
    """Remove page noise from ``doc.raw_text`` and set ``doc.text``, ``removed``, captions."""
    raw = doc.raw_text
    if not raw or not raw.strip():
        doc.error = "empty: no text in the input"
        return doc
    if "\x00" in raw:
        raise StageError("C001", "NUL characters in the text (binary input?)")
    c = _Cleaner(raw, doc.title)
    c.apply_rules()
    c.trailers()
    title = c.duplicates()
    if doc.title is None and title:
        doc.title = title
    datelines = [raw[s:e] for s, e, r in c.removals if r == "dateline"]
    if datelines:
        doc.meta["datelines"] = datelines
    merged = _outermost(c.removals)
    runs = _kept_runs(len(raw), [(s, e) for s, e, _ in merged])
    text, offsets = _squeeze_whitespace(raw, runs)
    if not text.strip():
        doc.error = "empty: nothing left after removing page noise"
        doc.removed = [Removed(s, e, r, raw[s:e]) for s, e, r in merged]
        return doc
    doc.set_text(text, offsets)
    doc.removed = [Removed(s, e, r, raw[s:e]) for s, e, r in merged]
    paras = _paragraphs(text)
    doc.layers["paragraphs"] = paras
    doc.layers["captions"] = [Span(p.start, p.end, "CAPTION", source="clean.v1") for p in paras
                              if _is_caption(normalize(text[p.start:p.end]))]
    return doc
