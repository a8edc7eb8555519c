"""Shared rendering helpers: one autoescaping Jinja environment over kg/views/templates
(and pyvis's templates, whose lib/ folder ships vis-network 9.1.2 for inlining), JSON that
is safe inside <script>, and atomic page writes."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from kg.export.files import atomic_write

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
FONT_FACE = ("'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', "
             "'Microsoft YaHei', 'PingFang SC', sans-serif")

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON for embedding in a <script> element: `<`, `>`, `&` and the JS line separators are
    written as \\u escapes, so text such as `</script>` or `<!--` cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def _pyvis_templates() -> str:
    import pyvis

    return str(Path(pyvis.__file__).resolve().parent / "templates")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATE_DIR), _pyvis_templates()]),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["script_json"] = lambda v: Markup(script_json(v))
    env.globals["font_face"] = FONT_FACE
    return env


def render(template: str, **context) -> str:
    html = environment().get_template(template).render(**context)
    return html if html.endswith("\n") else html + "\n"


def write_page(path: str | Path, html: str) -> Path:
    """Write `html` to `path` atomically (temp file beside it, then rename)."""
    atomic_write(Path(path), lambda tmp: tmp.write_bytes(html.encode("utf-8")))
    return Path(path)
