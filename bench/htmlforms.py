"""What a browser would submit from a page's POST form: the login, two-factor and contact forms of the bench."""

from __future__ import annotations

from html.parser import HTMLParser


class FormValues(HTMLParser):
    """What a browser would submit from each POST form of a page (defaults, checked boxes, selections)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.values: list[tuple[str, str]] = []
        self.in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form = True
            self.values = []
            self.forms.append(self.values)
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file"):
                self.values.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self.values.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.values.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False

    def handle_data(self, data):
        if self._textarea and self.values and self.values[-1][0] == self._textarea:
            self.values[-1] = (self._textarea, self.values[-1][1] + data)


def form_values(html: str) -> dict[str, str | list[str]]:
    """The page's main POST form (the one with the most fields: not the logout button in the menu)."""
    parser = FormValues()
    parser.feed(html)
    values: dict[str, str | list[str]] = {}
    for name, value in max(parser.forms, key=len, default=[]):
        if name in values:
            existing = values[name]
            values[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            values[name] = value
    return values
