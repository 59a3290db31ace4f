"""The curator's report: one self-contained HTML file that shows a run folder.

    build_report(out, inputs=None)    -> Report (the HTML, the article count, unreadable files)
    write_report(out, dest, inputs=None)

Per article: titles, the English and Chinese sections side by side with aligned sentences,
headings and categories, the metadata, warnings marked in place, removed boilerplate by kind
(with its text when the input folder is given), and the source. For the run: counts per
status, failures with reasons, warnings per code, and a search box over the articles.
"""

from .document import PAGE_SIZE, Report, build_report, write_report

__all__ = ["build_report", "write_report", "Report", "PAGE_SIZE"]
