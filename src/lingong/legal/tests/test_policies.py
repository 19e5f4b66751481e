"""The policy library (jieba search, both database paths) and the 政策匹配 rules and checker."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.core.errors import InvalidInput
from lingong.legal import rules_engine, selectors, services
from lingong.legal.library import ARTICLES
from lingong.legal.models import PolicyArticle, RulesVersion
from lingong.legal.rules_engine import RulesError, load_file, matches, parse, validate
from lingong.legal.search import query_tokens, tokenize
from lingong.workers.models import WorkerProfile

pytestmark = pytest.mark.django_db


def slugs(found: list[PolicyArticle]) -> list[str]:
    return [a.slug for a in found]


# --- search ---------------------------------------------------------------------------------------


def test_tokens_are_stored_on_save(legal_world: dict[str, Any]) -> None:
    article = PolicyArticle.objects.get(slug="flexible-social-insurance-subsidy")
    tokens = article.search_tokens.split()
    assert {"灵活", "就业", "社会保险", "补贴"} <= set(tokens)
    assert "社保" in query_tokens("灵活 社保") and "社会保险" in query_tokens("灵活 社保")
    assert tokenize("，。！ a") == []


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("灵活 社保", "flexible-social-insurance-subsidy"),
        ("灵活就业社会保险补贴", "flexible-social-insurance-subsidy"),
        ("拖欠工资", "migrant-worker-wage-protection"),
        ("欠薪", "migrant-worker-wage-protection"),
        ("退役军人", "veteran-employment-support"),
        ("创业贷款", "entrepreneurship-guaranteed-loan"),
    ],
)
def test_search_finds_in_chinese(legal_world: dict[str, Any], query: str, expected_first: str) -> None:
    found = selectors.search_articles(legal_world["market"].pk, query)
    assert found and found[0].slug == expected_first, (query, slugs(found)[:4])


def test_search_api_and_filters(legal_world: dict[str, Any]) -> None:
    body = at.ok(at.get(Client(), "/legal/policies", q="灵活 社保"))
    assert body[0]["slug"] == "flexible-social-insurance-subsidy"
    assert body[0]["category_label"] == "灵活就业社会保险"
    assert len(at.ok(at.get(Client(), "/legal/policies"))) == len(ARTICLES)
    assert at.ok(at.get(Client(), "/legal/policies", q="火星移民")) == []
    grads = at.ok(at.get(Client(), "/legal/policies", group="graduate"))
    assert grads and all("graduate" in a["groups"] for a in grads)
    at.error(at.get(Client(), "/legal/policies", q="长" * 101), 422)
    detail = at.ok(at.get(Client(), "/legal/policies/migrant-worker-wage-protection"))
    assert "按当地标准" in detail["body"] and detail["national"] is True
    at.error(at.get(Client(), "/legal/policies/no-such"), 404, "not_found")


def test_unpublished_and_other_market_articles_hidden(legal_world: dict[str, Any]) -> None:
    PolicyArticle.objects.filter(slug="veteran-employment-support").update(published=False)
    assert "veteran-employment-support" not in slugs(
        selectors.search_articles(legal_world["market"].pk, "退役军人")
    )


def test_districts_limit_where_an_article_applies(legal_world: dict[str, Any]) -> None:
    article = PolicyArticle.objects.get(slug="vocational-skill-training-subsidy")
    assert article.districts == ["13"]
    assert selectors.applies_in(article, "130202") and not selectors.applies_in(article, "110101")
    assert "vocational-skill-training-subsidy" not in slugs(
        selectors.search_articles(None, "培训", division="110101")
    )


# --- rules ----------------------------------------------------------------------------------------


def test_baseline_rules_file_is_valid_and_names_seeded_articles() -> None:
    ruleset = load_file()
    assert ruleset.version == 1 and len(ruleset.rules) >= 10
    assert {r.article for r in ruleset.rules} <= {a["slug"] for a in ARTICLES}


def test_evaluator_operators() -> None:
    doc = {
        "version": 3,
        "rules": [
            {
                "id": "a",
                "article": "x",
                "title": "A",
                "explain": "e",
                "when": {"all": [{"fact": "age", "between": [16, 60]}, {"fact": "hukou", "in": ["rural"]}]},
            },
            {
                "id": "b",
                "article": "x",
                "title": "B",
                "explain": "e",
                "when": {"any": [{"fact": "veteran", "is": True}, {"fact": "age", "gte": 50}]},
            },
            {
                "id": "c",
                "article": "x",
                "title": "C",
                "explain": "e",
                "when": {"not": {"fact": "disabled", "is": True}},
            },
            {"id": "d", "article": "x", "title": "D", "explain": "e", "when": {"fact": "age", "lte": 25}},
        ],
    }
    ruleset = validate(doc)

    def ids(facts: dict[str, Any]) -> list[str]:
        return [m.rule.id for m in matches(ruleset, facts)]

    assert ids({"age": 30, "hukou": "rural", "disabled": False}) == ["a", "c"]
    assert ids({"age": 61, "hukou": "rural"}) == ["b"]  # c unknown (disabled not given)
    assert ids({"age": 20, "veteran": True, "disabled": True}) == ["b", "d"]  # a unknown (no hukou)
    assert ids({}) == []
    found = matches(ruleset, {"age": 30, "hukou": "rural", "disabled": False})
    assert found[0].reasons == ["年龄在16至60之间", "户口类型：农村户口"]
    assert found[1].reasons == ["不属于：持有残疾人证"]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "JSON 对象"),
        ({"rules": []}, "版本号"),
        ({"version": 1, "rules": []}, "规则列表"),
        ({"version": 1, "rules": [{"id": "a", "article": "x", "title": "t", "explain": "e"}]}, "when"),
        (
            {
                "version": 1,
                "rules": [
                    {
                        "id": "a",
                        "article": "x",
                        "title": "t",
                        "explain": "e",
                        "when": {"fact": "height", "is": 1},
                    }
                ],
            },
            "未知的条件项“height”",
        ),
        (
            {
                "version": 1,
                "rules": [
                    {
                        "id": "a",
                        "article": "x",
                        "title": "t",
                        "explain": "e",
                        "when": {"fact": "age", "between": [60, 16]},
                    }
                ],
            },
            "下限大于上限",
        ),
        (
            {
                "version": 1,
                "rules": [
                    {
                        "id": "a",
                        "article": "x",
                        "title": "t",
                        "explain": "e",
                        "when": {"fact": "veteran", "is": "yes"},
                    }
                ],
            },
            "true 或 false",
        ),
        (
            {
                "version": 1,
                "rules": [
                    {
                        "id": "a",
                        "article": "x",
                        "title": "t",
                        "explain": "e",
                        "when": {"fact": "age", "gt": 3},
                    }
                ],
            },
            "运算符",
        ),
        (
            {
                "version": 1,
                "rules": [{"id": "a", "article": "x", "title": "t", "explain": "e", "when": {"all": []}}],
            },
            "非空的条件列表",
        ),
    ],
)
def test_invalid_rules_give_a_clear_error(doc: Any, message: str) -> None:
    with pytest.raises(RulesError) as refused:
        validate(doc)
    assert message in str(refused.value)


def test_invalid_rules_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "v2.json"
    bad.write_text('{"version": 1, "rules": [', encoding="utf-8")
    with pytest.raises(RulesError, match=r"v2\.json: 规则文件不是有效的 JSON"):
        load_file(bad)
    with pytest.raises(RulesError, match="无法读取规则文件"):
        load_file(tmp_path / "missing.json")
    with pytest.raises(RulesError):
        parse(b"\xff\xfe")


def test_upload_new_version_keeps_the_old(legal_world: dict[str, Any]) -> None:
    w = legal_world
    doc = json.loads(rules_engine.BASELINE_FILE.read_text(encoding="utf-8"))
    doc["rules"] = doc["rules"][:1]
    with pytest.raises(InvalidInput) as refused:
        services.upload_rules(actor=w["admin"], text='{"version": 1, "rules": [{"id": "x"}]}')
    assert "rules" in refused.value.errors and not RulesVersion.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 - centre staff may not publish rules (403)
        services.upload_rules(actor=w["centre_staff"], text=json.dumps(doc))
    first = services.upload_rules(actor=w["admin"], text=json.dumps(doc), note="只留一条")
    second = services.upload_rules(actor=w["admin"], text=json.dumps(doc))
    assert (first.version, second.version) == (2, 3)
    active = selectors.active_rules(w["market"].pk)
    assert active.source == "upload" and active.ruleset.version == 3 and len(active.ruleset.rules) == 1
    assert RulesVersion.objects.count() == 2


def test_admin_edit_validates_json(legal_world: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    version = RulesVersion(market=legal_world["market"], version=2, rules={"version": 2, "rules": "x"})
    with pytest.raises(ValidationError):
        version.full_clean()


# --- checker --------------------------------------------------------------------------------------


def test_prefill_from_profile(legal_world: dict[str, Any]) -> None:
    w = legal_world
    profile: WorkerProfile = w["profile"]
    WorkerProfile.objects.filter(pk=profile.pk).update(target_groups=["veteran", "long_term_unemployed"])
    facts = selectors.prefill_facts(w["worker"], today=dt.date(2026, 12, 4))
    assert facts["age"] == 34  # born 1992-05-17 (t.make_worker's ID number)
    assert facts["veteran"] is True and facts["employment_difficulty"] is True
    assert facts["flexible_work"] is True
    assert "has_certificate" not in facts
    results, version = selectors.check(w["market"].pk, facts)
    ids = [r.match.rule.id for r in results]
    assert version == 1
    assert {"flexible_si_subsidy", "veteran_support", "public_welfare_job"} <= set(ids)
    assert "graduate_job_seeking" not in ids
    si = next(r for r in results if r.match.rule.id == "flexible_si_subsidy")
    assert si.article is not None and si.article.slug == "flexible-social-insurance-subsidy"
    assert "已认定为就业困难人员" in si.match.reasons


def test_check_api(legal_world: dict[str, Any]) -> None:
    w = legal_world
    answers = {"facts": {"age": "24", "graduate_recent": True, "hukou": "rural"}, "use_profile": False}
    body = at.ok(at.send(Client(), "post", "/legal/check", None, answers))
    ids = [m["rule_id"] for m in body["matches"]]
    assert "graduate_job_seeking" in ids and "flexible_si_subsidy" not in ids
    grad = next(m for m in body["matches"] if m["rule_id"] == "graduate_job_seeking")
    assert grad["url"] == "/legal/policies/graduate-employment-support/" and grad["reasons"]
    bad = at.error(
        at.send(
            Client(), "post", "/legal/check", None, {"facts": {"age": "abc", "veteran": "maybe", "x": 1}}
        ),
        422,
        "invalid_input",
    )
    assert {"age", "veteran", "facts"} <= set(bad["errors"])
    at.error(at.send(Client(), "post", "/legal/check", None, {"nope": 1}), 422)
    # Signed in (session): the profile fills the questions not answered.
    client = Client()
    client.force_login(w["worker"])
    mine = at.ok(at.send(client, "post", "/legal/check", None, {"facts": {}}))
    assert mine["facts"]["age"] > 30 and mine["facts"]["flexible_work"] is True
    # With a token (an app): the same.
    by_token = at.ok(at.send(Client(), "post", "/legal/check", at.token_of(w["worker"]), {"facts": {}}))
    assert by_token["facts"] == mine["facts"]


def test_startup_check_reports_a_broken_rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lingong.legal import checks

    assert checks.rules_file_is_valid() == []
    bad = tmp_path / "v1.json"
    bad.write_text('{"version": 1, "rules": [{"id": "x"}]}', encoding="utf-8")
    monkeypatch.setattr(rules_engine, "BASELINE_FILE", bad)
    monkeypatch.setattr(checks, "load_file", lambda: rules_engine.load_file(bad))
    [error] = checks.rules_file_is_valid()
    assert error.id == "legal.E001" and "v1.json" in error.msg and "article" in error.msg
