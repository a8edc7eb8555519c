"""Run the extractor over the files named by gold annotations and total the scores."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.errors import InputError
from kg.eval.score import LINKED, Counts, FileScore, score_file


@dataclass
class EvalReport:
    files: list[FileScore] = field(default_factory=list)
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    links: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in LINKED})

    def micro(self, which: str) -> Counts:
        total = Counts()
        for c in getattr(self, which).values():
            total.add(c)
        return total

    def link_accuracy(self, label: str) -> float:
        ok, n = self.links[label]
        return ok / n if n else 0.0

    def summary(self) -> dict:
        """The same keys as ``score.py --json``."""
        ep, er, ef = self.micro("entities").prf()
        rp, rr, rf = self.micro("relations").prf()
        return {"entity_p": ep, "entity_r": er, "entity_f1": ef, "relation_p": rp,
                "relation_r": rr, "relation_f1": rf,
                "region_link_acc": self.link_accuracy("REGION"),
                "agency_link_acc": self.link_accuracy("AGENCY"),
                "per_label": {k: vars(v) for k, v in sorted(self.entities.items())},
                "per_relation": {k: vars(v) for k, v in sorted(self.relations.items())}}


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a readable gold file ({exc})",
                         "see GUIDELINES.md for the *.gold.json format") from exc
    if not isinstance(gold, dict) or "file" not in gold or "entities" not in gold:
        raise InputError(path, "gold file needs the keys 'file' and 'entities'",
                         "see GUIDELINES.md for the *.gold.json format")
    return gold


def evaluate(gold_dir: str | Path, corpus_dir: str | Path,
             extract: Callable[[Path], list[dict]] | None = None,
             progress: Callable[[str], None] | None = None) -> EvalReport:
    """Score every ``GOLD_DIR/*.gold.json`` against the extraction of ``CORPUS_DIR/<file>``.

    `extract` maps a file to its records (default: this project's extractor in-process).
    """
    gold_dir, corpus_dir = Path(gold_dir), Path(corpus_dir)
    golds = sorted(gold_dir.glob("*.gold.json"))
    if not golds:
        raise InputError(gold_dir, "no *.gold.json files here", "give the folder of gold annotations")
    if extract is None:
        from kg.extract import extract_records

        def extract(path: Path) -> list[dict]:
            return list(extract_records([path]))

    report = EvalReport()
    for gpath in golds:
        gold = load_gold(gpath)
        text_path = corpus_dir / gold["file"]
        if not text_path.is_file():
            raise InputError(text_path, f"named by {gpath.name} but not found",
                             "give the folder that holds the annotated texts")
        if progress:
            progress(str(text_path))
        fs = score_file(gold, extract(text_path))
        report.files.append(fs)
        for label, c in fs.entities.items():
            report.entities[label].add(c)
        for kind, c in fs.relations.items():
            report.relations[kind].add(c)
        for label in LINKED:
            report.links[label][0] += fs.links[label][0]
            report.links[label][1] += fs.links[label][1]
    return report


def _table(title: str, rows: dict[str, Counts], total: Counts) -> list[str]:
    out = [f"{title:14} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}"]
    for label in sorted(rows):
        c = rows[label]
        p, r, f = c.prf()
        out.append(f"{label:14} {p:6.3f} {r:6.3f} {f:6.3f} {c.pred:5d} {c.gold:5d}")
    p, r, f = total.prf()
    out.append(f"{'micro':14} {p:6.3f} {r:6.3f} {f:6.3f} {total.pred:5d} {total.gold:5d}")
    return out


def format_report(report: EvalReport, show_errors: bool = False) -> str:
    """The report as text, laid out like ``score.py`` (its last line is the summary)."""
    lines: list[str] = []
    if show_errors:
        for fs in report.files:
            lines.append(f"== {fs.file}")
            lines.append("  missed:    " + ", ".join(fs.missed))
            lines.append("  spurious:  " + ", ".join(fs.spurious))
            lines.append("  mislinked: " + ", ".join(fs.mislinked))
    lines += _table("entities", report.entities, report.micro("entities"))
    lines.append("")
    lines += _table("relations", report.relations, report.micro("relations"))
    lines.append("")
    for label, name in (("REGION", "region"), ("AGENCY", "agency")):
        ok, n = report.links[label]
        lines.append(f"{name} linking accuracy {report.link_accuracy(label):.3f} ({ok}/{n})")
    s = report.summary()
    lines.append(f"entity_f1={s['entity_f1']:.3f} relation_f1={s['relation_f1']:.3f} "
                 f"region_link={s['region_link_acc']:.3f} agency_link={s['agency_link_acc']:.3f}")
    return "\n".join(lines) + "\n"
