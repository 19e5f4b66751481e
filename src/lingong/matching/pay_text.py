"""Pay as people state it in a post: an amount or a range, per hour, day, month or piece, or only 面议, or
only a unit (日结, 计件).

The forms (each is a family of regular expressions below; the first that fits, in this order, wins):
1. a pay word, then the amount: 日结300, 日薪叁佰伍拾元, 一天三百, 月薪1.5万, 时薪25, 一平45, 台班1200,
   计件0.5元;
2. the amount, then the unit: 400一天, 三百五一天, 3000一个月, 25元/时, 8块一平, 1.2元一件, 200-300一天;
3. a total for a stated time: 26天一万五 (a 26-to-31-day term is a month's pay), 2小时200元 (a fixed task:
   one piece);
4. a lump sum for the task: 给100块, 包工8000元 (one piece);
5. per person, the unit from the rest of the text (日结) or else one piece: 每人250;
6. an amount in yuan with no unit anywhere: 工资3000元 (unit unknown);
7. a lone figure of hundreds with no unit anywhere: 找人上门清洗 150 (the task's price, one piece);
then 面议 marks the result negotiable (with or without an amount), and a unit word alone (日结, 计件, 按单,
月结) gives the unit when no amount was found.
An amount can be a range (300-350, 四到五千: both ends, the lower taking the upper's 千/万) or a lower bound
(8千+, 五千以上, 5000起: max None). A post that pays its trades apart in the same unit pays from the lowest
to the highest (钢筋工一天350，木工380: ``widened_for_other_trades``, given the parser's trade words).
Figures that are clock times, dates, ages, years, hours or head counts ("每天10点", "一天8小时", "45岁",
"3名") are never pay, and each unit has a plausible range (a day's pay of 8 is no day's pay), so a piece
rate may be 1.2 元 but an hourly one not 1.2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from lingong.matching.numerals import CN_NUMERAL_CHARS, cn_number, magnitude_suffix

_CN = CN_NUMERAL_CHARS
# Yuan and jiao as said aloud: "一块二" (1.2), "两块五毛" (2.5), "三毛五" (0.35), "五毛" (0.5).
_DIGIT = r"[\d一二两三四五六七八九]"
_MEASURE_WORD = r"[双个件次张条只斤台套把盒瓶袋桶箱份串根棵块]"  # "十块一双": one pair, not 10.1 yuan
_YUAN_AND_JIAO = (
    rf"(?:(?:\d{{1,3}}|[{_CN}]{{1,3}})块{_DIGIT}(?:毛{_DIGIT}?)?|{_DIGIT}毛{_DIGIT}?|{_DIGIT}分(?=钱|$|[\s，,。；;！!]))"
    rf"(?![\d块毛元十百千万]|{_MEASURE_WORD})"
)
# One figure: digits with an optional 千/万/k/w and a trailing digit (1万2, 3千5), or Chinese numerals.
_FIGURE = rf"(?:{_YUAN_AND_JIAO}|\d+(?:\.\d+)?(?:[百千万kKwW](?:\d(?![\d.]))?)?|[{_CN}]+)"
_RANGE_SEP = r"\s*(?:到|至|-|~|～|—|–|－)\s*"
_LOWER_BOUND = r"(?:\+|以上|起|多(?![劳干拿得跑挣赚做送])|往上|左右)"
# Not glued to a figure before it, nor the minutes of a clock time ("10:30"); "月工资：2300" is pay.
_NOT_AFTER_FIGURE = r"(?<![\d.])(?<!\d[:：])"
# An amount: a figure or a range, then optionally a lower-bound word; not glued to a digit before it.
_AMOUNT = rf"{_NOT_AFTER_FIGURE}(?P<amount>{_FIGURE}(?:{_RANGE_SEP}{_FIGURE})?)\s*(?P<bound>{_LOWER_BOUND})?"
_MONEY = r"(?:元|块钱|块(?![十\d]|[二两三四五六七八九]十)|rmb|RMB)"
# A thing's name, then the figure of its piece rate: "(一块)帘子十五", "(一块)板五毛".
_THING_THEN_FIGURE = r"[\u4e00-\u9fff]{1,3}?(?:[十\d]|[二两三四五六七八九]十|[一二两三四五六七八九][毛块])"
# What may follow an amount that makes it no pay: clock times, dates, ages, years, hours, people, percent.
_NOT_PAY_AFTER = (
    r"(?![\d.:：]|\s*(?:个?半?\s*(?:点|时(?!薪)|小时(?!工)|钟头|号|日(?!结|薪)|天(?!天|热|冷|气|黑|亮)|分(?!成)|周(?!末|[一二三四五六日天])|星期(?![一二三四五六日天]))|岁|周岁|年(?!龄|纪|轻|后|前|底|初)"
    r"|多岁|%|％|班倒|层|楼|公里|km|吨(?!\s*[/每])|斤(?!\s*[/每])|米(?!\s*[0-9]))|(?:名|人(?!数)|位|个人|个(?!月))|\s*个月"
    # the rest of a count of people ("十二个人": never 十 and then 二个人)
    rf"|[{_CN}]+\s*(?:名|位|个人|个(?!月))"
    # a floor area: "一百二平的房子"
    rf"|[{_CN}]*\s*平(?:方米?|米)?的(?:房|屋|新房|楼|院|店|厂)"
    # "一块帘子十五": 块 counts the thing a piece rate is for, not one yuan
    rf"|(?<=一)块?(?<!块钱)(?!钱){_THING_THEN_FIGURE}|(?<=一块)(?!钱){_THING_THEN_FIGURE}"
    r"|(?<=[千万])块砖|(?<=[千万]块)砖)"  # "一千块砖八块": a thousand bricks
)
# Between a pay word and its amount: a few words that are no figure ("月薪要1万", "一天能给300").
_GAP = rf"[^\d{_CN}，,。；;!！?？\s]{{0,3}}?"

_UNIT_AFTER = {  # unit words after an amount (longest first within each unit)
    "hour": r"个小时|小时|钟头|钟|时",
    "day": r"个工|个班|天|日|晚上|晚|宿",
    "month": r"个月|月",
    "piece": (
        r"平方米|平方|平米|平|方|吨|单|间|次|台班|台|米|车|趟|件|套|条|亩|斤|头|筐|只|集|桶|扇|箱|袋|棵|根|场|卷|份|樘|桌|张|票|床|罐|串|捆|把|枚|个(?![月小时钟人星期工班天])"
    ),
}
_PAY_WORDS = {  # pay words before an amount
    "hour": r"时薪|每小时|每个小时|一小时|一个小时|小时工资|钟点费|计时|一个钟头|每个钟头|一钟头|每钟头",
    "day": (
        r"一晚上一人|一晚一人|一天一人|一天每人|每天每人|每人每天|一人一天|日结|日薪|日工资|日工钱|日工|点工|天薪|按天算|按天给|按天|大工|小工|每天工资|一天工资|一天|每天|每日|一日|一个工|一工|一个班|每个班|每班|工钱一天|一晚上|一晚|每晚|一宿|包天|一班(?!倒)"
    ),
    "month": (
        # "月3500", not "3月15日" nor "四个月 7000"
        r"(?<![\d一二三四五六七八九十个])月(?=\s*\d{3,5}(?!\d|\s*[日号]))"
        r"|月薪|月工资|月收入|月综合收入|综合收入|月入|月挣|月给|每月|每个月|一个月|一月|月结|包月|底薪|保底|综合工资"
    ),
    "piece": (
        r"计件|每件|一件|一平米|一平方米|一平方|一平|每平米|每平方|每平|一方|每方|一吨|每吨|一单|每单|一间|每间"
        r"|一次(?!性)|每次|台班|一米|每米|一车|每车|一趟|每趟|一套|每套|一台|每台|一条|每条|一亩|每亩|一斤|每斤"
        r"|一扇|每扇|一票|每票|一千字|每千字|千字|一桶|每桶|一集|每集|一节课|每节课|一课时|每课时|一块砖|每块砖|一块板|每块板|(?:一|每)[千万]块砖|一期|每期|一铺|每铺|一辆|每辆|(?<![要招找缺来需雇请])一个(?![月小时钟人星期工班天])|每个(?![月小时钟人星期工班天])|一头|每头|一筐|每筐|一只|每只|一箱|每箱|一袋|每袋|一棵|每棵|一场|每场|一卷|每卷|一份|每份|一樘|每樘|一桌|每桌|一张|每张|一户|每户|一副|每副|一床|每床|一罐|每罐|一串|每串|一捆|每捆|一把|每把|一回|每回|一枚|每枚|单趟"
        r"|(?:一|每)块(?=[十\d]|[二两三四五六七八九]十)"  # "一块十五": fifteen a piece
        rf"|(?:一|每)块(?={_THING_THEN_FIGURE})"  # "一块帘子十五": fifteen for each curtain
        r"|半天|一上午|一下午"  # a part of a day is a fixed task, paid as one piece
    ),
}
_LUMP_WORDS = (
    r"打包价|上门费|安装费|手工费|人工费|连工带料|"  # the price of the task, said as a fee
    r"包工包料|包工价?|包活|包干|全包|总价|一口价|一共|总共|共给|工钱|辛苦费|预算|包给你|包给|给"
)
_PER_PERSON = r"每人|每个人|一人|一个人|人均"
_UNIT_ONLY = (  # a unit named without an amount
    ("day", r"日结|日薪|按天|按日|天结"),
    (
        "piece",
        r"计件|按件|按单|按量|按方|按平|按米|按吨|按车|按条|按张|按台|按亩|按斤|按次|按趟|按户|按个(?!人)|按活|按窗|按扇|按樘|按副|按套|按票|按场|按捆|按床|按棵|按只|按头|按间|按辆|按字|台班价|单结|一单一结|包工|包活"
        r"|一(?:辆|趟|单|次|件|车|床|个|户|回)算一(?:辆|趟|单|次|件|车|床|个|户|回)"  # "修一辆算一辆"
        r"|一(?:米|平|方|吨|趟|车|件|个|单)(?:给|要|收)?多少",  # "一米多少钱电话谈", "一趟给多少好说"
    ),
    ("month", r"月结|月薪|按月"),
    ("hour", r"按小时|按时计|时薪|计时"),
)
_NEGOTIABLE = re.compile(
    r"面议|面谈|商议|好商量|可商量|再商量|可议|议价|价格好谈|工资好谈|价格好说|好说|电话谈|电话详谈|详谈"
)
# A unit's plausible amounts (yuan): outside them a figure is something else ("一天8", "月薪3").
_PLAUSIBLE = {"hour": (5, 1000), "day": (30, 5000), "month": (300, 200000), "piece": (0.01, 200000)}
_ANY_UNIT = (1, 200000)
# "三百五一天": the numeral run swallows the "一" of "一天"; split it off before an amount-sized run.
_SWALLOWED_ONE = re.compile(
    rf"([{_CN}]*[百千万佰仟萬][{_CN}]*?)一(?=\s*(?:个)?(?:家|户|{'|'.join(_UNIT_AFTER.values())}))"
)


# A height asked for ("身高一米六五以上", "个子1米7", "身高165"): no figure in it is pay.
_HEIGHT = re.compile(
    r"(?:身高|个子|个头)\s*[:：]?\s*(?:在\s*)?"
    r"(?:[一1]\s*米\s*[一二三四五六七八九\d]{0,2}|1\.\d{1,2}\s*米?|1[4-9]\d\s*(?:cm|CM|厘米|公分)?)"
    r"(?:\s*(?:以上|左右|以下))?"
)
_ADJACENT_DIGITS = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万])")


@dataclass(frozen=True)
class FoundPay:
    min: float | None
    max: float | None
    unit: str | None
    negotiable: bool
    span: tuple[int, int]  # where the amount and its unit are, so no other field reads them


@lru_cache(maxsize=1024)
def find_pay(text: str) -> FoundPay | None:
    """The pay a text states, or None when it says nothing about pay. Cached: one parse asks for the pay
    and, for the duration and dates, for where it stands (the result is immutable)."""
    text = _HEIGHT.sub(lambda m: " " * len(m.group()), text)  # blanked, so the spans stay where they were
    text = _SWALLOWED_ONE.sub(r"\1 一", text)
    found = _amount(text)
    negotiable = bool(_NEGOTIABLE.search(text))
    if found is not None:
        low, high, unit, span = found
        return FoundPay(low, high, unit, negotiable, span)
    unit = _unit_only(text)
    if unit is not None or negotiable:
        return FoundPay(None, None, unit, negotiable, (0, 0))
    return None


def _amount(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    for finder in (
        _over_ten_thousand,
        _after_pay_word,
        _before_unit,
        _total_for_time,
        _lump_sum,
        _per_person,
        _enough,
        _bare_money,
        _thousands_alone,
        _bare_thousands,
        _task_price_alone,
    ):
        found = finder(text)
        if found is not None:
            return found
    return None


_AFTER_PAY_WORD = [
    (
        unit,
        re.compile(
            rf"(?:{words}){_GAP}\s*{_AMOUNT}\s*{_MONEY}?(?:\s*(?P<bound_after>{_LOWER_BOUND}))?{_NOT_PAY_AFTER}"
        ),
    )
    for unit, words in _PAY_WORDS.items()
]
_BEFORE_UNIT = [
    (
        unit,
        re.compile(
            rf"{_AMOUNT}\s*(?:{_MONEY}\s*(?:/|每|一|每一)?|/|每|一|每一)\s*(?:{words})(?![\d{_CN}]|结|薪)"
        ),
    )
    for unit, words in _UNIT_AFTER.items()
]
_TOTAL_FOR_DAYS = re.compile(rf"(?<![\d.])(?P<days>\d{{1,2}})\s*天\s*(?:给|共|一共|工钱)?\s*{_AMOUNT}")
# "一万五26天": a maternity nurse's term, the amount first
_AMOUNT_FOR_DAYS = re.compile(rf"{_AMOUNT}\s*(?P<days>2[6-9]|3[01])\s*天")
_TOTAL_FOR_HOURS = re.compile(
    rf"(?<![\d.])(?P<hours>\d{{1,2}}|[{_CN}]{{1,2}})\s*个?\s*(?:小时|钟头)\s*(?:给|共|一共)?\s*{_AMOUNT}\s*(?:{_MONEY}|(?=$|[\s，,。；;!！]))"
)
_LUMP = re.compile(rf"(?:{_LUMP_WORDS})\s*{_AMOUNT}\s*{_MONEY}")
_LUMP_WITHOUT_MONEY = re.compile(
    rf"(?:(?:打包价|上门费|安装费|手工费|人工费|连工带料|包工包料|包工价?|包活|包干|全包|总价|一口价|一共|总共|工钱|辛苦费|预算|包给你|包给)\s*给?|(?<![交送带拿])给)\s*{_AMOUNT}(?=$|[\s，,。；;!！（(]|包工|包活)"
)
# Words before an amount that make it a floor ("保底3千", "保底一个月6000", "底薪4000+提成"), and a
# commission after it that leaves the top open ("月薪4千5加提成").
_FLOOR_WORDS = re.compile(r"(?:底薪|保底|起薪|起步价?)\S{0,4}$")
_FLOOR_INSIDE = re.compile(r"底薪|保底|起薪|不低于|不少于|至少")  # "月薪不低于四千"
_FLOOR_AFTER = re.compile(r"\s*(?:元|块)?\s*保底")
# ("加计件" too, but not a piece rate's own 计件)
_PLUS_COMMISSION = re.compile(
    r"[\s，,]*(?:(?:\+|加|外加|另加|另有)?\s*(?:提成|绩效|奖金|课时费)|(?:\+|加)\s*计件)"
)
# "今晚干一晚上 每人三百": the work is a day's (or a night's), so is the pay per person
_A_DAYS_WORK = re.compile(r"(?:干|做|就)\s*(?:一晚上|一晚|一宿|一天|一整天|一个晚上)")
_PER_PERSON_RE = re.compile(rf"(?:{_PER_PERSON})\s*{_AMOUNT}\s*{_MONEY}?{_NOT_PAY_AFTER}")
_ENOUGH = re.compile(
    rf"{_NOT_AFTER_FIGURE}(?P<amount>{_FIGURE})(?P<bound>)\s*{_MONEY}?\s*(?:就行|就可以|就成|就中|即可)"
)
_BARE_MONEY = re.compile(rf"{_AMOUNT}\s*{_MONEY}(?!\s*[/每])")
# "一块二", "三毛五" name their money without 元.
_BARE_YUAN_AND_JIAO = re.compile(rf"{_NOT_AFTER_FIGURE}(?P<amount>{_YUAN_AND_JIAO})(?P<bound>)(?!\s*[/每])")


# "月入过万", "工资破万": over ten thousand a month, a floor.
_OVER_TEN_THOUSAND = re.compile(
    r"(?:月薪|月入|月收入|月工资|月挣|工资|收入)\s*(?:(?:能|可|轻松|稳)?\s*(?:过|破|上)(?:万|1[wW万])|万元?\s*(?:以上|起))"
)


# "钢筋工一天350，木工380", "服务员3500 洗碗3000 一个月": the same unit's amount for each trade of the post, a
# figure glued to the trade's name and standing alone; the post pays from the lowest to the highest.
_OTHER_TRADES_AMOUNT = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?P<amount>\d{{2,5}}(?![\d.])|\d+(?:\.\d+)?[千万kKwW]\d?|[{_CN}]*[百千万][{_CN}]*)(?P<bound>)"
    r"\s*(?:元|块)?(?=\s*(?:$|[\s，,。；;！!、]))"
)
_TRADE_BEFORE_AMOUNT = re.compile(r"[\u4e00-\u9fff]{2,}$")
_HIRED_IN = re.compile(r"招|聘")
# What a figure glued to these words is: a fee, a bonus, a deposit, an age, a size, no trade's pay.
_NO_TRADE_BEFORE = re.compile(
    r"(?:费|奖|励|补|贴|金|押|要|需|招|共|约|只|给|赚|挣|资|薪|入|价|租|话|机|号|岁|龄|高|重|年|月|天|日|时|次|人|名|个|米|平|方|吨|斤|亩|楼|层)$"
)

# "熟手一天350 半熟手250": grades of one trade paid apart, as trades are.
_SKILL_GRADE = re.compile(r"(?:熟手|生手|新手|学徒|徒弟|师傅|大工|小工|技工|普工)$")


def widened_for_other_trades(text: str, found: FoundPay, names_a_trade: Callable[[str], bool]) -> FoundPay:
    """The pay from the lowest to the highest of the amounts the post gives its trades in the same unit
    ("钢筋工一天350，木工380" is 350 to 380 a day). ``names_a_trade`` says whether the words straight before
    a figure name a trade ("木工", "洗碗"), so a machine's model ("卡特320") or a fee is no trade's pay. A
    unit named with no amount takes the trades' amounts ("按天结 水电四百 油工三百五": 350 to 400 a day)."""
    low, unit = found.min, found.unit
    if unit not in ("hour", "day", "month"):
        return found
    if low is None and found.max is None:
        stated = list(_trades_amounts(text, found, names_a_trade, low=None))
        if not stated:
            return found
        values = [amount for amount, _ in stated]
        return replace(found, min=min(values), max=max(values), span=stated[0][1].span())
    if low is None or low != found.max:
        return found
    values = [low, *(a for a, _ in _trades_amounts(text, found, names_a_trade, low=low))]
    return replace(found, min=min(values), max=max(values))


def _trades_amounts(
    text: str, found: FoundPay, names_a_trade: Callable[[str], bool], *, low: float | None
) -> Iterator[tuple[float, re.Match[str]]]:
    """Single amounts glued to a trade's name outside the pay found, in its unit (within a factor of three
    of ``low`` when there is one, else within the unit's plausible range)."""
    unit = found.unit
    for m in _OTHER_TRADES_AMOUNT.finditer(text):
        if found.span[0] <= m.start() < found.span[1]:
            continue
        trade = _TRADE_BEFORE_AMOUNT.search(text[max(0, m.start() - 6) : m.start()])
        if trade is None or _NO_TRADE_BEFORE.search(trade.group(0)):
            continue
        if not (_SKILL_GRADE.search(trade.group(0)) or names_a_trade(trade.group(0))):
            continue
        if _HIRED_IN.search(trade.group(0)) and m.group("amount").isdigit() and int(m.group("amount")) < 100:
            continue  # "急招装卸工30 时薪二十三": thirty stevedores
        amounts = _amounts(m, unit, at_least=1000 if unit == "month" else 0)
        if amounts is None or amounts[0] != amounts[1]:
            continue
        if low is None or low / 3 <= amounts[0] <= low * 3:
            yield amounts[0], m


def _over_ten_thousand(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    m = _OVER_TEN_THOUSAND.search(text)
    return (10000.0, None, "month", m.span()) if m else None


def _after_pay_word(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    found = _first_of(text, _AFTER_PAY_WORD)
    if found is None or found[0] != found[1]:
        return found
    start, end = found[3]
    floor = (
        _FLOOR_WORDS.search(text[: start + 4])
        or _FLOOR_AFTER.match(text, end)  # "月薪6000保底"
        or _FLOOR_INSIDE.search(text, start, end)  # "一个月保底3000"
        or _PLUS_COMMISSION.match(text, end)
    )
    return (found[0], None, found[2], found[3]) if floor else found  # a floor, the rest by commission


def _before_unit(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    return _first_of(text, _BEFORE_UNIT)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, each searched from one character after the last one's start: in "计件 一头十五" the
    failed "计件 一" must not consume the "一" of "一头十五"."""
    m = pattern.search(text)
    while m is not None:
        yield m
        m = pattern.search(text, m.start() + 1)


def _first_of(
    text: str, patterns: list[tuple[str, re.Pattern[str]]]
) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """The earliest plausible match of any of the patterns."""
    best: tuple[int, tuple[float | None, float | None, str | None, tuple[int, int]]] | None = None
    for unit, pattern in patterns:
        for m in _overlapping(pattern, text):
            amounts = _amounts(m, unit)
            if amounts is not None and (best is None or m.start() < best[0]):
                best = (m.start(), (*amounts, unit, m.span()))
                break
    return best[1] if best else None


def _total_for_time(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    m = _AMOUNT_FOR_DAYS.search(text)
    if m is not None and (amounts := _amounts(m, "month", at_least=1000)) is not None:
        return (*amounts, "month", m.span())
    m = _TOTAL_FOR_DAYS.search(text)
    if m is not None:
        unit = "month" if 26 <= int(m.group("days")) <= 31 else "piece"
        amounts = _amounts(m, unit, at_least=100)
        if amounts is not None:
            return (*amounts, unit, m.span())
    m = _TOTAL_FOR_HOURS.search(text)
    if m is not None:
        amounts = _amounts(m, "piece", at_least=20)
        if amounts is not None:
            return (*amounts, "piece", m.span())
    return None


def _lump_sum(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    for pattern in (_LUMP, _LUMP_WITHOUT_MONEY):
        for m in _overlapping(pattern, text):
            amounts = _amounts(m, "piece", at_least=10)
            if amounts is not None:
                return (*amounts, "piece", m.span())
    return None


def _per_person(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    for m in _PER_PERSON_RE.finditer(text):
        unit = _unit_only(text) or ("day" if _A_DAYS_WORK.search(text) else "piece")
        amounts = _amounts(m, unit)
        if amounts is not None:
            return (*amounts, unit, m.span())
    return None


def _enough(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """ "两百就行 日结", "工资两千就行": what a worker asks, the unit from the rest of the text (日结), else
    thousands are a month's pay as anywhere else."""
    for m in _ENOUGH.finditer(text):
        unit = _unit_only(text)
        amounts = _amounts(m, unit, at_least=10)
        if amounts is not None:
            if unit is None and amounts[0] >= 1000:
                unit = "month"
            return (*amounts, unit, m.span())
    return None


def _bare_money(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """ "工资3000元": an amount in yuan with no unit (the unit the text names elsewhere, if any). Under a
    thousand and with no unit anywhere it is the price of the task ("擦玻璃 二百块", "通下水道 一百块"):
    one piece."""
    for m in [*_BARE_YUAN_AND_JIAO.finditer(text), *_BARE_MONEY.finditer(text)]:
        unit = _unit_only(text)
        amounts = _amounts(m, unit)
        if amounts is not None and amounts[0] < 10 and all(ch in _CN for ch in m.group("amount").strip()):
            continue  # "院墙塌了一块", "两块": a small Chinese numeral with 块 and no rate is seldom money
        if amounts is not None:
            if unit is None and (amounts[1] or amounts[0]) < 1000:  # the whole range under a thousand
                unit = "piece"
            return (*amounts, unit, m.span())
    return None


# "3500-4500", "3000左右", "两千多": a bare figure of a thousand or more given as a range or roughly.
_ROUGH_THOUSANDS = re.compile(
    rf"{_NOT_AFTER_FIGURE}(?P<amount>\d{{4,5}}(?:{_RANGE_SEP}\d{{4,5}})|\d{{4,5}}(?=\s*(?:左右|上下))|\d{{4,5}}(?=\s*(?:\+|以上|起|多)))"
    rf"\s*(?P<bound>{_LOWER_BOUND})?{_NOT_PAY_AFTER}"
)
_THOUSANDS = re.compile(
    rf"{_NOT_AFTER_FIGURE}(?P<amount>(?:\d+(?:\.\d+)?\s*[千万kKwW]\d?|\d+(?={_RANGE_SEP}\d+\s*[千万kKwW])|[{_CN}]*[千万][{_CN}]*+)"
    rf"(?:{_RANGE_SEP}(?:\d+(?:\.\d+)?\s*[千万kKwW]\d?|[{_CN}]*[千万][{_CN}]*+))?)\s*(?P<bound>{_LOWER_BOUND})?"
    rf"{_NOT_PAY_AFTER}"
)


def _thousands_alone(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """ "8千+", "五到六千" with no unit or 元: thousands are a month's pay (the unit of the text if it names
    one, as 日结 would make it a day's), never a day's or an hour's."""
    for m in [*_THOUSANDS.finditer(text), *_ROUGH_THOUSANDS.finditer(text)]:
        unit = _unit_only(text) or "month"
        amounts = _amounts(m, unit, at_least=1000)
        if amounts is not None:
            return (*amounts, unit, m.span())
    return None


# "有健康证 4000 永红桥": a figure of a month's wage standing alone between spaces or at the end.
_BARE_THOUSANDS = re.compile(r"(?:^|(?<=[\s，,。；;：:]))(?P<amount>\d{4,5})(?P<bound>)(?=$|[\s，,。；;！!])")


def _bare_thousands(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """A lone four- or five-digit figure (1500-30000) is a month's pay (or the unit the text names), unless
    it reads as a year (1950-2100)."""
    for m in _BARE_THOUSANDS.finditer(text):
        value = int(m.group("amount"))
        if 1950 <= value <= 2100 or not 1500 <= value <= 30000:
            continue
        unit = _unit_only(text) or "month"
        amounts = _amounts(m, unit, at_least=1000)
        if amounts is not None:
            return (*amounts, unit, m.span())
    return None


# "找人上门清洗 连带灶台 150 行就联系", "换个马桶 找人 一百五 路北区": the price of the task, alone between
# spaces.
_PRICE_ALONE = re.compile(
    r"(?:^|(?<=[\s，,。；;：:]))(?P<amount>[1-9]\d{2}|[一二两三四五六七八九]?百[一二两三四五六七八九十]*)(?P<bound>)"
    r"(?=$|[\s，,。；;！!])"
)


def _task_price_alone(text: str) -> tuple[float | None, float | None, str | None, tuple[int, int]] | None:
    """A lone figure of hundreds with no unit anywhere is what the task pays: one piece (two digits alone
    are an age: "女 52 有健康证")."""
    if _unit_only(text) is not None:
        return None
    for m in _PRICE_ALONE.finditer(text):
        amounts = _amounts(m, "piece", at_least=20)
        if amounts is not None:
            return (*amounts, "piece", m.span())
    return None


def _unit_only(text: str) -> str | None:
    for unit, words in _UNIT_ONLY:
        if re.search(words, text):
            return unit
    return None


def _figure_value(figure: str) -> float | None:
    """A figure's value in yuan: cn2an's reading, or yuan, jiao and fen said aloud ("一块二" 1.2,
    "一块三毛五" 1.35, "三毛五" 0.35, "三分钱" 0.03)."""
    figure = figure.strip()
    if figure.endswith("分"):  # "三分钱": fen
        cents = cn_number(figure[:-1])
        return None if cents is None else round(float(cents) / 100, 2)
    if "块" not in figure and "毛" not in figure:
        return cn_number(figure)
    yuan, _, rest = figure.rpartition("块")
    if "毛" in rest:
        jiao, _, fen = rest.partition("毛")
    else:
        jiao, fen = rest, ""
    parts = [cn_number(yuan) if yuan else 0, cn_number(jiao) if jiao else 0, cn_number(fen) if fen else 0]
    if any(p is None for p in parts):
        return None
    y, j, f = (float(p) for p in parts)  # type: ignore[arg-type]
    return round(y + j / 10 + f / 100, 2)


def _amounts(m: re.Match[str], unit: str | None, *, at_least: float = 0) -> tuple[float, float | None] | None:
    """(min, max) of the match's amount when plausible for the unit, else None."""
    parts = re.split(_RANGE_SEP, m.group("amount"), maxsplit=1)
    adjacent = _ADJACENT_DIGITS.fullmatch(parts[0].strip()) if len(parts) == 1 else None
    if adjacent:  # "七八千" is 7000 to 8000, "三四百" 300 to 400
        parts = [adjacent.group(1) + adjacent.group(3), adjacent.group(2) + adjacent.group(3)]
    values = [_figure_value(p) for p in parts]
    if any(v is None for v in values):
        return None
    low = float(values[0])  # type: ignore[arg-type]
    high = float(values[-1])  # type: ignore[arg-type]
    if len(parts) == 2:
        scale = magnitude_suffix(parts[1])
        if magnitude_suffix(parts[0]) == 1 and scale > 1 and low * 10 <= high:
            low *= scale  # "4-5千", "五到六千"
        if low > high:
            return None
    if low < 10 and all(ch in CN_NUMERAL_CHARS for ch in parts[0]) and not re.search(_MONEY, m.group(0)):
        return None  # "身高一米七", "一方五": a small Chinese numeral with no 元 is seldom money
    lo, hi = _PLAUSIBLE.get(unit or "", _ANY_UNIT)
    if not (max(lo, at_least) <= low <= hi and high <= hi):
        return None
    bound = m.group("bound") or (m.groupdict().get("bound_after") or "")  # "5000以上", "5000元以上"
    if bound in ("+", "以上", "起", "多", "往上") and len(parts) == 1:
        return low, None
    return low, high
