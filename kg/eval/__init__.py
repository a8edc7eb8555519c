"""`kg eval`: score the extractor on annotated texts (gold ``*.gold.json`` files)."""
from kg.eval.report import EvalReport, evaluate, format_report
from kg.eval.score import Counts, FileScore, score_file

__all__ = ["Counts", "EvalReport", "FileScore", "evaluate", "format_report", "score_file"]
