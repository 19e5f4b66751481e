"""Chinese tokens for the policy library (jieba), stored on each article and matched by the query.

``tokenize`` cuts text with jieba's search mode (a long word also yields its shorter words: 社会保险 gives
社会, 保险 and 社会保险) and keeps words of letters, digits or CJK characters, lower-cased, once each.
A few everyday short forms (社保, 医保, 欠薪 …) are expanded to the words the articles use, so that
"灵活 社保" finds 灵活就业社会保险补贴. The token string is what PostgreSQL's full-text search (config
'simple', which splits on spaces) and SQLite's LIKE matching both read (selectors.search_articles).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

import jieba

# Everyday words a worker types -> the words the articles use (both are searched).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "社保": ("社会保险",),
    "医保": ("医疗保险",),
    "养老": ("养老保险",),
    "欠薪": ("拖欠", "工资"),
    "讨薪": ("拖欠", "工资"),
    "工钱": ("工资",),
    "培训": ("职业培训", "技能培训"),
    "补助": ("补贴",),
    "当兵": ("退役军人",),
    "大学生": ("高校毕业生",),
    "毕业生": ("高校毕业生",),
    "零工": ("灵活就业",),
    "打零工": ("灵活就业",),
    "仲裁": ("劳动仲裁",),
}

_WORD = re.compile(r"^[0-9a-z\u3400-\u9fff]+$")
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for word in {*SYNONYMS, *(w for words in SYNONYMS.values() for w in words)}:
                tokenizer.add_word(word)
            for word in ("灵活就业", "就业困难人员", "退役军人", "农民工", "脱贫人口", "高校毕业生"):
                tokenizer.add_word(word)
            _tokenizer = tokenizer
        return _tokenizer


def tokenize(text: str) -> list[str]:
    """The distinct search words of ``text``, in order of first appearance."""
    seen: dict[str, None] = {}
    for raw in _jieba().cut_for_search(text or ""):
        word = raw.strip().lower()
        if word and _WORD.match(word) and not (len(word) == 1 and word.isascii()):
            seen.setdefault(word, None)
    return list(seen)


def query_tokens(query: str) -> list[str]:
    """The words of a search box entry, with the short forms expanded."""
    words: dict[str, None] = {}
    for word in tokenize(query[:200]):
        words.setdefault(word, None)
        for alias in SYNONYMS.get(word, ()):
            words.setdefault(alias, None)
    return list(words)[:20]


def article_tokens(article: Any) -> str:
    """The stored token string of an article: title, summary, body, issuer and its group labels."""
    from_labels = " ".join(article.group_labels()) if hasattr(article, "group_labels") else ""
    text = " ".join(
        [article.title or "", article.summary or "", article.body or "", article.issuer or "", from_labels]
    )
    return " ".join(tokenize(text))
