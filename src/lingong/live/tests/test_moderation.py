"""Contact details in comments are masked for everyone else; prices, times and dates are not."""

from __future__ import annotations

import pytest

from lingong.live.moderation import contains_blocked, mask_phones, mask_wechat, public_text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("我电话13812345678", "我电话138****5678"),
        ("138 1234 5678 找我", "138 **** 5678 找我"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("8613812345678", "86138****5678"),
        ("１３８１２３４５６７８", "１３８****５６７８"),
        ("座机0315-2851234", "座机************"),
        ("(0315)2851234", "*************"),
        ("010 62345678", "************"),
        ("０３１５－２８５１２３４", "************"),
        ("打0315 2851234转8", "打************转8"),
    ],
)
def test_phone_numbers_are_masked(typed: str, shown: str) -> None:
    assert mask_phones(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("加我微信zhang_san88", "加我微信***********"),
        ("微信：abc123456", "微信：*********"),
        ("VX 13812345678", "VX 138****5678"),
        ("wx: hello_world", "wx: ***********"),
        ("加v lisi2020 谢谢", "加v ******** 谢谢"),
        ("威信号是 wangwu99", "威信号是 ********"),
        ("vx123456", "vx******"),
        ("wxid_abcdef1", "wx**********"),
        ("有意向的加微信，我的是 qwerty_77 备注直播", "有意向的加微信，我的是 ********* 备注直播"),
        ("V信 abcdefg", "V信 *******"),
    ],
)
def test_wechat_ids_are_masked(typed: str, shown: str) -> None:
    assert public_text(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "日结300元",
        "工资15000-18000",
        "月薪 8000 包吃住",
        "3000-5000",
        "11点开始吗",
        "1号线",
        "2026-12-04 13:00",
        "13:30-17:30",
        "2026.12.04",
        "招聘20人 电话联系驿站",
        "订单号20261204123456",
        "价格0.5元一斤",
        "扣1",
        "我要去1",
        "年龄18-45岁",
        "身高170 体重65",
        "hello 主播好",
        "ok ok 报名",
        "需要微信支付吗",  # 微信 and no id after it
    ],
)
def test_near_misses_stay_as_typed(typed: str) -> None:
    assert public_text(typed) == typed


def test_wechat_word_alone_masks_nothing() -> None:
    assert mask_wechat("微信") == "微信"


def test_blocked_words_ignore_case_and_spaces() -> None:
    assert contains_blocked("这家是 骗 子", ["骗子"])
    assert contains_blocked("SCAM here", ["scam"])
    assert not contains_blocked("好活", ["骗子", ""])
