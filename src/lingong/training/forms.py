"""Forms of the training pages (course part): a provider, an order, an order's further employer, a course,
a session, a walk-in enrolment and a reason. Field names are the services' error keys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.org.forms import division_choices
from lingong.taxonomy.forms import occupation_choices
from lingong.taxonomy.models import CertificateType
from lingong.training.models import Course
from lingong.training.services import CourseInput, OrderInput, ProviderInput, SessionInput
from lingong.workers.models import TargetGroup


def certificate_choices() -> list[tuple[str, Any]]:
    return [("", _("不限（无证书要求）")), *CertificateType.objects.values_list("code", "name")]


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("培训机构名称"), max_length=100)
    licence_number = forms.CharField(label=_("办学许可证号"), max_length=64, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=30, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    enterprise_id = forms.TypedChoiceField(
        label=_("对应单位账号（其成员代表机构录入成绩）"), coerce=int, required=False, empty_value=None
    )
    is_active = forms.BooleanField(label=_("合作中"), required=False, initial=True)

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise_id"].choices = [  # type: ignore[attr-defined]
            ("", _("无")),
            *[(e.pk, e.name) for e in enterprises],
        ]

    def to_input(self) -> ProviderInput:
        data = self.cleaned_data
        return ProviderInput(
            name=data.get("name") or "",
            licence_number=data.get("licence_number") or "",
            contact_name=data.get("contact_name") or "",
            contact_phone=data.get("contact_phone") or "",
            address=data.get("address") or "",
            enterprise_id=data.get("enterprise_id"),
            is_active=bool(data.get("is_active")),
        )


class OrderForm(forms.Form):
    title = forms.CharField(label=_("订单名称"), max_length=60)
    occupation = forms.ChoiceField(label=_("培训工种"), widget=widgets.QuickSelect)
    certificate_type = forms.ChoiceField(label=_("所需证书"), required=False)
    skill_note = forms.CharField(
        label=_("技能要求"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    places = forms.IntegerField(label=_("承诺录用人数"), min_value=1, max_value=1000)
    job_ids = forms.TypedMultipleChoiceField(
        label=_("对应岗位（本单位的）"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, jobs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [("", _("请选择")), *occupation_choices()]  # type: ignore[attr-defined]
        self.fields["certificate_type"].choices = certificate_choices()  # type: ignore[attr-defined]
        self.fields["job_ids"].choices = [(j.pk, j.title) for j in jobs]  # type: ignore[attr-defined]

    def to_input(self) -> OrderInput:
        data = self.cleaned_data
        return OrderInput(
            title=data.get("title") or "",
            occupation=data.get("occupation") or "",
            certificate_type=data.get("certificate_type") or "",
            skill_note=data.get("skill_note") or "",
            places=data.get("places"),
            job_ids=list(data.get("job_ids") or []),
            note=data.get("note") or "",
        )


class StaffOrderForm(OrderForm):
    """Staff create an order on behalf of an employer of their scope (its jobs are chosen afterwards)."""

    enterprise_id = forms.TypedChoiceField(label=_("用工单位"), coerce=int)
    field_order = ["enterprise_id"]

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise_id"].choices = [(e.pk, e.name) for e in enterprises]  # type: ignore[attr-defined]
        del self.fields["job_ids"]


class OrderEmployerForm(forms.Form):
    enterprise_id = forms.TypedChoiceField(label=_("用工单位"), coerce=int)
    places = forms.IntegerField(label=_("承诺录用人数"), min_value=1, max_value=1000)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise_id"].choices = [(e.pk, e.name) for e in enterprises]  # type: ignore[attr-defined]


COURSE_FIELDS = [
    "provider_id",
    "title",
    "occupation",
    "certificate_type",
    "syllabus",
    "start_date",
    "end_date",
    "place",
    "division",
    "lat",
    "lon",
    "capacity",
    "cost_per_person",
    "subsidy_per_person",
    "subsidy_groups",
    "subsidy_note",
    "exam_date",
    "exam_place",
    "exam_note",
    "pass_score",
]


class CourseForm(forms.Form):
    provider_id = forms.TypedChoiceField(label=_("培训机构"), coerce=int)
    title = forms.CharField(label=_("班级名称"), max_length=60)
    occupation = forms.ChoiceField(label=_("培训工种"), widget=widgets.QuickSelect)
    certificate_type = forms.ChoiceField(label=_("对应证书"), required=False)
    syllabus = forms.CharField(label=_("培训内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    start_date = forms.DateField(label=_("开班日期"), widget=widgets.DateInput())
    end_date = forms.DateField(label=_("结业日期"), widget=widgets.DateInput())
    place = forms.CharField(label=_("上课地点（地址）"), max_length=200)
    division = forms.ChoiceField(label=_("所在区划"), required=False)
    lat = forms.FloatField(
        label=_("纬度"), required=False, widget=widgets.DecimalInput(attrs={"step": "any"})
    )
    lon = forms.FloatField(
        label=_("经度"), required=False, widget=widgets.DecimalInput(attrs={"step": "any"})
    )
    capacity = forms.IntegerField(label=_("招生人数"), min_value=1, max_value=1000)
    cost_per_person = forms.DecimalField(
        label=_("培训费用（元/人）"), max_digits=10, decimal_places=2, widget=widgets.DecimalInput()
    )
    subsidy_per_person = forms.DecimalField(
        label=_("培训补贴（元/人）"),
        max_digits=10,
        decimal_places=2,
        initial=0,
        widget=widgets.DecimalInput(),
    )
    subsidy_groups = forms.MultipleChoiceField(
        label=_("补贴对象"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    subsidy_note = forms.CharField(label=_("补贴政策说明"), max_length=300, required=False)
    exam_date = forms.DateField(label=_("考核日期"), required=False, widget=widgets.DateInput())
    exam_place = forms.CharField(label=_("考核地点"), max_length=200, required=False)
    exam_note = forms.CharField(label=_("考核方式"), max_length=300, required=False)
    pass_score = forms.DecimalField(
        label=_("合格分数"), max_digits=5, decimal_places=1, initial=60, widget=widgets.DecimalInput()
    )
    station_id = forms.TypedChoiceField(label=_("负责驿站"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, providers: Any = (), stations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_id"].choices = [(p.pk, p.name) for p in providers]  # type: ignore[attr-defined]
        self.fields["occupation"].choices = [("", _("请选择")), *occupation_choices()]  # type: ignore[attr-defined]
        self.fields["certificate_type"].choices = certificate_choices()  # type: ignore[attr-defined]
        self.fields["division"].choices = [("", _("请选择")), *division_choices()]  # type: ignore[attr-defined]
        if stations:
            self.fields["station_id"].choices = [  # type: ignore[attr-defined]
                ("", _("请选择")),
                *[(s.pk, s.name) for s in stations],
            ]
        else:
            del self.fields["station_id"]

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        initial = {name: getattr(course, name, None) for name in COURSE_FIELDS}
        initial.update(
            provider_id=course.provider_id,
            occupation=course.occupation_id,
            certificate_type=course.certificate_type_id or "",
            division=course.division_id or "",
        )
        return initial

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        return CourseInput(
            provider_id=data.get("provider_id"),
            title=data.get("title") or "",
            occupation=data.get("occupation") or "",
            certificate_type=data.get("certificate_type") or "",
            syllabus=data.get("syllabus") or "",
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            place=data.get("place") or "",
            division=data.get("division") or "",
            lat=data.get("lat"),
            lon=data.get("lon"),
            capacity=data.get("capacity"),
            cost_per_person=data.get("cost_per_person"),
            subsidy_per_person=data.get("subsidy_per_person"),
            subsidy_groups=list(data.get("subsidy_groups") or []),
            subsidy_note=data.get("subsidy_note") or "",
            exam_date=data.get("exam_date"),
            exam_place=data.get("exam_place") or "",
            exam_note=data.get("exam_note") or "",
            pass_score=data.get("pass_score"),
            station_id=data.get("station_id"),
        )


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("内容"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=widgets.DateTimeInput())
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=widgets.DateTimeInput())

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            topic=data.get("topic") or "", starts_at=data.get("starts_at"), ends_at=data.get("ends_at")
        )


class WalkInEnrolForm(forms.Form):
    phone = forms.CharField(
        label=_("求职者手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    waitlist = forms.BooleanField(label=_("名额已满时加入候补"), required=False, initial=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
