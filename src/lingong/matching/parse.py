"""Understanding plain Chinese: a job request or a worker's self-description -> structured fields.

jieba segments the text with the taxonomy's names and synonyms and the division names added as user words;
rules (regular expressions over the text) read numbers, pay, headcount, duration, urgency, the start date
and the daily hours. Unknown words are simply not matched; nothing here raises on odd input.

Dates are relative to a ``today`` the caller passes (this library knows no clock and no time zone):
今天/明天/后天/大后天 and "12月3日" start the job; "干6个月" ends it six calendar months after the start
(the day before the same date), "干20天" on its 20th day. Daily times read a range ("8点到5点", "早8晚6",
"上午8点-下午5点", "8:00-17:00", "晚8点到早6点"); an end hour at or before a start without 上午/下午
is read as afternoon ("8点到5点" is 08:00-17:00). Daily hours are the stated ones ("每天8小时") or else
the time window minus a lunch break only when the text names one ("午休1小时"; a bare "午休" is the
usual hour).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jieba
import opencc

from lingong.matching.geo import DIVISIONS_FILE
from lingong.matching.numerals import CN_NUMERAL_CHARS, cn_number
from lingong.matching.pay_text import FoundPay, find_pay, widened_for_other_trades
from lingong.matching.similar import Example, ExampleIndex, load_examples
from lingong.matching.taxonomy import OCCUPATIONS_FILE

ALIASES_FILE = Path(__file__).resolve().parent / "parse_aliases.json"

NUM = rf"(\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)"
_HEADCOUNT = re.compile(
    # "十二个人吃", "五口人": people eating or living there, not wanted
    rf"{NUM}\s*(?:名|个人(?!吃|的饭)|位|人(?!沙发|座|床|桌|间|份|餐|吃|的饭)|个(?!月|小时|钟|星期|礼拜|工作日|天|多|工(?!人)|班|平|方|人吃|工人吃))"
)
_HEADCOUNT_RANGE = re.compile(rf"{NUM}\s*(?:到|至|-|~|—)\s*{NUM}\s*(?:名|个人|位|人|个(?!月|小时|天))")
_DURATION = re.compile(
    rf"(?<!周)(?<!星期)(?<!礼拜)(?:{NUM}|(半))\s*(个)?\s*(天|日|周|星期|礼拜|月|年)(?!薪|结|嫂|岁|工资|收入|入|后(?!天)|前|底|初|大)"
)
# "干一天 一百五", "只干周六一天", "干三晚": the days (or nights) worked, even when the day's pay follows
# ("干一天结一天" and "干一天算一天" are a way of paying, no length).
_WORKED_DAYS = re.compile(
    rf"干(?:\s*(?:周[一二三四五六日天末]|星期[一二三四五六日天])\s*)?{NUM}\s*(?:天|日|晚|个晚上|宿)(?!\s*[结算]|薪|工资)"
)
_MONTHS_AND_A_HALF = re.compile(rf"(?<!每){NUM}\s*个半\s*月")
_DAYS_PER = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}
# Words around "N年/月/天" that make it no length of the job: experience ("经验3年以上", "驾龄三年"), a trial
# ("试用期三天"), a rest day ("休一天"), a calendar month ("3月底", "九月份", "11月到3月").
_NOT_LENGTH_BEFORE = re.compile(
    r"(?:经验|驾龄|工龄|从业|教龄|满|干过|做过|试用期?|培训|休|歇|轮休|预产期[在是]?|宝宝|孩子|小孩|婴儿|第|(?<!以)上)\s*$"
)
_MONTH_RANGE_BEFORE = re.compile(r"月份?\s*(?:到|至|-|~|—)\s*$")
_HOW_OFTEN = re.compile(rf"\s*(?:来|去|上门|干|做)\s*[\d{CN_NUMERAL_CHARS}]+\s*(?:次|回|趟)")
_NOT_LENGTH_AFTER = re.compile(r"\s*(?:以上|以下|经验|工作经验|及以上|驾龄|工龄|教龄)")  # "五年驾龄以上"
_CALENDAR_MONTH_AFTER = re.compile(
    rf"\s*(?:底|初|中旬|上旬|下旬|末|份|中|到|至|-|~|号|日|\d|[{CN_NUMERAL_CHARS}])"
)
_URGENT = ("急", "紧急", "加急", "马上", "立即", "立刻", "今天", "明天", "速来", "尽快")
# A machine's name ("挖掘机", "收割机", "铲车", not "司机") straight after 修 and other machines: what is
# repaired.
_MACHINE = re.compile(r"(?<!司)[机车]$")
_REPAIRED_BEFORE = re.compile(r"修(?:理)?(?:[\u4e00-\u9fff]{1,5}?[机车][、\s和及]*)*$")
# "秋收季", "秋收期间": the season of a task, not the task wanted
_A_SEASON_AFTER = re.compile(r"(?:季|期间|时节|旺季|前后)")
# "快递分拨中心", "家政公司": a business named after its trade
_A_BUSINESS_AFTER = re.compile(
    r"(?:店|馆|铺|行|摊|部|所(?![有以需])|站|队(?!伍)|公司|分拨|中心)(?![员工长主])"
)
# "会开叉车 想找个仓库的活": the place a worker with a trade wants to work, no second trade
_A_WORKPLACE_JOB_AFTER = re.compile(r"里?的(?:活|工作)")
_SKILL_BEFORE = re.compile(
    r"(?:会|能|能干|干过|做过|也会|也能|还会|还能|或者|也可以|还可以|可以做|想|想干|想做|想跑|找个|和|及|、)\s*$"
)
_SKILL_AFTER = re.compile(r"\s*(?:也会|也能|也行|也可以)")  # "美甲 纹眉也会"
_LIST_SEPARATORS = re.compile(r"[\s、，,；;/]+")
_ALL_WANTED = re.compile(r"都(?:要|缺|招|需要)")
_LIST_TAIL = re.compile(r"(?:都要人|都要|都缺人|都缺|都招|都需要)$")
# Work described with no trade word at all, read only when nothing else names a trade (the first that fits):
# 卸 before a load ("卸钢管一车", "卸两车化肥"; not 卸妆 / 卸任 / 卸载 / 拆卸), moving a household's things
# between floors ("三楼搬到六楼", "搬上五楼"), and the spoken tasks of households and farms below.
_WORK_WHEN_NOTHING_NAMED = (
    (re.compile(r"(?<!拆)卸(?![妆任载职甲])[\u4e00-\u9fff\d]"), "stevedore"),
    (re.compile(rf"搬(?:到|上|下)\s*[\d{CN_NUMERAL_CHARS}]+\s*楼"), "mover"),
    (re.compile(r"看[\u4e00-\u9fff]{0,3}园子"), "orchard_watchman"),  # "帮着看几天园子"
    (re.compile(r"(?<![指])摘(?![要除掉牌下])"), "fruit_picker"),  # "桃熟了 找人帮着摘一上午"
    (re.compile(r"陪[她他我]?(?:去|上|到)[^，,。；;！!\s]{0,3}医院"), "patient_escort"),  # "陪她去医院输液"
    (re.compile(rf"从[\d{CN_NUMERAL_CHARS}]+楼[搬抬]|[搬抬][上下]楼"), "mover"),  # "从五楼搬下去", "抬下楼"
    (
        re.compile(r"[一两二三四五六七八九十几\d]大?车[\u4e00-\u9fff]{1,4}(?:要|等着|得)?卸"),
        "stevedore",
    ),  # "一车白菜要卸"
    (re.compile(r"把[^，,。；;！!\s]{1,8}拆了"), "demolition_worker"),  # "把猪圈拆了"
    (re.compile(r"帮[她他着]*洗[^，,。；;！!\s]{0,3}澡"), "bathing_assistant"),  # "帮着洗一次澡"
    (re.compile(r"(?:花生|地瓜|红薯|土豆)[^，,。；;！!\s]{0,4}刨"), "crop_farmer"),  # "花生等着刨"
    (re.compile(r"(?:玉米|棒子)[^，,。；;！!\s]{0,4}掰|晒玉米|翻场"), "crop_farmer"),  # "五亩地的玉米要掰"
    (re.compile(rf"扛(?:到|上|进|下)|往[\d{CN_NUMERAL_CHARS}]+楼扛|搬进[煤仓库棚]|往车上装"), "stevedore"),
    (re.compile(r"树[^，,。；;！!\s]{0,4}锯"), "tree_trimmer"),  # "后院两棵大树要锯掉"
    (re.compile(r"(?:梨|桃|苹果|枣|杏|李子)[^，,。；;！!\s]{0,3}下树"), "fruit_picker"),  # "梨要下树了"
    (re.compile(r"(?:旧房|房子|老房|平房)[^，,。；;！!\s]{0,3}拆"), "demolition_worker"),  # "院里的旧房要拆"
    (
        re.compile(r"马桶[^，,。；;！!\s]{0,6}[，,]?[^，,。；;！!\s]{0,6}换"),
        "sanitary_installer",
    ),  # "马桶漏水 找人换"
    (re.compile(r"焊一下|来焊|焊个"), "welder"),  # "葡萄架塌了 找人来焊一下"
    (re.compile(r"擦一遍"), "cleaner"),  # "教室、走廊都擦一遍"
    (re.compile(r"挪地方"), "mover"),  # "教室桌椅挪地方"
    (re.compile(r"[牛羊猪鸡鸭][^，,。；;！!\s]{0,6}喂"), "livestock_keeper"),  # "两头牛每天喂两遍草"
    # round 36
    (re.compile(r"[牛羊猪鸡鸭鹅][^，,。；;！!\s]{0,8}(?:打疫苗|打防疫|防疫针)"), "animal_health_worker"),
    (re.compile(r"草[^，,。；;！!]{0,7}割|割[^，,。；;！!\s]{0,2}草"), "mower"),  # "院里的草都黄了 全割了"
    (
        re.compile(r"(?:黄豆|豆子|稻子|谷子|高粱|芝麻)[^，,。；;！!]{0,6}割|脱粒"),
        "crop_farmer",
    ),  # "黄豆熟了 该割了"
    (
        re.compile(r"(?:太阳能板|光伏板)[^，,。；;！!]{0,8}(?:擦|洗|清)"),
        "pv_panel_cleaner",
    ),  # "板全是灰 要擦"
    (re.compile(r"墙[^，,。；;！!\s]{0,8}刷(?!卡|子)"), "painter"),  # "楼道墙皮掉了 从一楼刷到顶"
    (re.compile(r"起鱼|拉网"), "aquaculture_worker"),  # "鱼坑要起鱼了 下水拉网"
    # "旧书报纸纸箱子 谁收", "废铁上门来拉": what a scrap collector buys
    (
        re.compile(
            r"(?:废品|破烂|废铁|纸箱子?|旧书|旧报纸|旧家电|旧冰箱)[^。；;！!]{0,12}(?:谁收|回收|来收|上门.{0,2}拉)"
        ),
        "scrap_collector",
    ),
)
# "替收粮点老板发：", "帮一位大叔发": the one a post is relayed for; "村会计帮发": who relays it;
# "联系村会计": who answers its phone. None of them is wanted.
_RELAYED_FOR = re.compile(r"(?:替|帮)([^，,。：:；;！!\s]{1,12}?)发(?:的|一条|一个|一下)?[：:，,\s]")
_RELAYER_AFTER = re.compile(r"(?:帮忙|帮着|帮|代)(?:发|登记|录)")
_CONTACT_BEFORE = re.compile(r"联系[\u4e00-\u9fff]{0,2}$")
# "拉一车苗木去北京": the load a truck carries, not the work wanted
_CARGO_BEFORE = re.compile(r"(?:拉|运)(?:[一两二三四五六七八九十几半\d]+(?:车|趟|吨))?$")
# "一大车煤得卸": a truckload, the measure of the work, not a truck driver wanted
_LOAD_MEASURES = frozenset({"大车"})
_A_LOAD_BEFORE = re.compile(rf"[{CN_NUMERAL_CHARS}\d几半]$")
_CERT_WORDS = ("有证", "持证", "证件齐全", "带证", "要证", "需证")
_NO_CERT = re.compile(r"(?:不|无|无需|不需|不用)(?:要|需)?证")  # "不要证": none asked for
# A driving-licence class glued to the trade it licenses ("A2司机", "B2货车司机") names the licence too.
_LICENCE_CLASS = re.compile(r"[ABC][123](?!\d)")
_BARE_LICENCE_WORDS = ("驾照", "驾驶证")
# A certificate named in the text, with or without a code of ours (救生员证, 护士执业证, A1驾照, 教师资格证);
# not the 证 of 保证, 身份证, 证明, 验证 and the like.
_CERT_MENTION = re.compile(
    r"(?<!保)(?<!身份)(?<!验)(?<!认)(?<!签)(?<!凭)(?<!论)(?<!居住)(?<!暂住)(?<!考)(?<!见)(?<!印)(?<!查)(?<!单)"
    r"(?<=[\u4e00-\u9fffA-Da-d])证(?![明据件实])|驾照|执照|[ABCDabcd][123](?:本|照)"
)


@dataclass(frozen=True)
class Pay:
    """What a text says about pay: an amount (min == max), a range, a lower bound ("8千+": max None), or only
    a unit ("日结": no amount) or only "面议" (negotiable, nothing else). Yuan as floats: the platform turns
    them into Decimal at its edge."""

    min: float | None = None
    max: float | None = None
    unit: str | None = None  # hour / day / month / piece
    negotiable: bool = False

    def as_dict(self) -> dict[str, float | str | bool | None]:
        return {"min": self.min, "max": self.max, "unit": self.unit, "negotiable": self.negotiable}

    @property
    def amount(self) -> float | None:
        """The one figure a form takes: the lower end (what is promised at least), else the upper."""
        return self.min if self.min is not None else self.max


@dataclass(frozen=True)
class JobParse:
    occupations: tuple[str, ...] = ()
    headcount: int | None = None
    pay: Pay | None = None  # None: the text says nothing about pay
    pay_unit: str | None = None  # pay.unit, kept as its own field for the callers that only want the unit
    divisions: tuple[str, ...] = ()
    duration_days: int | None = None
    urgent: bool = False
    certificates: tuple[str, ...] = ()
    mentions_certificate: bool = False  # "持证" etc., even where the taxonomy names no certificate
    # Resolved against the ``today`` given to ``parse_job`` (None without it, or when the text is silent).
    start_date: dt.date | None = None
    end_date: dt.date | None = None  # from a duration (counted from start_date, else today) or a range
    daily_start_time: dt.time | None = None
    daily_end_time: dt.time | None = None
    daily_hours: float | None = None  # stated, or the time window less a named break
    break_minutes: int = 0  # the break the text names, taken off the window


@dataclass(frozen=True)
class WorkerParse:
    occupations: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    mentions_certificate: bool = False
    divisions: tuple[str, ...] = ()
    pay: Pay | None = None  # what the worker asks for
    pay_unit: str | None = None


class TextParser:
    """Build once (loads jieba's dictionary and the reference files), then parse many texts."""

    def __init__(self) -> None:
        with OCCUPATIONS_FILE.open(encoding="utf-8") as fh:
            taxonomy = json.load(fh)
        with DIVISIONS_FILE.open(encoding="utf-8") as fh:
            divisions = json.load(fh)["divisions"]
        with ALIASES_FILE.open(encoding="utf-8") as fh:
            aliases = json.load(fh)
        occs = [o for ind in taxonomy["industries"] for o in ind["occupations"]]
        self.housekeeping_trades = {
            o["code"]
            for ind in taxonomy["industries"]
            if ind["code"] == "housekeeping"  # trades of a home's own work (a housekeeper's cooking)
            for o in ind["occupations"]
        }
        # "找人刨花生": harvest work done by a crew, however many come
        self.crew_trades = set(aliases.get("crew_trades", ()))
        self.household_trades = {
            o["code"]
            for ind in taxonomy["industries"]
            if ind["code"] in ("housekeeping", "repair")  # trades called to a home
            for o in ind["occupations"]
        }
        self.occupation_words: dict[str, str] = {}
        for o in occs:
            for word in [o["name"], *(o.get("synonyms") or [])]:
                self.occupation_words.setdefault(word, o["code"])
        for word, code in aliases.get("occupations", {}).items():
            self.occupation_words.setdefault(word, code)
        # "做饭", "水电", "水龙头": a task, which names its trade only when no trade name is in the text.
        self.task_words: dict[str, str] = dict(aliases.get("task_words", {}))
        # "新房开荒保洁": a trade read with a narrower one of it (开荒保洁员 is a 保洁员) leaves only the
        # narrower.
        self.in_context: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for word, contexts, code in aliases.get("in_context", ()):
            self.in_context.setdefault(word, []).append((tuple(contexts), code))
        self.broader: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in aliases.get("broader", {}).items()
        }
        # "找个做饭打扫卫生的阿姨": trades that, read together, are one trade (a housekeeper's)
        self.read_together: dict[frozenset[str], str] = {
            frozenset(codes): code for codes, code in aliases.get("read_together", ())
        }
        for word in self.task_words:
            self.occupation_words.pop(word, None)
        # "砸墙的", "炒菜的", "洗碗的": the task names the trade, when no name, synonym or alias does.
        self.stem_words = {
            word: code
            for word, code in _task_stems(occs, set(aliases.get("generic_stems", ()))).items()
            if word not in self.occupation_words and word not in self.task_words
        }
        # Read only when no trade name is in the text (or a count follows them): tasks, then stems.
        self.weak_words: dict[str, str] = self.task_words | self.stem_words
        # "仓库", "食堂": a workplace, which names a trade only alone ("仓库卸货" wants stevedores)
        self.workplace_words = set(aliases.get("workplace_words", ()))
        # "直播基地 助理2名", "婚庆 策划": words that name a trade only in their context, nothing without.
        self.context_words = {
            w for w in self.in_context if w not in self.occupation_words and w not in self.weak_words
        }
        self.occupation_cert = {o["code"]: o.get("certificate") for o in occs}
        self.cert_words: dict[str, str] = dict(aliases["certificates"])
        self.cert_occupations: dict[str, str] = dict(aliases.get("certificate_occupations", {}))
        city = next(d["code"] for d in divisions if d["level"] == "city")
        self.place_words: dict[str, str] = dict.fromkeys(aliases["city_words"], city)
        for d in divisions:
            if d["level"] != "city":
                self.place_words[d["name"]] = d["code"]
                self.place_words[d["short_name"]] = d["code"]
        # Sub-district short names are also ordinary words (广场, 小山): only they can be part of a landmark.
        self.landmark_prone = {d["short_name"] for d in divisions if d["level"] == "subdistrict"}
        self.division_parent: dict[str, str] = {d["code"]: d["parent"] for d in divisions if d["parent"]}
        self.place_words.update(aliases.get("old_place_names", {}))
        self.place_words.update(aliases.get("place_aliases", {}))
        self.landmark_suffixes: tuple[str, ...] = tuple(aliases.get("landmark_suffixes", ()))
        self.tokenizer = jieba.Tokenizer()
        words = [
            *self.occupation_words,
            *self.task_words,
            *self.stem_words,
            *self.context_words,
            *self.cert_words,
            *self.place_words,
            *aliases.get("neutral_words", ()),  # "不住家": cut whole, so no 住家 is read inside it
        ]
        for word in words:
            self.tokenizer.add_word(word, freq=200000)

    @cached_property
    def nearest_posts(self) -> ExampleIndex:
        """The labelled posts, read only when a post names no trade; built at its first use (about a second),
        since most posts name their trade."""
        examples = [Example(e.kind, _normalise(e.text), e.occupations) for e in load_examples()]
        return ExampleIndex(examples, known_codes=self.occupation_cert)

    # ---- public -------------------------------------------------------------------------------------------
    def parse_job(self, text: str, today: dt.date | None = None) -> JobParse:
        """The fields of a job request; dates need ``today`` (the market's local date)."""
        text = _normalise(text)
        occupations = self._with_added_work(text, self._occupations(text))
        pay = self._pay(text)
        dates = _dates(text, today) if today is not None else _Dates()
        schedule = _schedule(text)
        return JobParse(
            occupations=occupations,
            headcount=self._headcount(text, occupations),
            pay=pay,
            pay_unit=pay.unit if pay else None,
            divisions=self._places(text),
            duration_days=_duration(text),
            urgent=any(w in text for w in _URGENT),
            certificates=(certificates := self._certificates(text, occupations)),
            mentions_certificate=_mentions_certificate(text, certificates),
            start_date=dates.start,
            end_date=dates.end,
            daily_start_time=schedule.start,
            daily_end_time=schedule.end,
            daily_hours=schedule.hours,
            break_minutes=schedule.break_minutes,
        )

    def parse_worker(self, text: str) -> WorkerParse:
        text = _normalise(text)
        occupations = self._occupations(text, worker=True)
        pay = self._pay(text)
        return WorkerParse(
            occupations=occupations,
            certificates=(certificates := self._certificates(text, occupations)),
            mentions_certificate=_mentions_certificate(text, certificates),
            divisions=self._places(text),
            pay=pay,
            pay_unit=pay.unit if pay else None,
        )

    # ---- fields -------------------------------------------------------------------------------------------
    def _pay(self, text: str) -> Pay | None:
        found = find_pay(text)
        if found is None:
            return None
        trades = [t for t in self._tokens(text) if self._names_work(t)]

        def ends_in_a_trade(words: str) -> bool:
            """ "木工", "洗碗"; or a trade named earlier in full ("塔吊指挥两名 ... 指挥八千")."""
            last = self._tokens(words)[-1]
            return self._names_work(last) or (len(last) > 1 and any(last in t for t in trades))

        return _as_pay(widened_for_other_trades(text, found, ends_in_a_trade))

    def _names_work(self, token: str) -> bool:
        return token in self.occupation_words or token in self.weak_words or token in self.context_words

    def _tokens(self, text: str) -> list[str]:
        return [t for t in self.tokenizer.lcut(text, HMM=False) if t.strip()]

    def _occupations(self, text: str, *, worker: bool = False) -> tuple[str, ...]:
        tokens = self._tokens(text)
        weak = self.weak_words
        listed = self._listed(text)
        found, before_certificate, skills = [], [], []
        counted: list[str] = []  # trades with a count of their own ("食品加工工20名 包装工10名")
        by_name = False  # whether a trade's name (not only a task word) gave a reading
        listed_tasks: list[str] = []  # a worker's list: "钢筋 支模都干过"
        # trade names read as a business's ("足疗店"), and the others
        settings: list[str] = []
        wanted: list[str] = []
        afters = _texts_after(text, tokens)
        not_wanted = self._not_wanted(text, tokens, afters)
        for i, (t, after) in enumerate(zip(tokens, afters, strict=True)):
            if self._is_repaired_machine(t, text, after):
                continue  # "会修装载机 挖掘机": the machines a mechanic repairs, no drivers wanted
            if i in not_wanted:
                continue
            code = self._in_context(t, text, self.occupation_words.get(t) or weak.get(t, ""))
            if not code and (t in self.occupation_words or t in weak):
                continue  # "网球教练(证)": here the word names a trade the taxonomy has no code for
            if after.startswith("证") and (t in self.occupation_words or t in weak):
                # "药店营业员 有药师证", "押运证": a certificate; it names a trade only if nothing else does
                before_certificate.append(code)
                by_name = by_name or t in self.occupation_words
                continue
            if t in self.occupation_words or (t in weak and (_names_a_doer(after) or t in listed)):
                found.append(code)
                by_name = by_name or t in self.occupation_words
                if _COUNT_AFTER.match(after):
                    counted.append(code)
                (settings if self._is_setting(t, after, worker) else wanted).append(code)
            elif worker and t in weak and self._offered_skill(text, t, after):
                if not self._workplace_job(t, after):  # "会开叉车 想找个仓库的活"
                    skills.append(code)
            elif worker and t in weak and _stands_alone(text, t):
                listed_tasks.append(code)
            elif t in self.context_words and code:
                found.append(code)
                by_name = True
        # "足疗店招采耳师": the trade a business is named after is where the work is, when another is wanted
        if wanted:
            found = [code for code in found if code in wanted or code not in settings]
        # "会摘苹果 打栗子", "干过分拣 装卸": a worker's skills, each a trade offered; but a housekeeper's
        # "会做饭" is part of the housekeeping trade named
        in_home = any(code in self.housekeeping_trades for code in found)
        found += [code for code in skills if found and not (in_home and code in self.housekeeping_trades)]
        # "钢筋 支模都干过" offers both trades; but "家电维修 冰箱 洗衣机" lists what one tradesman repairs
        if found and not any(code in self.household_trades for code in found):
            found += listed_tasks
        if not found:  # "叉车证有", "有茶艺师证": the certificate names the trade
            found = [self.cert_occupations[t] for t in tokens if t in self.cert_occupations]
            by_name = by_name or bool(found)
            found = found or before_certificate
        if not found:
            tasks = [
                (code, self._is_setting(t, after, worker))
                for i, (t, after) in enumerate(zip(tokens, afters, strict=True))
                if t in weak
                and (code := self._in_context(t, text, weak[t]))
                and i not in not_wanted
                and not _A_SEASON_AFTER.match(after)
                and not self._is_repaired_machine(t, text, after)
            ]
            # "环卫所招除雪临时工": the task wanted, not the business it is wanted by
            found = [code for code, business in tasks if not business] or [code for code, _ in tasks]
        if not found:
            found = [code for pattern, code in _WORK_WHEN_NOTHING_NAMED if pattern.search(text)][:1]
            by_name = bool(found)
        guessed = False
        if not found and (guess := self.nearest_posts.guess(text)):
            found, guessed = [guess], True  # "院里草半人高了 找人弄一下": the trade of the posts most like it
        # "新房开荒保洁": the narrower trade only; but a broader one wanted with its own count is a role
        kept = [code for code in found if code in counted or not set(self.broader.get(code, ())) & set(found)]
        # "保洁 开荒 擦玻璃都干": a worker who lists a trade on its own beside a narrower one offers both
        if worker:
            names = self.occupation_words
            alone = {names[t] for t in tokens if t in names and _stands_alone(text, t)}
            kept = [code for code in found if code in alone or code in kept]
        for codes, one in self.read_together.items():
            if codes <= set(kept):  # "会做饭搞卫生 能照顾老人": a domestic helper who also cares
                kept = [one if code in codes else code for code in kept]
        # "要搬一架钢琴 要三个人", read from 钢琴 as a music teacher's: a job post's reading from task words
        # alone gives way to the trade the labelled posts most like it agree on, when they agree strongly
        # and give the rest of the reading little weight (chosen on sets the rules were never tuned on:
        # rounds 35 and 37 in docs/benchmarks.md). Not a worker's: self-introductions are so alike that the
        # nearest differ mostly in the one word that matters ("身体好 想找个仓库的活" is near "会开叉车 想找个
        # 仓库的活").
        settled = by_name or guessed or worker  # a trade named, the nearest posts' own guess, a worker's
        if kept and not settled and (other := self.nearest_posts.overrule(text, kept)):
            return (other,)
        return tuple(dict.fromkeys(kept))

    def _with_added_work(self, text: str, occupations: tuple[str, ...]) -> tuple[str, ...]:
        """ "急招电工两名，再要三个能搬能扛的小伙子，工地上干杂活": the work of an added want ("再要三个…") is
        often only described; its clause, read on its own, names the trade the whole post's reading lacks."""
        if not occupations:
            return occupations
        extra: list[str] = []
        for _, clause in _added_wants(text):
            extra += [code for code in self._occupations(clause) if code not in occupations]
        return tuple(dict.fromkeys((*occupations, *extra)))

    def _is_setting(self, token: str, after: str, worker: bool) -> bool:
        """Whether a trade's word names where the work is: a business ("足疗店"), or the place a worker
        wants to work ("想找个仓库的活")."""
        if _A_BUSINESS_AFTER.match(after):
            return True
        return worker and self._workplace_job(token, after)

    def _workplace_job(self, token: str, after: str) -> bool:
        """ "仓库的活", "环卫的工作": the place a worker wants to work."""
        return token in self.workplace_words and bool(_A_WORKPLACE_JOB_AFTER.match(after))

    def _not_wanted(self, text: str, tokens: list[str], afters: list[str]) -> set[int]:
        """The tokens that name no one wanted: a workplace glued before a trade or task ("仓库卸货",
        "食堂帮厨"), the one a post is relayed for ("替收粮点老板发"), who relays it or answers its phone
        ("村会计帮发", "联系村会计"), a task word that is a truck's load ("拉一车苗木")."""
        relayed_for = [m.span(1) for m in _RELAYED_FOR.finditer(text)]
        load = _A_LOAD_BEFORE.search
        out = set()
        for i, (t, after) in enumerate(zip(tokens, afters, strict=True)):
            at = len(text) - len(after) - len(t)
            glued = (
                i + 1 < len(tokens) and after.startswith(tokens[i + 1]) and self._names_work(tokens[i + 1])
            )
            if (
                (t in self.workplace_words and glued)
                or any(start <= at < end for start, end in relayed_for)
                or _RELAYER_AFTER.match(after)
                or _CONTACT_BEFORE.search(text[:at])
                or (t in self.weak_words and _CARGO_BEFORE.search(text[:at]))
                or (t in _LOAD_MEASURES and load(text[:at]))
            ):
                out.add(i)
        return out

    @staticmethod
    def _offered_skill(text: str, token: str, after: str) -> bool:
        """A task a worker says they can do: "会装卸", "或者看店", "纹眉也会"."""
        return bool(_SKILL_BEFORE.search(_text_before(text, token, after)) or _SKILL_AFTER.match(after))

    def _is_repaired_machine(self, token: str, text: str, after: str) -> bool:
        """A machine's name, read as its driver ("挖掘机"; in a repair shop's post the context may make it
        the mechanic), straight after 修 and other machines ("修收割机拖拉机"): what is repaired."""
        if not _MACHINE.search(token):
            return False
        read_as = self.occupation_words.get(token) or self.weak_words.get(token) or ""
        code = self._in_context(token, text, read_as)
        before = _text_before(text, token, after)
        return code.endswith(("_driver", "_operator")) and bool(_REPAIRED_BEFORE.search(before))

    def _listed(self, text: str) -> set[str]:
        """ "水电 木工 瓷砖 油漆都要人": trade names and tasks listed as the trades wanted, so the tasks count
        beside the names. The list says so (都要, 都缺, 都招), has at least three items, each a whole segment
        (between spaces, 、 or commas), and one of them at least is a trade name. A task beside a trade is
        otherwise what that trade does ("住家保姆 做饭打扫", "托管班 招老师 接孩子 辅导作业")."""
        if not _ALL_WANTED.search(text):
            return set()
        items = [_LIST_TAIL.sub("", seg) for seg in _LIST_SEPARATORS.split(text) if seg]
        named = [i for i in items if i in self.occupation_words]
        tasks = [i for i in items if i in self.weak_words]
        if not named or len(named) + len(tasks) < 3:
            return set()
        return set(tasks)

    def _certificate_of(self, token: str) -> str | None:
        """The certificate a token names: a certificate word, or a licence class glued to a trade (A2司机)."""
        if token in self.cert_words:
            return self.cert_words[token]
        return self.cert_words.get(token[:2]) if _LICENCE_CLASS.match(token) else None

    def _in_context(self, word: str, text: str, code: str) -> str:
        """ "医院找个护工": a word that names another trade where the text says so."""
        for contexts, other in self.in_context.get(word, ()):
            if any(c in text for c in contexts):
                return other
        return code

    def _headcount(self, text: str, occupations: tuple[str, ...]) -> int | None:
        """People wanted; "电工两名，再要三个能搬能扛的" 5: the count of each added want joins the post's
        own, and "另要几个" leaves the number open."""
        added = _added_wants(text)
        if added:
            head = text[: added[0][0].start()]
            first = self._counted(head, occupations)
            more = [_added_count(m) for m, _ in added]
            if first is not None:
                return None if None in more else first + sum(n for n in more if n is not None)
            if set(self._occupations(head)) & set(occupations):
                return None  # "厂里招焊工，另招4个打包装箱的": welders wanted, how many not said
        return self._counted(text, occupations)

    def _counted(self, text: str, occupations: tuple[str, ...]) -> int | None:
        """People wanted: "3到5人" at least 3; "瓦工2名 小工4名" 6 (one count per trade, summed); "俩瓦工"
        2; "找个保姆" or a household with no number 1. Figures inside the pay ("一天300到350 人数4人") are
        no count."""
        pay = _pay_span(text)
        for m in _HEADCOUNT_RANGE.finditer(text):
            value = cn_number(m.group(1))
            if value and _outside(pay, m):
                return int(value)
        each = _EACH.search(text)
        if each and _outside(pay, each) and (n := cn_number(each.group(2))):
            return int(n) * (2 if each.group(1) else max(2, len(occupations)))
        field = _HEADCOUNT_FIELD.search(text)
        if field and (n := cn_number(field.group(1))):
            return int(n)
        counts = [
            (int(v), self._per_trade(text[: m.start()]) or self._wanted_for_its_work(text[: m.start()]))
            for m in _HEADCOUNT.finditer(text)
            if _outside(pay, m)
            and self._counts_people(text, m)
            and not _PER_PERSON_RATE.match(text, m.end())
            and (v := _people(m.group(1)))
        ]
        per_trade = [n for n, glued in counts if glued]
        if len(per_trade) > 1:
            return sum(per_trade)
        if counts:
            return counts[0][0]
        listed = self._bare_counts(text)
        if listed:
            return sum(listed)
        if _AS_MANY_AS_COME.search(text):
            return None
        if _COUPLE_WANTED.search(text):
            return 2  # "找夫妻俩": a couple is two people ("夫妻俩优先" is only a preference)
        pairs = [2 if m.group(1) == "俩" else 3 for m in _PAIR_OR_THREE.finditer(text)]
        glued = [m for m in _PAIR_OR_THREE.finditer(text) if self._per_trade(text[: m.start()])]
        if len(glued) > 1 and len(glued) == len(pairs):
            return sum(pairs)  # "瓦工俩 小工俩": two of each trade
        if pairs:
            return pairs[0]
        # "招育儿嫂": an agency may want several; "家里十亩玉米 找几个人": a household may say it wants more
        household = _HOUSEHOLD.search(text) and "招" not in text and not _SEVERAL.search(text)
        one = _ONE_PERSON.search(text)
        crew = occupations and set(occupations) <= self.crew_trades and not _REQUESTED_FOR.search(text)
        if one and one.group(0).startswith("找人") and crew:
            one = None  # "找人刨花生", "农场找人摘枣": a crew, however many come (but a household's one)
        if one or household or self._hires_a_named_trade(text):
            return 1
        if _ONE_TRADESMAN.search(text) and _AT_HOME.search(text):
            return 1
        return None

    def _per_trade(self, before: str) -> bool:
        """Whether a count belongs to the trade before it: glued to a word ("电工2名"), or after a space to a
        trade's name ("电焊工 8名、钳工 4名" on a formal notice; "招聘 3名" is the post's total)."""
        before = _BRACKETED_TAIL.sub("", before)  # "木工（支模板）6个": a note between trade and count
        if _PER_TRADE_BEFORE.search(before):
            return True
        spaced = before.rstrip(" \t\u3000")
        if spaced == before or not spaced:
            return False
        last = self._tokens(spaced[-12:])[-1]
        return last in self.occupation_words or last in self.weak_words or last in self.context_words

    def _wanted_for_its_work(self, before: str) -> bool:
        """Whether a count is asked for the work its clause names: "后厨洗碗刷盘子的要四名", "宴会服务员要
        十名" (one count per clause, summed like "瓦工2名 小工4名")."""
        m = _WANTS_BEFORE.search(before)
        if not m:
            return False
        clause = _CLAUSE_START.split(before[: m.start()])[-1]
        if clause.endswith("的"):
            return True
        tokens = self._tokens(clause[-12:]) if clause else []
        return bool(tokens) and tokens[-1] in self.occupation_words

    def _bare_counts(self, text: str) -> list[int]:
        """ "超市招人 收银2 理货3": bare figures straight after the trades of a list, one per trade."""
        pay = _pay_span(text)
        tokens = self._tokens(text)
        counts = []
        at = 0
        for t in tokens:
            at = text.find(t, at) + len(t)
            if t in self.occupation_words or t in self.weak_words or t in self.context_words:
                m = _BARE_COUNT.match(text, at)
                if m and _outside(pay, m) and int(m.group(1)) > 0:
                    counts.append(int(m.group(1)))
        return counts

    def _counts_people(self, text: str, m: re.Match[str]) -> bool:
        """Whether a count is of people wanted: not guests ("家庭聚会十个人"), not the person a post is
        relayed for ("代发：一位大叔"), and a count ending in 个 only when people or a trade follow it (or
        nothing does)."""
        if _GUESTS_BEFORE.search(text[: m.start()]):
            return False  # "家庭聚会十个人 找个厨师": the guests, not the people wanted
        if any(a <= m.start() < b for a, b in (r.span(1) for r in _RELAYED_FOR.finditer(text))):
            return False  # "帮一位老乡代发：...找俩人": the one it is relayed for
        if m.group(0).endswith("位"):
            return not _REQUESTER_AFTER.match(text, m.end()) or bool(_HIRING_BEFORE.search(text[: m.start()]))
        if not m.group(0).endswith("个"):
            return True
        if m.group(1) == "一" and text[: m.start()].endswith(_NO_COUNT_BEFORE_ONE):
            return False  # "接下一个", "这一个": which one, not how many
        if _WORK_VERB_BEFORE.search(text[: m.start()]) or _A_ROOM_BEFORE.search(text[: m.start()]):
            return False
        after = text[m.end() : m.end() + 8]
        if not re.match(r"[\u4e00-\u9fff]", after):
            return True
        first = self._tokens(after)[0]
        doers = re.match(r"[\u4e00-\u9fff]{1,4}的", after)  # "两个卸菜的", "三个干活的"
        if after.startswith(_NOT_PEOPLE_AFTER_GE):
            return False
        return after.startswith(_PEOPLE_AFTER_GE) or first in self.occupation_words or bool(doers)

    def _hires_a_named_trade(self, text: str) -> bool:
        """ "找月嫂", "找保姆": 找 straight before a household trade's name asks for one ("找防水工" may want
        a crew)."""
        tokens = self._tokens(text)
        pairs = itertools.pairwise([t for t in tokens if t not in ("个", "一个", "位", "一位")])
        single = self.household_trades | _TAUGHT_AT_HOME
        return any(t in _ASKS_FOR_ONE and self.occupation_words.get(nxt) in single for t, nxt in pairs)

    def _places(self, text: str) -> tuple[str, ...]:
        tokens = self._tokens(text)
        found = [
            self.place_words[t]
            for i, t in enumerate(tokens)
            if t in self.place_words and not self._in_landmark(tokens, i)
        ]
        specific = [c for c in found if len(c) > 6 or not c.endswith("00")]
        found = specific or found
        # "路南小山": the district of a sub-district also named says nothing more (the most specific place)
        within = {self.division_parent.get(c) for c in found}
        return tuple(dict.fromkeys(c for c in found if c not in within))

    def _in_landmark(self, tokens: list[str], i: int) -> bool:
        """A place word inside a landmark's name (小山公园, 万达广场) is not where the work is."""
        if tokens[i] not in self.landmark_prone:
            return False
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if any(after.startswith(suffix) for suffix in self.landmark_suffixes):
            return True
        before = tokens[i - 1] if i > 0 else ""
        return tokens[i] in self.landmark_suffixes and bool(re.fullmatch(r"[\u4e00-\u9fff]{2,}", before))

    def _certificates(self, text: str, occupations: tuple[str, ...]) -> tuple[str, ...]:
        tokens = self._tokens(text)
        # "有B2以上驾照", "需A1驾照": the class says which licence; the bare word is not also a car's.
        classed = any(_LICENCE_CLASS.match(t) for t in tokens)
        found = [
            code
            for t in tokens
            if (code := self._certificate_of(t)) and not (classed and t in _BARE_LICENCE_WORDS)
        ]
        if _asks_for_certificate(text):
            found += [c for c in (self.occupation_cert.get(o) for o in occupations) if c]
        return tuple(dict.fromkeys(found))


_ROLE_SUFFIXES = ("工人", "师傅", "阿姨", "司机", "老师", "教师", "教练", "工", "员", "手", "师")


def _task_stems(occupations: list[dict[str, Any]], generic: set[str]) -> dict[str, str]:
    """A trade's name or synonym without its role word (砸墙工 -> 砸墙, 炒菜师傅 -> 炒菜, 面包车司机 ->
    面包车), so "砸墙的" or "找炒菜的" names the trade. Stems of two trades, of one character and generic
    verbs (装修, 维修, 安装...) are left out."""
    claims: dict[str, set[str]] = {}
    for o in occupations:
        for word in [o["name"], *(o.get("synonyms") or [])]:
            for suffix in _ROLE_SUFFIXES:
                stem = word[: -len(suffix)]
                if word.endswith(suffix) and len(stem) >= 2 and stem not in generic:
                    claims.setdefault(stem, set()).add(o["code"])
                    break
    return {stem: next(iter(codes)) for stem, codes in claims.items() if len(codes) == 1}


# Typing slips of a phone's pinyin input that hide the pay ("月新7000" for 月薪), only before a figure.
_TYPO_FIXES = {"月新": "月薪", "日新": "日薪", "时新": "时薪", "月心": "月薪"}
_TYPOS = re.compile(rf"(?:{'|'.join(_TYPO_FIXES)})(?=\s*[\d{CN_NUMERAL_CHARS}])")
# Variants and slips people type: "装缷工", "住家保母", "招服务元", "洗腕工", "司榜员", "水笼头", "收营员",
# "价格面意", "收失屋子", "种点工", "掉顶", "盘坑", "扳金师傅", "分检员", "贴磁砖".
_VARIANTS = {
    "缷": "卸", "保母": "保姆", "服务元": "服务员", "洗腕": "洗碗", "司榜": "司磅", "水笼头": "水龙头",
    "收营员": "收银员", "面意": "面议", "收失": "收拾", "种点工": "钟点工", "掉顶": "吊顶", "盘坑": "盘炕",
    "日节": "日结", "板金": "钣金", "扳金": "钣金", "分检": "分拣", "磁砖": "瓷砖",
}  # fmt: skip
# "会开产车": 铲车 typed by its sound (not the 产车 of "生产车间")
_SHOVEL_BY_SOUND = re.compile(r"(?<!生)产车(?!间)")


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, traditional characters to simplified (服務員 -> 服务员);
    never fails on odd input."""
    if not isinstance(text, str):
        return ""
    text = _simplified(text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}).strip())
    text = _TYPOS.sub(lambda m: _TYPO_FIXES[m.group(0)], text)
    for variant, usual in _VARIANTS.items():
        text = text.replace(variant, usual)
    return _SHOVEL_BY_SOUND.sub("铲车", text)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def _as_pay(found: FoundPay | None) -> Pay | None:
    if found is None:
        return None
    return Pay(min=found.min, max=found.max, unit=found.unit, negotiable=found.negotiable)


def _pay_span(text: str) -> tuple[int, int]:
    found = find_pay(text)
    return found.span if found is not None else (0, 0)


# The verbs of hiring, shared by the rules on who and how many are wanted.
_HIRE = "找|招|要|请|雇"
# "找个保姆", "要个电工", "找人通马桶": a verb of hiring and a bare 个 (or 人) ask for one person.
_ONE_PERSON = re.compile(
    rf"(?:{_HIRE}|缺)\s*(?:个|一个|一位|位)(?![月天多]|\d+(?![\d岁])|小时(?!工))|找(?:个|一个)?人(?![数员])"
)
# In a home's post: "找调音师傅", "找修冷柜的师傅", "哪位师傅", "马上来个水暖师傅", "物业找抄表的" (a crew's
# "找摘桃的" says no number).
_ONE_TRADESMAN = re.compile(
    r"(?:找|请)[^\s，,。；;！!\d一二两三四五六七八九十几俩仨各们]{0,8}?师傅(?!们)|哪位师傅|来个|来一个|来一位"
    r"|找[^\s，,。；;！!\d一二两三四五六七八九十几俩仨各们]{1,6}的(?=$|[\s，,。；;！!])"
)
# A household's words for asking (not 招, which an agency uses for many) as the tokeniser cuts them
_ASKS_FOR_ONE = ("找", "寻找", "急找", "急需")
_TAUGHT_AT_HOME = {"tutor"}  # "给孩子找家教": one teacher, as a household trade is one person
_AT_HOME = re.compile(r"上门|家里|我家|俺家|家中|自家|物业|楼上|楼下|卫生间|厨房")
# The person or household a post asks for ("一位老大爷种了三亩玉米 想找人帮着打药"): one helper.
_REQUESTED_FOR = re.compile(r"一位|一户|老两口|家里|我家|俺家|自家|老人")
# A household asking, with no number, wants one person ("家里换个水龙头", "找月嫂 预产期3月底").
_HOUSEHOLD = re.compile(r"家里|我家|家中|自家|宝宝|预产期|产妇|坐月子")
_SEVERAL = re.compile(r"几\s*(?:个|名|位)|若干|多名|一些人")
_GE_OF_PEOPLE = "个(?!月|小时|钟|星期|礼拜|天|多|把|证|本)"  # "三个", not "三个月" or "个把月"
_A_PERSON = f"{_GE_OF_PEOPLE}|名|位|人"
# "要电工两名，再要三个能搬能扛的", "还要一个坐高椅子上盯着水面的": more people for other work, asked
# for with a count of their own straight after "再要 / 另要 / 还要 / 再找 / 再来 …" ("还要会开车" asks more
# of the same).
_ADDED_WANT = re.compile(
    rf"(?:(?:另外再|另外|再|另|还得?|也得?)(?:要|找|招|需要|需|来|请|缺|雇)|外加)\s*"
    rf"(?:(俩|仨)|{NUM}\s*(?:{_A_PERSON})|({_GE_OF_PEOPLE}|位)|(几个|几名|几位|若干|一些))"
)
# "还缺俩人，": the post's own count, no other work added
_ONLY_PEOPLE_AFTER = re.compile(r"人(?:$|[，,。；;！!？?\s])")
# An added clause runs to the end of its sentence or to the next added want.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# "防水、抹灰各两名", "男女各两名": that many of each; "人数：1" on a register line.
_EACH = re.compile(rf"(男女)?各\s*(?:要|招|需要|需|找|请)?\s*{NUM}\s*(?:名|个|人|位|(?=$|[\s，,。；;]))")
# "一人一个月四千", "每人一天300": a rate per person, no count
_PER_PERSON_RATE = re.compile(r"(?:(?<=[一1]人)|(?<=一个人))\s*(?:一天|一个月|一月|每天|每月|一小时)")
_HEADCOUNT_FIELD = re.compile(rf"人数\s*[:：]?\s*{NUM}")
_BRACKETED_TAIL = re.compile(r"\s*[（(][^（()）]{1,12}[)）]\s*$")
# "人越多越好", "来多少要多少": as many as come, no count (not the one person of "找人")
_AS_MANY_AS_COME = re.compile(r"越多越好|多多益善|来多少要多少|来多少人要多少|人数不限|不限人数")
# "…的要四名", "服务员也要两个": a count asked for straight after the work of its clause
_WANTS_BEFORE = re.compile(r"(?:也|还)?(?:要|缺|招|需要|需)\s*$")
_CLAUSE_START = re.compile(r"[，,。；;！!？?\s、]")
# A count glued to the word before it ("电工2名", "美工一名") belongs to that trade; after 要/招/共 it is the
# post's total ("要两个阿姨").
_PER_TRADE_BEFORE = re.compile(r"[\u4e00-\u9fff](?<![要招需共找请缺约各有只])$")

_COUPLE_WANTED = re.compile(
    r"(?:找|招|要|雇|需要)[^\s，,。；;！!\d]{0,6}?(?:一对)?\s*(?:夫妻|两口子)(?!(?:俩|两个|二人|两人|工)?(?:优先|都行|也行|均可|皆可))"
)
# "俩瓦工", "仨小工": two or three people named straight before the trade; "夫妻俩" is a couple, no count.
_PAIR_OR_THREE = re.compile(
    r"(?<![\d一二三四五六七八九十])(?<!夫妻)(?<!兄弟)(?<!姐妹)(?<!父子)(?<!母女)(?<!娘)(?<!爷)(?<!们)(?<!咱)(?<!俺)(?<!你)(?<!他)"
    r"(俩|仨)(?![月天年个时钟点]|小时|孩子|娃|老人|小孩|宝宝|闺女|儿子)"
)
# After "N个", words that say the N are people ("十个学生", "5个小工"); "三个房间" counts rooms.
_PEOPLE_AFTER_GE = (
    "人", "工", "师傅", "学生", "小伙", "男", "女", "大姐", "大哥", "阿姨", "大叔", "姐", "壮", "力", "帮",
    "熟练", "年轻", "有", "会", "能", "懂", "大学生", "临时", "长期", "左右", "以上", "即可", "就行", "就够",
    "老", "小", "安装", "大工", "熟手", "技工", "妇女",
)  # fmt: skip
# "一个老板说", "一个小区": the words above, but not the people wanted
_NOT_PEOPLE_AFTER_GE = (
    "老板", "老伴", "老人", "老太", "老头", "老爷", "老母", "老父", "小区", "小时", "小孩", "小店",
)  # fmt: skip
# "驿站代发：一位大叔，大棚要换草帘子，找两个人": the person a post is relayed for, not the people wanted
# (unless hired: "找一位阿姨")
_REQUESTER_AFTER = re.compile(
    r"\s*(?:大叔|大爷|大娘|大妈|大姐|大哥|老人|老太太|老大爷|老大娘|老奶奶|老爷爷|阿姨|老矿工|居民|商户|女士|先生"
    r"|病人家属|家属|[\u4e00-\u9fff]{0,2}园主|业主|户主|店主|房主|车主|老板|老师傅|老?(?:果农|菜农|农户)|老农|包工头|工头|老哥|老爷子|老姐"
    r"|养[\u4e00-\u9fff]{1,2}户|大棚户)"
)
_HIRING_BEFORE = re.compile(rf"(?:{_HIRE}|需要|需)\s*$")
# "空调眼要打两个", "刻两枚": what is worked on, counted after the verb
_WORK_VERB_BEFORE = re.compile(r"(?:打|(?<!安)装|换|(?<!维)修|刻|补|拆|挖|买|搬)\s*$")  # not "管道安装 6个"
_GUESTS_BEFORE = re.compile(r"(?:聚会|家宴|宴请|请客|客人|来客|寿宴|摆酒)\s*$")
# "客厅一个卧室两个": fittings counted by the room they go in
_A_ROOM_BEFORE = re.compile(r"(?:客厅|卧室|厨房|卫生间|阳台|书房|餐厅|房间|屋里)\s*$")
_NO_COUNT_BEFORE_ONE = ("下", "上", "这", "那", "哪", "每", "另", "发")  # which one; "代发一个"


_CN_DIGITS_IN_ORDER = "一二三四五六七八九"


def _people(figure: str) -> float | None:
    """A count of people: "五六个人" is five or six, so at least five (cn2an would read 56)."""
    figure = figure.replace("两", "二")  # "两三个人" is two or three
    tens = re.fullmatch(r"([二三四五六七八九]?十)([一二三四五六七八])([二三四五六七八九])", figure)
    if tens and _CN_DIGITS_IN_ORDER.index(tens[3]) == _CN_DIGITS_IN_ORDER.index(tens[2]) + 1:
        return (cn_number(tens[1]) or 0) + _CN_DIGITS_IN_ORDER.index(tens[2]) + 1  # "十五六个" is 15 or 16
    pair = re.fullmatch(r"[一二三四五六七八]([二三四五六七八九])", figure)
    if pair and _CN_DIGITS_IN_ORDER.index(figure[1]) == _CN_DIGITS_IN_ORDER.index(figure[0]) + 1:
        return float(_CN_DIGITS_IN_ORDER.index(figure[0]) + 1)
    return cn_number(figure)


# A task word with a count straight after it names a role of the post ("炒锅一名 面案一名").
# "收银2 理货3": a bare figure straight after a trade in a list counts its people too.
_COUNT_AFTER = re.compile(rf"{NUM}\s*(?:名|个(?![月小时钟星期礼拜天])|人|位)|\d{{1,2}}(?=$|[\s，,、;；])")
_BARE_COUNT = re.compile(r"(\d{1,2})(?=$|[\s，,、;；])")


# "开拖拉机的1名", "拆旧的2个", "吹唢呐的，": a task with 的 after it is the person who does it.
_DOER = re.compile(rf"的(?:师傅|人|工人|{NUM}|[，,、；;。\s]|和|也|$)")  # "会敲锣打鼓的也要"
_DOER_IN_CLAUSE = re.compile(rf"的(?:师傅|人|工人|{NUM})")
_CLAUSE_END = re.compile(r"[，,。；;！!\s]")


def _added_wants(text: str) -> list[tuple[re.Match[str], str]]:
    """Each want added with a count of its own ("再要三个…", "另要几个…", "修树的也要两个"), with its
    clause: to the end of its sentence or the next added want."""
    found = [
        m
        for m in _ADDED_WANT.finditer(text)
        if not _ONLY_PEOPLE_AFTER.match(text, m.end() - m.group(0).endswith("人"))
    ]
    wants = []
    for i, m in enumerate(found):
        stop = _SENTENCE_END.search(text, m.end())
        following = found[i + 1].start() if i + 1 < len(found) else len(text)
        end = min(stop.start() if stop else len(text), following)
        wants.append((m, text[m.start() : end]))
    return wants


def _added_count(m: re.Match[str]) -> int | None:
    """People an added want asks for: "再要俩" 2, "再要三个" 3, "再要个" 1; None for "另要几个"."""
    pair, figure, one, _several = m.groups()
    if pair:
        return 2 if pair == "俩" else 3
    if one:
        return 1
    people = _people(figure) if figure else None
    return int(people) if people else None


def _names_a_doer(after: str) -> bool:
    """Whether a task word names a role here: a count after it ("炒锅一名"), 的 after it ("拆旧的2个"), or
    it begins a list whose last task ends in 的师傅 ("找水电、贴砖、刷墙的师傅")."""
    if _COUNT_AFTER.match(after) or _DOER.match(after):
        return True
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    return after.startswith(("、", "和")) and bool(_DOER_IN_CLAUSE.search(clause))


def _stands_alone(text: str, token: str) -> bool:
    """Whether a word is an item of its own in a list ("我是保洁 开荒 擦玻璃"), not part of a phrase."""
    item = rf"(?:^|[\s、，,；;]|我是|我是做|我是干|或者)({re.escape(token)})(?=$|[\s、，,；;])"
    return bool(re.search(item, text))


def _texts_after(text: str, tokens: list[str]) -> list[str]:
    """The text following each token, found in order in the text (spaces are no tokens)."""
    out, at = [], 0
    for token in tokens:
        found = text.find(token, at)
        at = found + len(token) if found >= 0 else at
        out.append(text[at:])
    return out


def _text_before(text: str, token: str, after: str) -> str:
    """The text before a token, given the text after it (as ``_texts_after`` gives)."""
    return text[: len(text) - len(after) - len(token)]


def _outside(span: tuple[int, int], m: re.Match[str]) -> bool:
    return m.end() <= span[0] or m.start() >= span[1]


def _duration_match(text: str) -> tuple[float, str] | None:
    """(amount, unit) of '干6个月' -> (6, '月'); figures inside the pay phrase ('一天350') or a calendar
    date ('12月3日') are not durations, except a length said with 干 ('干一天 一百五', '只干周六一天')."""
    worked = _WORKED_DAYS.search(text)
    if worked and (days := cn_number(worked.group(1))):
        return days, "天"
    and_a_half = _MONTHS_AND_A_HALF.search(text)
    if and_a_half and (months := cn_number(and_a_half.group(1))):
        return months + 0.5, "月"  # "干一个半月"
    taken = [_pay_span(text), *_date_spans(text)]
    for m in _DURATION.finditer(text):
        if any(m.start() < end and m.end() > start for start, end in taken):
            continue
        value = 0.5 if m.group(2) else cn_number(m.group(1))
        unit = m.group(4)
        if m.group(2) and unit in ("天", "日"):
            continue  # "半天" is part of a day, no length in days
        if m.group(2) and unit == "年":
            value, unit = 6, "月"  # "合同半年": six months, 180 days
        if _NOT_LENGTH_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        if _NOT_LENGTH_AFTER.match(text, m.end()) and unit in ("年", "月"):
            continue
        if unit == "日" and text[: m.start()].rstrip().endswith("月"):
            continue  # "每月10日发放": a day of the month
        if unit == "月" and not m.group(3) and _CALENDAR_MONTH_AFTER.match(text, m.end()):
            continue  # "3月底": a month of the calendar
        if unit == "月" and not m.group(3) and _MONTH_RANGE_BEFORE.search(text[: m.start()]):
            continue  # "5月到10月": the second month of a calendar range
        if unit in ("周", "星期", "礼拜") and re.match(r"[一二三四五六日天末]", text[m.end() :]):
            continue  # "一场100 周六": a weekday after a figure, no weeks
        if value == 1 and re.match(rf"[\d{CN_NUMERAL_CHARS}]", text[m.end() :]):
            continue  # "一天两顿", "一周两次": a rate per day or week
        if value == 1 and _HOW_OFTEN.match(text, m.end()):
            continue  # "一个月来两次": how often someone comes
        per_day_hours = re.match(
            r"\s*(?:干|工作|上班|做)?\s*\S{0,2}?(?:小时|钟头)", text[m.end() : m.end() + 6]
        )
        if per_day_hours and unit in ("天", "日") and value == 1:
            continue  # "一天干8小时" says how long a day is, not how long the job is
        if value and value < 1000 and text[max(0, m.start() - 1) : m.start()] not in ("每", "/"):
            return value, unit
    return None


def _duration(text: str) -> int | None:
    """'干6个月' -> 180, '26天' -> 26 (a month counts 30 days here; end dates use the calendar)."""
    found = _duration_match(text)
    return int(found[0] * _DAYS_PER[found[1]]) if found else None


# --- Start and end dates -----------------------------------------------------------------------------

_RELATIVE_DAYS = {"大后天": 3, "后天": 2, "明天": 1, "明日": 1, "明早": 1, "今天": 0, "今日": 0}
_RELATIVE = "|".join(_RELATIVE_DAYS)  # longest first where one contains another: 大后天 before 后天
_STARTS = r"(?:开始|开工|上岗|到岗|上班|报到|进场|起)"
_RELATIVE_START = re.compile(rf"({_RELATIVE})[^，,。；;]{{0,3}}?{_STARTS}")
_CN_DAY = r"\d{1,2}|[一二三四五六七八九十]+"
_CALENDAR_DATE = re.compile(rf"({_CN_DAY})\s*月\s*({_CN_DAY})\s*[日号]")
_DAY_RANGE_TAIL = re.compile(rf"\s*(?:到|至|-|~|—|–)\s*({_CN_DAY})\s*[日号]")  # "12月1日到15日"
_UNTIL = re.compile(r"(?:到|至|止|截止|截至)\s*$")


@dataclass(frozen=True)
class _Dates:
    start: dt.date | None = None
    end: dt.date | None = None


def _dates(text: str, today: dt.date) -> _Dates:
    """Start: the first "M月D日" not preceded by 到/至 (its next occurrence from today), else 今天/明天/
    后天/大后天 (the one before 开始/上岗..., else the latest day named). End: a later date ("到12月31日",
    "12月1日到15日"), else the duration counted from the start (from today when no start is named)."""
    start, end = _calendar_dates(text, today)
    if start is None:
        start = _relative_start(text, today)
    if end is None:
        duration = _duration_match(text)
        if duration:
            end = _end_after(start or today, *duration)
    if start is not None and end is not None and end < start:
        end = None
    return _Dates(start, end)


def _relative_start(text: str, today: dt.date) -> dt.date | None:
    m = _RELATIVE_START.search(text)
    named = [m.group(1)] if m else [word for word in _RELATIVE_DAYS if word in text]
    return today + dt.timedelta(days=_RELATIVE_DAYS[named[0]]) if named else None


def _calendar_dates(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    start = end = None
    for m in _CALENDAR_DATE.finditer(text):
        day = _next_occurrence(start or today, cn_number(m.group(1)), cn_number(m.group(2)))
        if day is None:
            continue
        if start is None and not _UNTIL.search(text[max(0, m.start() - 2) : m.start()]):
            start = day
            tail = _DAY_RANGE_TAIL.match(text, m.end())
            if tail:
                end = _next_occurrence(start, start.month, cn_number(tail.group(1)))
        elif end is None:
            end = day
    return start, end


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names calendar days, so that "3日" in "12月3日" is no three-day duration."""
    spans = []
    for m in _CALENDAR_DATE.finditer(text):
        tail = _DAY_RANGE_TAIL.match(text, m.end())
        spans.append((m.start(), tail.end() if tail else m.end()))
    return spans


def _next_occurrence(after: dt.date, month: float | None, day: float | None) -> dt.date | None:
    """The first date on or after ``after`` with that month and day; None for "2月30日"."""
    if not month or not day or month != int(month) or day != int(day):
        return None
    for year in (after.year, after.year + 1):
        try:
            candidate = dt.date(year, int(month), int(day))
        except ValueError:
            continue
        if candidate >= after:
            return candidate
    return None


def _end_after(start: dt.date, amount: float, unit: str) -> dt.date:
    """The last working day of ``amount`` ``unit`` from ``start``: months and years by the calendar, the
    day before the same date ("干6个月" from 3 Jan ends 2 Jul; from 31 Aug, with no 31 Feb, on the last
    day of February); days and weeks counted (a half month is 15 days)."""
    months = {"月": 1, "年": 12}.get(unit)
    if months and amount * months == int(amount * months):
        index = start.month - 1 + int(amount * months)
        year, month = start.year + index // 12, index % 12 + 1
        last = calendar.monthrange(year, month)[1]
        if start.day > last:
            return dt.date(year, month, last)
        return dt.date(year, month, start.day) - dt.timedelta(days=1)
    days = max(1, round(amount * _DAYS_PER[unit]))
    return start + dt.timedelta(days=days - 1)


# --- Daily times and hours ---------------------------------------------------------------------------

_CN_DIGITS = "零〇一二两三四五六七八九十"
_MORNING = ("早上", "早晨", "早", "上午", "凌晨", "次日", "第二天")
_EVENING = ("下午", "傍晚", "晚上", "晚", "夜里", "夜间", "夜")
_PERIOD = "|".join(sorted((*_MORNING, *_EVENING, "中午"), key=len, reverse=True))
_RANGE_SEP = r"\s*(?:到|至|-|~|—|–)\s*"


def _point(n: int, *, period: str = "?") -> str:
    """One clock time, groups suffixed ``n``: an optional (``period="?"``) or required (``""``) 上午/下午
    word ``p``, the hour ``h``, then ":30" (``c``) or 点/时 (``d``) with 半 (``half``) or minutes (``m``:
    two digits, or Chinese numerals before 分)."""
    return (
        rf"(?:(?P<p{n}>{_PERIOD})\s*){period}(?<![\d.:])(?P<h{n}>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})"
        rf"(?:\s*:\s*(?P<c{n}>\d{{2}})"
        rf"|\s*(?P<d{n}>[点时])(?:\s*(?P<half{n}>半)|\s*(?P<m{n}>\d{{2}}|[{_CN_DIGITS}]+(?=\s*分))\s*分?)?)?"
        r"(?![\d.])"
    )


_TIME_RANGES = (
    re.compile(_point(1) + _RANGE_SEP + _point(2)),  # "8点到5点", "上午8点-下午5点", "8:00-17:00"
    re.compile(_point(1, period="") + r"\s*[,，、]?\s*" + _point(2, period="")),  # "早8晚6"
    re.compile(  # "早上8点上班，下午5点下班"
        _point(1) + r"\s*(?:上班|开工|到岗)[^。；;]{0,4}?" + _point(2) + r"\s*(?:下班|收工|结束)"
    ),
)
_STATED_HOURS = re.compile(  # "每天8小时", "每天工作时间八个半小时", "8小时工作制"
    rf"(?:每天|每日|一天|日|天|工作|干活|干|上班|工时)[^，,。；;\d休{_CN_DIGITS}]{{0,4}}?{NUM}\s*个?\s*(半)?\s*(?:小时|钟头)"
    rf"|{NUM}\s*个?\s*(半)?\s*(?:小时|钟头)\s*(?:工作制|班)"
)
_BREAK = re.compile(  # "午休1小时", "中午休息半小时", "午休90分钟", a bare "午休"
    rf"(?:午休|午间休息|中午休息|午饭休息|吃饭休息)\s*(?:时间)?\s*"
    rf"(?:{NUM}\s*个?\s*(半)?\s*(小时|钟头|分钟|分)|(半)\s*个?\s*(?:小时|钟头))?"
)


@dataclass(frozen=True)
class _Schedule:
    start: dt.time | None = None
    end: dt.time | None = None
    hours: float | None = None
    break_minutes: int = 0


def _schedule(text: str) -> _Schedule:
    start, end = _time_window(text)
    break_minutes = _break_minutes(text)
    hours = _stated_hours(text)
    if hours is None and start is not None and end is not None:
        window = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
        worked = (window - break_minutes) / 60
        # To the half hour, within what the posting form takes (0.5 to 16 hours).
        hours = round(worked * 2) / 2 if 0.5 <= worked <= 16 else None
    return _Schedule(start, end, hours, break_minutes)


def _time_window(text: str) -> tuple[dt.time | None, dt.time | None]:
    """The first daily time range; a night shift ("晚8点到早6点") ends before it starts."""
    for pattern in _TIME_RANGES:
        for m in pattern.finditer(text):
            start, end = _clock(m, 1), _clock(m, 2)
            if start is None or end is None or not _is_time_range(m):
                continue
            if m.group("p2") is None and end <= start and start < end + 12 <= 24:
                end = (end + 12) % 24  # "8点到5点": a bare end hour before the start is afternoon
            return _as_time(start), _as_time(end)
    return None, None


def _is_time_range(m: re.Match[str]) -> bool:
    """The second side needs a period word, 点/时 or a colon (the first may be a bare hour, "8到5点"):
    "8-10人" and "18-45岁" are no times."""
    return bool(m.group("p2") or m.group("d2") or m.group("c2"))


def _clock(m: re.Match[str], n: int) -> float | None:
    """Hours since midnight (8.5 for 8:30) of one side of a range, or None when it is no time of day."""
    period, hour = m.group(f"p{n}"), cn_number(m.group(f"h{n}"))
    if hour is None or hour != int(hour) or hour > 24:
        return None
    minute: float = 0
    if m.group(f"c{n}") is not None:
        minute = float(m.group(f"c{n}"))
    elif m.group(f"half{n}"):
        minute = 30
    elif m.group(f"m{n}"):
        minute = cn_number(m.group(f"m{n}")) or 0
    if minute >= 60:
        return None
    if period in ("夜", "夜里", "夜间") and hour < 6:
        pass  # "夜里2点" is early morning
    elif period in _EVENING and hour < 12:
        hour += 12
    elif period in _EVENING and hour == 12:
        hour = 0  # "晚上12点" is midnight
    elif period == "中午" and hour < 6:
        hour += 12
    return hour % 24 + minute / 60


def _as_time(hours: float) -> dt.time:
    minutes = round(hours * 60)
    return dt.time(minutes // 60 % 24, minutes % 60)


def _stated_hours(text: str) -> float | None:
    """Hours the text states: "每天8小时", "工作八个半小时", "8小时工作制" (0.5 to 16; "午休1小时" is no
    working time)."""
    for m in _STATED_HOURS.finditer(text):
        figure, half = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = cn_number(figure)
        if value is not None and 0.5 <= value + (0.5 if half else 0) <= 16:
            return value + (0.5 if half else 0)
    return None


def _break_minutes(text: str) -> int:
    """The lunch break the text names: "午休1小时" 60, "午休半小时" 30, "中午休息90分钟" 90, a bare
    "午休" 60 (the usual hour). No break word, no break."""
    m = _BREAK.search(text)
    if not m:
        return 0
    if m.group(4):  # "午休半小时"
        return 30
    if m.group(1) is None:
        return 60
    value = (cn_number(m.group(1)) or 0) + (0.5 if m.group(2) else 0)
    return int(value if m.group(3) in ("分钟", "分") else value * 60)


@lru_cache(maxsize=1)
def default_parser() -> TextParser:
    return TextParser()


SET_FIELDS = ("occupations", "divisions", "certificates")
SCALAR_FIELDS = (
    "headcount",
    "pay",
    "pay_unit",
    "pay_negotiable",
    "duration_days",
    "urgent",
    "mentions_certificate",
)
# The fields issue 14's target names (precision and recall >= 0.95 on unseen phrases).
TARGET_FIELDS = ("occupations", "headcount", "pay", "pay_unit")


def _labelled_pay(expect: dict[str, Any]) -> tuple[Any, Any, bool]:
    """(amount label, unit label, negotiable) from either label format: the older one (``"pay": 300,
    "pay_unit": "day"``, one figure) or ``"pay": {"min", "max", "unit", "negotiable"}``."""
    label = expect.get("pay")
    if isinstance(label, dict):
        amounts = (label.get("min"), label.get("max"))
        return (
            (amounts if amounts != (None, None) else None),
            label.get("unit"),
            bool(label.get("negotiable")),
        )
    return label, expect.get("pay_unit"), False


def _pay_hit(got: Pay | None, want: Any) -> bool:
    if got is None or want is None:
        return False
    if isinstance(want, tuple):
        return _same(got.min, want[0]) and _same(got.max, want[1])
    return _same(got.min, want) or _same(got.max, want)  # one labelled figure: either end of the range


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 0.005)


def field_values(parser: TextParser, parsed: Any, expect: dict[str, Any], field: str) -> tuple[Any, Any]:
    """(parsed, labelled) values of one field, comparable by ``field_tally``. A ``new:<name>`` occupation
    label (a trade the taxonomy lacked when the phrase was written) counts as the code the taxonomy now
    gives that name, if any."""
    if field == "occupations":
        want = [
            parser.occupation_words.get(w[4:], w) if isinstance(w, str) and w.startswith("new:") else w
            for w in expect.get(field) or ()
        ]
        return parsed.occupations, want
    if field in ("pay", "pay_unit", "pay_negotiable"):
        amount, unit, negotiable = _labelled_pay(expect)
        pay = parsed.pay
        if field == "pay":
            has_amount = pay is not None and (pay.min is not None or pay.max is not None)
            return (pay if has_amount else None), amount
        if field == "pay_unit":
            return (pay.unit if pay else None), unit
        return (pay.negotiable if pay else False), negotiable
    return getattr(parsed, field), expect.get(field)


def field_tally(field: str, got: Any, want: Any) -> tuple[int, int, int]:
    """(true positives, predicted, expected) of one field in one case. Set fields count items; a scalar
    field counts a prediction when it is not empty/None/False."""
    if field in SET_FIELDS:
        got_set, want_set = set(got), set(want or ())
        return len(got_set & want_set), len(got_set), len(want_set)
    hit = _pay_hit(got, want) if field == "pay" else bool(got) and got == want
    return int(bool(got) and hit), int(bool(got)), int(bool(want))


def tally_cases(cases: list[dict], parser: TextParser | None = None) -> dict[str, list[int]]:
    """[true positives, predicted, expected] per field over labelled cases ({"kind", "text", "expect"})."""
    parser = parser or default_parser()
    counts = {f: [0, 0, 0] for f in SET_FIELDS + SCALAR_FIELDS}
    for case in cases:
        parsed = parse_case(parser, case)
        for field in SET_FIELDS + SCALAR_FIELDS:
            if field != "pay_negotiable" and not hasattr(parsed, field):
                continue
            got, want = field_values(parser, parsed, case["expect"], field)
            for i, n in enumerate(field_tally(field, got, want)):
                counts[field][i] += n
    return counts


def parse_case(parser: TextParser, case: dict) -> JobParse | WorkerParse:
    return parser.parse_job(case["text"]) if case["kind"] == "job" else parser.parse_worker(case["text"])


def evaluate(cases: list[dict], parser: TextParser | None = None) -> dict[str, dict[str, float]]:
    """Micro precision and recall per field over labelled cases."""
    return {
        f: {"precision": tp / pred if pred else 1.0, "recall": tp / exp if exp else 1.0, "n": exp}
        for f, (tp, pred, exp) in tally_cases(cases, parser).items()
    }


def _mentions_certificate(text: str, certificates: Sequence[str]) -> bool:
    """Whether the text speaks of a certificate: a generic one (持证), one we have a code for, or another."""
    return bool(certificates) or _asks_for_certificate(text) or bool(_CERT_MENTION.search(text))


def _asks_for_certificate(text: str) -> bool:
    """持证, 有证, 叉车要证: the trades named need their certificates ("不要证" asks for none)."""
    return any(w in text for w in _CERT_WORDS) and not _NO_CERT.search(text)
