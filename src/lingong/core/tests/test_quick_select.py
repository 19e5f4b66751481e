"""QuickSelect writes exactly what Django's Select templates write, for any choices, value and attributes."""

from __future__ import annotations

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from lingong.core.widgets import QuickSelect

_text = st.text(alphabet=st.sampled_from(list("ab<>&\"' 工种中式烹调师0-9")), max_size=8)
_flat = st.lists(st.tuples(_text, _text), max_size=6)
_grouped = st.lists(st.tuples(_text.filter(bool), _flat), max_size=3)


def _same(choices: list, value: object, attrs: dict[str, object]) -> None:
    ours = QuickSelect(attrs=attrs, choices=choices).render("field", value, attrs={"id": "id_field"})
    django = forms.Select(attrs=attrs, choices=choices).render("field", value, attrs={"id": "id_field"})
    assert str(ours) == str(django)


@settings(max_examples=150, deadline=None)
@given(
    flat=_flat,
    grouped=_grouped,
    value=st.one_of(st.none(), _text, st.integers(0, 9)),
    required=st.booleans(),
    label=_text,
)
def test_quick_select_matches_django(flat, grouped, value, required, label) -> None:
    attrs: dict[str, object] = {"aria-label": label, "required": required, "data-x": 3}
    _same([("", "全部工种"), *flat, *grouped], value, attrs)


def test_the_job_filters_occupation_select_is_unchanged() -> None:
    choices = [("", "全部工种"), ("建筑", [("bricklayer", "砌筑工"), ("a&b", "<b>")]), ("x", "X")]
    _same(choices, "bricklayer", {"aria-label": "工种"})
    _same(choices, ["a&b"], {})
    html = str(QuickSelect(choices=choices).render("occupation", "bricklayer"))
    assert '<option value="bricklayer" selected>砌筑工</option>' in html
    assert '<option value="a&amp;b">&lt;b&gt;</option>' in html


def test_a_kept_select_is_never_another_choices_value_or_language_s() -> None:
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    widget = QuickSelect(choices=[("a", "甲"), ("b", "乙")])
    assert 'value="a" selected' in widget.render("f", "a")
    assert 'value="b" selected' in widget.render("f", "b")  # another value: another entry
    widget.choices = [("a", "甲"), ("c", "丙")]
    assert "丙" in widget.render("f", "a") and "乙" not in widget.render("f", "a")
    lazy = QuickSelect(choices=[("", gettext_lazy("Yes"))])
    with translation.override("en"):
        english = str(lazy.render("g", ""))
    with translation.override("zh-hans"):
        chinese = str(lazy.render("g", ""))
    assert ">Yes<" in english and ">是<" in chinese
