"""The rating form: overall stars, the three dimensions of the direction, an optional comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.ratings.models import COMMENT_MAX, DIMENSIONS

STAR_CHOICES = [
    ("1", _("很差")),
    ("2", _("较差")),
    ("3", _("一般")),
    ("4", _("满意")),
    ("5", _("非常满意")),
]


class RatingForm(forms.Form):
    """Fields are named after the service's error keys (stars, quality, ..., comment), so a service error
    lands on its field."""

    stars = forms.ChoiceField(
        label=_("总体评分"),
        choices=STAR_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择1至5星"), "invalid_choice": _("请选择1至5星")},
    )
    comment = forms.CharField(
        label=_("评价内容（选填）"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX, "data-testid": "rating-comment"}),
    )

    def __init__(self, *args: Any, direction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.direction = direction
        self.dimension_keys = [key for key, _label in DIMENSIONS[direction]]
        comment = self.fields.pop("comment")
        for key, label in DIMENSIONS[direction]:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=STAR_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("请选择1至5星")},
            )
        self.fields["comment"] = comment

    def star_rows(self) -> list[forms.BoundField]:
        """The overall stars first, then the dimensions (the template draws each as a row of stars)."""
        return [self["stars"], *(self[key] for key in self.dimension_keys)]

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "stars": data["stars"],
            "dimensions": {key: data[key] or None for key in self.dimension_keys},
            "comment": data["comment"],
        }


class HideForm(forms.Form):
    reason = forms.CharField(label=_("隐藏原因"), max_length=200, min_length=2)
