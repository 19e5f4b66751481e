"""The 政策匹配 rules: data (versioned JSON), a validator with clear errors and a small evaluator.

A rules document::

    {"version": 1, "rules": [
        {"id": "flexible_si_subsidy", "article": "<policy slug>", "title": "灵活就业社会保险补贴",
         "when": {"all": [{"fact": "employment_difficulty", "is": true},
                          {"fact": "age", "between": [16, 60]}]},
         "explain": "…"}]}

Conditions: ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}`` and a fact test
``{"fact": name, <op>: value}`` with op one of is, in, between, gte, lte. Facts are the questionnaire's
(``FACTS``). Evaluation is three-valued: a fact the person did not give is unknown, and a rule matches only
when its condition is surely true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RULES_DIR = Path(__file__).resolve().parent / "rules"
BASELINE_FILE = RULES_DIR / "v1.json"


@dataclass(frozen=True)
class Fact:
    kind: str  # "bool", "int" or "choice"
    label: Any
    choices: tuple[tuple[str, Any], ...] = ()


FACTS: dict[str, Fact] = {
    "age": Fact("int", gettext_lazy("年龄")),
    "sex": Fact(
        "choice", gettext_lazy("性别"), (("male", gettext_lazy("男")), ("female", gettext_lazy("女")))
    ),
    "hukou": Fact(
        "choice",
        gettext_lazy("户口类型"),
        (("rural", gettext_lazy("农村户口")), ("urban", gettext_lazy("城镇户口"))),
    ),
    "employment_difficulty": Fact("bool", gettext_lazy("已认定为就业困难人员")),
    "graduate_recent": Fact("bool", gettext_lazy("毕业2年内的高校毕业生")),
    "veteran": Fact("bool", gettext_lazy("退役军人")),
    "disabled": Fact("bool", gettext_lazy("持有残疾人证")),
    "poverty_alleviated": Fact("bool", gettext_lazy("脱贫人口（含防止返贫监测对象）")),
    "flexible_work": Fact("bool", gettext_lazy("以灵活就业（打零工）为主")),
    "has_certificate": Fact("bool", gettext_lazy("持有职业技能等级证书或特种作业证")),
}
OPERATORS = ("is", "in", "between", "gte", "lte")


class RulesError(ValueError):
    """A rules document that cannot be used; the message says where and why, in Chinese."""


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    title: str
    when: dict[str, Any]
    explain: str


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[Rule, ...]


@dataclass
class Match:
    rule: Rule
    reasons: list[str] = field(default_factory=list)


# --- validation -------------------------------------------------------------------------------------------


def _check_value(fact: Fact, value: Any, where: str) -> None:
    if fact.kind == "bool" and not isinstance(value, bool):
        raise RulesError(_("%(where)s：应为 true 或 false。") % {"where": where})
    if fact.kind == "int" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise RulesError(_("%(where)s：应为数字。") % {"where": where})
    if fact.kind == "choice" and value not in {c for c, _label in fact.choices}:
        raise RulesError(_("%(where)s：取值“%(value)s”无效。") % {"where": where, "value": value})


def _check_condition(cond: Any, where: str, depth: int = 0) -> None:
    if depth > 10:
        raise RulesError(_("%(where)s：条件嵌套过深。") % {"where": where})
    if not isinstance(cond, dict) or len(cond) == 0:
        raise RulesError(_("%(where)s：条件应为非空的对象。") % {"where": where})
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        if set(cond) != {key} or not isinstance(cond[key], list) or not cond[key]:
            raise RulesError(_("%(where)s：“%(key)s”应为非空的条件列表。") % {"where": where, "key": key})
        for i, sub in enumerate(cond[key]):
            _check_condition(sub, f"{where}.{key}[{i}]", depth + 1)
        return
    if "not" in cond:
        if set(cond) != {"not"}:
            raise RulesError(_("%(where)s：“not”不能与其他键并列。") % {"where": where})
        _check_condition(cond["not"], f"{where}.not", depth + 1)
        return
    name = cond.get("fact")
    if name not in FACTS:
        raise RulesError(_("%(where)s：未知的条件项“%(fact)s”。") % {"where": where, "fact": name})
    ops = [k for k in cond if k != "fact"]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise RulesError(
            _("%(where)s：应有且只有一个运算符（%(ops)s）。") % {"where": where, "ops": ", ".join(OPERATORS)}
        )
    op, value, fact = ops[0], cond[ops[0]], FACTS[name]
    at = f"{where}.{op}"
    if op == "is":
        _check_value(fact, value, at)
    elif op == "in":
        if not isinstance(value, list) or not value:
            raise RulesError(_("%(where)s：应为非空列表。") % {"where": at})
        for v in value:
            _check_value(fact, v, at)
    elif op == "between":
        if fact.kind != "int" or not isinstance(value, list) or len(value) != 2:
            raise RulesError(_("%(where)s：应为数字条件的 [下限, 上限]。") % {"where": at})
        for v in value:
            _check_value(fact, v, at)
        if value[0] > value[1]:
            raise RulesError(_("%(where)s：下限大于上限。") % {"where": at})
    else:
        if fact.kind != "int":
            raise RulesError(_("%(where)s：只有数字条件可以比较大小。") % {"where": at})
        _check_value(fact, value, at)


def validate(document: Any) -> RuleSet:
    """Check a rules document and return it parsed; ``RulesError`` names the first problem."""
    if not isinstance(document, dict):
        raise RulesError(_("规则文件应为 JSON 对象。"))
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RulesError(_("规则文件缺少有效的版本号（version）。"))
    items = document.get("rules")
    if not isinstance(items, list) or not items:
        raise RulesError(_("规则文件缺少规则列表（rules）。"))
    seen: set[str] = set()
    rules: list[Rule] = []
    for i, item in enumerate(items):
        where = f"rules[{i}]"
        if not isinstance(item, dict):
            raise RulesError(_("%(where)s：规则应为对象。") % {"where": where})
        for key in ("id", "article", "title", "explain"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise RulesError(_("%(where)s：缺少“%(key)s”。") % {"where": where, "key": key})
        if item["id"] in seen:
            raise RulesError(_("%(where)s：规则编号“%(id)s”重复。") % {"where": where, "id": item["id"]})
        seen.add(item["id"])
        if "when" not in item:
            raise RulesError(_("%(where)s：缺少“when”条件。") % {"where": where})
        _check_condition(item["when"], f"{where}.when")
        rules.append(Rule(item["id"], item["article"], item["title"], item["when"], item["explain"]))
    return RuleSet(version=version, rules=tuple(rules))


def parse(text: str | bytes) -> RuleSet:
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RulesError(_("规则文件不是有效的 JSON：%(error)s") % {"error": exc}) from exc
    return validate(document)


def load_file(path: Path = BASELINE_FILE) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(_("无法读取规则文件 %(path)s。") % {"path": path.name}) from exc
    try:
        return parse(text)
    except RulesError as exc:
        raise RulesError(f"{path.name}: {exc}") from exc


# --- evaluation ---------------------------------------------------------------------------------------


def _describe(name: str, op: str, value: Any) -> str:
    fact = FACTS[name]
    label = str(fact.label)

    def show(v: Any) -> str:
        if fact.kind == "choice":
            return str(dict(fact.choices).get(v, v))
        return str(v)

    if op == "is":
        if fact.kind == "bool":
            return label if value else _("不是“%(label)s”") % {"label": label}
        return f"{label}：{show(value)}"
    if op == "in":
        return f"{label}：{'、'.join(show(v) for v in value)}"
    if op == "between":
        return _("%(label)s在%(low)s至%(high)s之间") % {"label": label, "low": value[0], "high": value[1]}
    if op == "gte":
        return _("%(label)s不低于%(value)s") % {"label": label, "value": value}
    return _("%(label)s不高于%(value)s") % {"label": label, "value": value}


def _test(op: str, value: Any, actual: Any) -> bool:
    if op == "is":
        return bool(actual == value)
    if op == "in":
        return actual in value
    if op == "between":
        return bool(value[0] <= actual <= value[1])
    if op == "gte":
        return bool(actual >= value)
    return bool(actual <= value)


def evaluate(cond: dict[str, Any], facts: dict[str, Any], reasons: list[str]) -> bool | None:
    """True, False or None (unknown: a fact it needs was not given). ``reasons`` collects the true tests."""
    if "all" in cond:
        results = [evaluate(c, facts, reasons) for c in cond["all"]]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if "any" in cond:
        results = [evaluate(c, facts, reasons) for c in cond["any"]]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if "not" in cond:
        inner: list[str] = []
        result = evaluate(cond["not"], facts, inner)
        if result is None:
            return None
        if not result:
            reasons.append(_("不属于：%(what)s") % {"what": "；".join(_leaves(cond["not"]))})
        return not result
    name = cond["fact"]
    op = next(k for k in cond if k != "fact")
    actual = facts.get(name)
    if actual is None:
        return None
    if _test(op, cond[op], actual):
        reasons.append(_describe(name, op, cond[op]))
        return True
    return False


def _leaves(cond: dict[str, Any]) -> list[str]:
    if "all" in cond or "any" in cond:
        return [d for c in cond.get("all", cond.get("any", [])) for d in _leaves(c)]
    if "not" in cond:
        return _leaves(cond["not"])
    op = next(k for k in cond if k != "fact")
    return [_describe(cond["fact"], op, cond[op])]


def matches(ruleset: RuleSet, facts: dict[str, Any]) -> list[Match]:
    """The rules whose condition is surely true for these facts, in the document's order."""
    found: list[Match] = []
    for rule in ruleset.rules:
        reasons: list[str] = []
        if evaluate(rule.when, facts, reasons) is True:
            found.append(Match(rule=rule, reasons=reasons))
    return found


def clean_facts(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Questionnaire answers (strings from a form or JSON values) -> typed facts, and the field errors."""
    facts: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, fact in FACTS.items():
        value = raw.get(name)
        if value is None or value == "":
            continue
        if fact.kind == "bool":
            if isinstance(value, bool):
                facts[name] = value
            elif str(value).lower() in ("true", "1", "yes", "on"):
                facts[name] = True
            elif str(value).lower() in ("false", "0", "no", "off"):
                facts[name] = False
            else:
                errors[name] = [_("请选择“是”或“否”。")]
        elif fact.kind == "int":
            try:
                number = int(str(value).strip())
            except ValueError:
                errors[name] = [_("请输入整数年龄。")]
                continue
            if not 0 < number < 120:
                errors[name] = [_("年龄应在1至119之间。")]
            else:
                facts[name] = number
        elif str(value) in {c for c, _label in fact.choices}:
            facts[name] = str(value)
        else:
            errors[name] = [_("请从选项中选择。")]
    unknown = sorted(set(raw) - set(FACTS))
    if unknown:
        errors["facts"] = [_("未知的条件项：%(names)s") % {"names": "、".join(n[:20] for n in unknown[:5])}]
    return facts, errors
