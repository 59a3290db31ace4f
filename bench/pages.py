"""Distinct seed-like pages for benchmarks and batch tests.

The two seed pages (a DOAJ article in a VuFind catalog, a Suppr mirror page) are varied page
by page (DOI, article number, a word of the title, a few numbers of the abstract) so that every
page is a different article with its own id, and rendered either as the text pages they are or
as HTML pages with the chrome real sites wrap around the same content (head, styles, scripts,
navigation, footer).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_VUFIND = ROOT / "seeds" / "000_e617ffdf4fbe02f5.txt"
SEED_SUPPR = ROOT / "seeds" / "003_9889bd8a31cbae1b.txt"
KINDS = ("vufind", "suppr")

_TITLE_WORDS = ("autologous", "cultured", "expanded", "dermal", "isolated", "primary", "engineered",
                "activated", "purified", "selected", "modified", "harvested", "induced")


def text_page(kind: str, n: int) -> bytes:
    """The n-th variant of a seed page, as text (UTF-8)."""
    if kind == "vufind":
        text = SEED_VUFIND.read_text(encoding="utf-8")
        word = _TITLE_WORDS[n % len(_TITLE_WORDS)]
        text = text.replace("1529883", str(1529883 + n + 1))
        text = text.replace("autologous", word).replace("Autologous", word.capitalize())
        text = text.replace("66e6cc858f454c5eb4e550ea6de2fbb9", f"{n + 1:032x}")
        text = text.replace("1832584450725117952", str(1832584450725117952 + n + 1))
    else:
        text = SEED_SUPPR.read_text(encoding="utf-8")
        text = text.replace("lupus-2022-000704", f"lupus-2022-{n + 1:06d}")
        text = text.replace("83.3%", f"{60 + n % 40}.{n % 10}%")
        text = text.replace("Six women", f"{6 + n % 20} women").replace("6 名女性", f"{6 + n % 20} 名女性")
        text = text.replace("phase I trial", f"phase I trial ({n + 1})")
    return text.encode("utf-8")


def html_page(kind: str, n: int) -> bytes:
    """The n-th variant as an HTML page: the same lines in paragraphs and table rows, inside
    the chrome of a real site (about 25 KB of head, styles, scripts, navigation, footer)."""
    lines = text_page(kind, n).decode("utf-8").split("\n")
    body: list[str] = []
    rows: list[str] = []
    for line in lines:
        if "|" in line:
            if set(line.replace("|", "").strip()) <= {"-"}:
                continue
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if rows:
            body.append('<table class="staff">' + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            tag = "h2" if len(line) < 24 and not re.search(r"[.。]$", line) else "p"
            body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    if rows:
        body.append('<table class="staff">' + "".join(rows) + "</table>")
    title = html.escape(lines[0][:200])
    # The site's navigation follows the article: the Suppr reader takes the lines above its
    # first block for titles, as its text pages have them.
    return (_HEAD.format(title=title) + '<main id="content">\n' + "\n".join(body)
            + "\n</main>\n" + _NAV + _FOOTER).encode("utf-8")


def write_pages(folder: Path, count: int, form: str = "text", per_folder: int = 1000) -> list[Path]:
    """`count` distinct pages, alternately of each seed, in subfolders of `per_folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    make = text_page if form == "text" else html_page
    suffix = ".txt" if form == "text" else ".html"
    paths = []
    for i in range(count):
        sub = folder / f"{i // per_folder:04d}"
        if i % per_folder == 0:
            sub.mkdir(exist_ok=True)
        path = sub / f"page{i:07d}{suffix}"
        path.write_bytes(make(KINDS[i % 2], i // 2))
        paths.append(path)
    return paths


_STYLE = "\n".join(
    f".c{i} {{ margin: {i % 7}px {i % 5}px; padding: {i % 3}px; color: #{i * 2654435761 % 0xFFFFFF:06x}; }}"
    for i in range(120))
_SCRIPT = "\n".join(
    f"  window.__cfg{i} = {{id: {i}, enabled: {str(i % 2 == 0).lower()}, path: '/assets/m{i}.js'}};"
    for i in range(120))

_HEAD = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>{title}</title>\n"
         + "".join(f'<link rel="stylesheet" href="/assets/css/part{i}.css">\n' for i in range(8))
         + "<style>\n" + _STYLE.replace("{", "{{").replace("}", "}}") + "\n</style>\n"
         + "<script>\n" + _SCRIPT.replace("{", "{{").replace("}", "}}") + "\n</script>\n"
         "</head>\n<body>\n")

_NAV = ('<header class="site"><nav><ul>'
        + "".join(f'<li class="c{i}"><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
        + "</ul></nav>\n<form class=\"search\" action=\"/search\"><input name=\"q\" type=\"text\">"
        "<button>Search</button></form></header>\n")

_FOOTER = ('<footer><ul>'
           + "".join(f'<li><a href="/about/{i}">About link {i}</a></li>' for i in range(30))
           + "</ul><p>© The catalog. All rights reserved.</p></footer>\n"
           + "".join(f'<script src="/assets/js/bundle{i}.js"></script>\n' for i in range(10))
           + "</body>\n</html>\n")
