"""A market's live-room word lists (``LiveSettings``): extra sign-up phrases and blocked words, one per line.

Market admins edit them; other staff of the market read them. ``try_comment`` answers the page's "试一试":
whether a sample comment reads as a sign-up with these phrases and whether the word list would hide it
(the room applies the same list in ``live.services``, with the same rule: ``live.moderation.first_blocked``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lingong.accounts.access import market_id_of, require_staff
from lingong.accounts.models import Role
from lingong.audit import trail
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.live.intent import is_signup_intent
from lingong.live.models import LiveSettings
from lingong.live.moderation import first_blocked

MAX_LINES = 200
MAX_LINE_CHARS = 20
SAMPLE_MAX = 200


def settings_for(market_id: int) -> LiveSettings:
    """The market's row, or an unsaved empty one (no row means the built-in rules only)."""
    found = LiveSettings.objects.filter(market_id=market_id).first()
    return found if found is not None else LiveSettings(market_id=market_id)


def can_edit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.MARKET_ADMIN)


def _lines_errors(text: str, name: str, errors: dict[str, list[str]]) -> list[str]:
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        errors.setdefault(name, []).append(_("含有无效字符"))
        return []
    lines = list(dict.fromkeys(LiveSettings.lines(text)))
    if len(lines) > MAX_LINES:
        errors.setdefault(name, []).append(_("最多%(n)d行") % {"n": MAX_LINES})
    long = [line for line in lines if len(line) > MAX_LINE_CHARS]
    if long:
        errors.setdefault(name, []).append(
            _("每行不超过%(n)d个字：%(lines)s") % {"n": MAX_LINE_CHARS, "lines": "、".join(long[:3])}
        )
    return lines


def save_settings(*, actor: Any, intent_phrases: str, blocked_words: str) -> LiveSettings:
    """Replace the market's lists (blank lines and repeats dropped); audited with what changed."""
    require_staff(actor)
    if not can_edit(actor):
        raise PermissionDeniedError(_("只有市场管理员可以修改直播带岗设置。"))
    errors: dict[str, list[str]] = {}
    phrases = _lines_errors(intent_phrases or "", "intent_phrases", errors)
    words = _lines_errors(blocked_words or "", "blocked_words", errors)
    if errors:
        raise InvalidInput(_("设置有误，请检查标红的项目。"), errors=errors)
    with transaction.atomic():
        row, _created = LiveSettings.objects.select_for_update().get_or_create(market_id=market_id_of(actor))
        before = (LiveSettings.lines(row.intent_phrases), LiveSettings.lines(row.blocked_words))
        row.intent_phrases = "\n".join(phrases)
        row.blocked_words = "\n".join(words)
        row.updated_by = actor
        row.save()
        trail.record(
            action="live_settings.updated",
            obj=row,
            actor=actor,
            data={
                "intent_phrases": {"added": _diff(phrases, before[0]), "removed": _diff(before[0], phrases)},
                "blocked_words": {"added": _diff(words, before[1]), "removed": _diff(before[1], words)},
            },
            market=actor.market_id,
        )
    return row


def _diff(a: list[str], b: list[str]) -> list[str]:
    other = set(b)
    return [x for x in a if x not in other]


def blocked_word_in(text: str, words: list[str]) -> str | None:
    """The first blocked word the comment contains: the room's own rule (``live.moderation``)."""
    return first_blocked(text, words)


@dataclass(frozen=True)
class Trial:
    text: str
    is_signup: bool
    hidden_by: str | None


def try_comment(market_id: int, text: str) -> Trial:
    text = (text or "").strip()[:SAMPLE_MAX]
    row = settings_for(market_id)
    return Trial(
        text=text,
        is_signup=bool(text) and is_signup_intent(text, LiveSettings.lines(row.intent_phrases)),
        hidden_by=blocked_word_in(text, LiveSettings.lines(row.blocked_words)) if text else None,
    )
