"""What a browser would submit: the fields of a form on a rendered page, read from its HTML (for tests)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.names: list[set[str]] = []  # every field name of each form, also unchecked boxes
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
            self.names.append(set())
        if self._form is None:
            return
        name = attrs.get("name")
        if name and tag in ("input", "select", "textarea"):
            self.names[-1].add(name)
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                self._form.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and not self._multiple and self._select_first is not None:
                self._form.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._form.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str, *, containing: str) -> dict[str, str | list[str]]:
    """The submitted fields of the first form on the page with a field named `containing` (lists for repeats)."""
    parser = _Forms()
    parser.feed(html)
    for form, names in zip(parser.forms, parser.names, strict=True):
        if containing in names:
            data: dict[str, str | list[str]] = {}
            for name, value in form:
                if name in data:
                    previous = data[name]
                    data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form on the page has a field {containing!r}")
