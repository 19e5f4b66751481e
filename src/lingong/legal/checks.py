"""Start-up check: the baseline 政策匹配 rules file loads and validates (``manage.py check`` and every
start of the server run it), so a broken rules/v1.json is a clear error before anyone asks a question."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from lingong.legal.rules_engine import RulesError, load_file


@register()
def rules_file_is_valid(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        load_file()
    except RulesError as exc:
        return [Error(f"政策匹配规则文件无效：{exc}", id="legal.E001")]
    return []
