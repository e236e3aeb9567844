"""Markup a view builds in Python, compared with what its template rendered before."""

import re


def compact(markup) -> str:
    """The markup with whitespace as a browser shows it: none between tags, one space elsewhere."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(markup))).strip()
