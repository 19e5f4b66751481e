"""Form widgets whose rendered values never depend on the active locale.

An HTML ``<input type="date">`` only accepts ``YYYY-MM-DD`` in its ``value`` (``type="time"``: ``HH:MM``;
``type="number"``: digits with a dot), whatever language the page is in. Django's own widgets format dates
with the locale's first ``DATE_INPUT_FORMATS`` entry, which is ``%Y/%m/%d`` for zh-hans (``%d.%m.%Y`` for
German): the browser rejects it, shows an empty field and the next submit fails with "这个字段是必填项".

We fix it in the widget rather than with ``FORMAT_MODULE_PATH`` overrides: a format module would have to be
kept for every language we ever switch on, and would also change how Django *parses* typed text in plain
text inputs. These widgets state the wire format once, for every language. Parsing needs nothing: Django
always accepts the ISO formats besides the locale's own. Every form field of type date, time, datetime or
decimal in the project uses one of these (``lingong/tests/test_form_round_trip.py`` enforces it).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import models
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from lingong.core.memo import ProcessCache

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"  # minutes: the pages never ask for seconds, and a browser shows a seconds box otherwise
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """``<input type="date">`` with an ISO value."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    """``<input type="time">`` with an ``HH:MM`` value."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with a ``YYYY-MM-DDTHH:MM`` value in the current time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


class DecimalInput(forms.NumberInput):
    """``<input type="number" inputmode="decimal">`` whose value is plain digits with a dot.

    Never localised (no decimal comma, no thousands separator) and never in exponent form: ``str()`` of a
    Decimal can give ``1E+2``, which a number input rejects."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):  # what the user typed, shown back as typed next to its error
            return value
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
        return format(number, "f")


LOCALE_PROOF_WIDGETS = (DateInput, TimeInput, DateTimeInput, DecimalInput)


def widget_for_model_field(db_field: models.Field) -> forms.Widget | None:
    """The locale-proof widget for a model field's form field, or None when the default is fine."""
    if isinstance(db_field, models.DateTimeField):  # before DateField: it is a subclass
        return DateTimeInput()
    if isinstance(db_field, models.DateField):
        return DateInput()
    if isinstance(db_field, models.TimeField):
        return TimeInput()
    if isinstance(db_field, models.DecimalField):
        return DecimalInput()
    return None


def formfield_callback(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """``ModelForm`` ``formfield_callback``: the model's form field with the locale-proof widget."""
    widget = widget_for_model_field(db_field)
    if widget is not None:
        kwargs.setdefault("widget", widget)
    return db_field.formfield(**kwargs)


class NormalizedChoices(BaseChoiceIterator):
    """Choices already in Django's normal form (``[(value, label)]``, a group as ``(label, [(value, label),
    ...])``), taken by a field as they are. Assigning a plain list makes Django normalize every option again
    on every form: for the catalogue of several hundred occupations that was about 2.5 ms of each job list
    page (issue 15)."""

    def __init__(self, items: Iterable[tuple[Any, Any]]) -> None:
        self.items = list(items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python, byte for byte what Django's select templates write.

    Django renders each option through two included templates; for the catalogue of several hundred
    occupations that was 10-18 ms of every job list page (docs/benchmarks.md, issue 15). The markup is
    the same (``core/tests/test_quick_select.py`` compares the two), so tests and scripts see no change."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The same select is written on every job list (the catalogue, the districts): kept per process by
        # everything the markup is made of, so a change to the choices, value, attributes or language is a
        # new entry.
        key = (name, _hashable(value), _hashable({**self.attrs, **(attrs or {})}), _choices_key(self.choices))
        return _rendered_selects.get_or_make(key, lambda: self._write(name, value, attrs))

    def _write(self, name: str, value: Any, attrs: dict[str, Any] | None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_attrs(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))  # the template's last newline
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above went through format_html


_rendered_selects: ProcessCache[SafeString] = ProcessCache(maxsize=256)


def _hashable(value: Any) -> Hashable:
    """A key for a widget's value, attributes or choices: lazy translations as the text they are now."""
    if isinstance(value, dict):
        return tuple((str(k), _hashable(v)) for k, v in value.items())
    if isinstance(value, str | int | float | bool | Decimal) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, Iterable):  # lists, tuples, a choice iterator (read afresh each time)
        return tuple(_hashable(v) for v in value)
    return (type(value).__name__, str(value))


def _choices_key(choices: Iterable[Any]) -> Hashable:
    """The choices as the text they are written with: (value, label) pairs, a group's label with its pairs
    (a flat pass over hundreds of options, cheaper than ``_hashable``'s general walk)."""
    return tuple(
        (str(v), tuple((str(a), str(b)) for a, b in label))
        if isinstance(label, list | tuple)
        else (str(v), str(label))
        for v, label in choices
    )


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True`` writes its name only."""
    out = []
    for key, value in attrs.items():
        if value is False:
            continue
        out.append(format_html(" {}", key) if value is True else format_html(' {}="{}"', key, str(value)))
    return "".join(out)
