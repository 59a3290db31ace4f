"""What an HTML page had that its record does not, in `removed`: the markup, and the rendered
text the readers did not keep (navigation, sidebars, related articles, the article body,
references), each as one lump sum next to the named removals a reader records itself."""

from __future__ import annotations

from ..page import Page
from ..record import Draft, Removal


def account_html_page(page: Page, draft: Draft) -> None:
    rendered = len(page.text_view)
    named = sum(r.chars for r in draft.removed)
    kept = sum(len(t.text) for t in draft.titles) + sum(len(k.text) for k in draft.keywords)
    kept += sum(len(a.name) for a in draft.authors) + sum(len(a) for a in draft.affiliations)
    kept += sum(len(a.text) + sum(len(s.text) + len(s.heading or "") for s in a.sections or ())
                for a in draft.abstracts)
    draft.removed.append(Removal("markup", "html", max(0, len(page.text) - rendered)))
    draft.removed.append(Removal("site_chrome", "page_text", max(0, rendered - kept - named)))
