"""Employers pick their own sector: a bank, a school, a hospital, a public body or "other" each have one,
numbered by the national industry classification (GB/T 4754-2017), even where no occupation belongs to it."""

from __future__ import annotations

import pytest
from django.test import Client

from lingong import testing as t
from lingong.employers import services as employer_services
from lingong.employers.forms import EnterpriseForm
from lingong.employers.models import Enterprise
from lingong.pagetools import follow, get_page, login, text_of
from lingong.taxonomy.models import Industry, TaxonomyVersion
from lingong.taxonomy.reference import load_taxonomy_file

pytestmark = pytest.mark.django_db

SECTORS = {
    "finance": ("金融业", "J"),
    "education": ("教育（学校、幼儿园）", "P"),
    "health_social_work": ("卫生和社会工作（医院、养老机构）", "Q"),
    "public_administration": ("公共管理、社会保障和社会组织（机关、事业单位、社会团体）", "S"),
    "other": ("其他行业", ""),
}


def test_the_reference_data_has_the_sectors_of_banks_schools_and_public_bodies(db) -> None:
    for code, (name, section) in SECTORS.items():
        industry = Industry.objects.get(code=code)
        assert (industry.name, industry.gbt_section) == (name, section)
        assert not industry.occupations.exists()  # a bank hires cooks from catering
    # Every industry has its GB/T 4754 section, a capital letter A-T, except "other".
    sections = dict(Industry.objects.values_list("code", "gbt_section"))
    assert all(s in "ABCDEFGHIJKLMNOPQRST" and len(s) == 1 for c, s in sections.items() if c != "other")
    assert sections["construction"] == "E" and sections["catering"] == "H"
    assert [i.code for i in Industry.objects.all()][-1] == "other"  # offered last
    assert TaxonomyVersion.objects.get(id=1).version == load_taxonomy_file()["version"]  # reloaded


def test_the_enterprise_form_offers_them(db) -> None:
    choices = dict(EnterpriseForm().fields["industry"].choices)  # type: ignore[attr-defined]
    for code, (name, _section) in SECTORS.items():
        assert choices[code] == name


def test_a_bank_registers_as_finance_on_the_page(client: Client, cast) -> None:
    html = get_page(client, "/employer/register/")
    assert '<option value="finance">金融业</option>' in html
    assert "银行、保险选“金融业”" in text_of(html)
    path, _html = follow(
        client,
        "/employer/register/",
        {
            "phone": "13812340009",
            "password": t.PASSWORD,
            "kind": "enterprise",
            "name": "中国农业银行唐山路北支行",
            "credit_code": t.enterprise_input(n=9901).credit_code,
            "contact_id_number": "",
            "industry": "finance",
            "division": "130203",
            "address": "唐山市路北区新华西道1号",
            "contact_name": "张丽",
            "contact_phone": "13812340009",
        },
    )
    assert path == "/employer/"
    assert Enterprise.objects.get(name="中国农业银行唐山路北支行").industry_id == "finance"


def test_station_staff_register_a_school_as_education(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = get_page(client, "/staff/enterprises/new/")
    assert '<option value="education">教育（学校、幼儿园）</option>' in html
    assert '<option value="public_administration">' in html


def test_the_api_takes_the_new_sectors_and_lists_their_sections(client: Client, cast) -> None:
    enterprise = employer_services.register_enterprise_by_staff(
        actor=cast.station_staff, data=t.enterprise_input("唐山市路南区第一实验小学", industry="education")
    )
    assert enterprise.industry_id == "education"
    listed = {i["code"]: i for i in client.get("/api/v1/taxonomy/industries").json()}
    assert listed["finance"]["gbt_section"] == "J"
    assert listed["finance"]["occupations"] == []
    assert listed["catering"]["gbt_section"] == "H"
