"""The nearest-labelled-post guess: known answers on small example sets; what the shipped examples hold."""

from __future__ import annotations

import json

import pytest

from lingong.bench import examples as examples_script
from lingong.bench.parse import MEASURE_ONLY, TUNED, load_cases
from lingong.matching.parse import default_parser
from lingong.matching.similar import EXAMPLES_FILE, Example, ExampleIndex, load_examples


def _index(*examples: tuple[str, tuple[str, ...]], known: set[str] | None = None) -> ExampleIndex:
    return ExampleIndex([Example("job", text, codes) for text, codes in examples], known_codes=known)


MOWING = [
    ("院里的草太高了 找人割一下 给一百", ("mower",)),
    ("果园的草该割了 找两个人 一天一百五", ("mower",)),
    ("房后空地草长疯了 找人割草 包活三百", ("mower",)),
    ("家里狗子没人管 找人每天遛两次", ("pet_sitter",)),
    ("出门五天 找人上门喂猫 一天五十", ("pet_sitter",)),
    ("楼道墙面刷一遍 找个人 给八百", ("painter",)),
]


def test_the_trade_the_nearest_posts_agree_on():
    index = _index(*MOWING)
    assert index.guess("院里草半人高了 找人割了 给两百") == "mower"
    assert index.guess("过年回老家 找人上门喂狗 遛狗") == "pet_sitter"


def test_no_guess_when_nothing_is_near_or_the_neighbours_disagree():
    index = _index(*MOWING)
    assert index.guess("") is None
    assert index.guess("XYZ") is None
    numbered = _index(
        ("院里的草 找人割 13812345678 给100", ("mower",)), ("喂猫 50一天 13900001111", ("pet_sitter",))
    )
    assert numbered.guess("13812345678") is None  # a phone number alone is near nothing
    assert numbered.guess("院里草 找人割 13700000000") == "mower"
    split = _index(("找人帮忙弄一下 吧", ("mower",)), ("找人帮忙弄一下 呀", ("painter",)))
    assert split.guess("找人帮忙弄一下") is None  # half and half is no agreement, and neither trade is nearer


def test_when_the_nearest_posts_disagree_the_clearly_nearest_trade_answers(monkeypatch):
    index = _index(
        ("院里的草 找人割", ("mower",)),
        ("草坪 割草机 割一下", ("mower",)),
        ("院里的树 找人修", ("tree_pruner",)),
        ("院里的树枝 找人修一下", ("tree_pruner",)),
    )
    # the trade whose posts together the text is clearly most like
    assert index.most_like_trade("院里 割草") == "mower"
    assert index.most_like_trade("院里的树枝 修一修") == "tree_pruner"
    # two trades about as near: neither
    assert index.most_like_trade("找人 弄一下") is None
    # the guess turns to it only when the nearest posts do not agree
    monkeypatch.setattr(index, "_votes", lambda query: {"mower": 0.5, "tree_pruner": 0.5})
    assert index.guess("院里 割草") == "mower"
    assert index.guess("找人 弄一下") is None
    # nearer the posts that name no work than any trade: no guess
    vague = _index(("明天要人 急", ()), ("急需人手 明天要人", ()), ("院里的草 找人割一下", ("mower",)))
    assert vague.most_like_trade("明天急需要人") is None
    assert vague.most_like_trade("") is None


def test_posts_that_name_no_trade_keep_their_weight_against_a_guess():
    # Four near posts labelled with no trade ("啥活都干") outweigh one that has one.
    index = _index(
        ("啥活都干 身体好 一天二百", ()),
        ("啥活都干 力气大 一天二百", ()),
        ("啥活都干 能吃苦 一天二百", ()),
        ("啥活都干 不挑 一天二百", ()),
        ("啥活都干 工地 一天二百", ("construction_laborer",)),
    )
    assert index.guess("啥活都干 一天二百") is None


def test_a_code_the_taxonomy_no_longer_has_does_not_vote():
    index = _index(*MOWING, known={"pet_sitter", "painter"})
    assert index.guess("院里草半人高了 找人割了 给两百") is None


def test_numbers_are_one_placeholder():
    # a phone number or wage in the query neither helps nor hurts which post is nearest
    index = _index(*MOWING)
    assert index.guess("院里草半人高了 找人割了 13812345678") == "mower"


def test_same_examples_same_answers():
    a, b = _index(*MOWING), _index(*MOWING)
    texts = ["院里草 找人", "喂猫", "刷墙 找个人", "随便", "找人"]
    assert [a.guess(t) for t in texts] == [b.guess(t) for t in texts]


PIANO = [
    ("小区里搬一架钢琴 三楼搬到一楼 要三个人 给四百", ("mover",)),
    ("搬钢琴 从一楼搬到五楼 要四个人", ("mover",)),
    ("钢琴要搬家 找三个有力气的 一共六百", ("mover",)),
    ("孩子学钢琴 找老师上门教 一节课一百", ("music_teacher",)),
    ("搬家 柜子床搬到楼下装车 要三个人", ("mover",)),
]


def test_a_task_word_reading_gives_way_only_to_strong_agreement():
    index = _index(*PIANO)
    text = "要搬一架钢琴 从二楼搬到六楼 要三个人"
    votes = index.votes(text)
    assert votes["mover"] >= 0.8 and votes.get("music_teacher", 0.0) <= 0.3
    assert index.overrule(text, ("music_teacher",)) == "mover"
    assert index.overrule(text, ("mover",)) is None  # the rules' reading is the agreed trade
    # a trade the nearest posts also give weight to is kept
    assert index.overrule("孩子学钢琴 要搬到一楼 找老师", ("music_teacher",)) is None
    assert index.overrule("", ("music_teacher",)) is None


def test_of_several_trades_read_from_task_words_the_agreed_one_stays():
    index = _index(
        ("苗圃起树苗 打包装车 要五个人", ("nursery_worker",)),
        ("苗圃里起树苗 带土球装车", ("nursery_worker",)),
        ("苗圃起苗 打包 装车 一天一百五", ("nursery_worker",)),
        ("仓库打包装车 要三个", ("packer",)),
    )
    text = "苗圃起树苗 打包装车 要四个人"
    assert index.overrule(text, ("nursery_worker", "packer", "stevedore")) == "nursery_worker"
    assert index.overrule(text, ("nursery_worker",)) is None  # one trade read, and it is the agreed one
    # a second trade the nearest posts also give weight to stays read: posts labelled with both trades
    both = _index(*[(f"苗圃起树苗 再打包装箱{n}", ("nursery_worker", "packer")) for n in "一二三"])
    assert both.votes("苗圃起树苗 再打包装箱")["packer"] > 0.3
    assert both.overrule("苗圃起树苗 再打包装箱", ("nursery_worker", "packer")) is None


def test_the_overrule_needs_more_agreement_than_a_guess():
    # three of five equally near posts agree: enough to guess a trade for a post with none, not to overrule
    text = "院里长高了 找人弄弄"
    index = _index(*[(text, ("mower",))] * 3, *[(text, ("tree_trimmer",))] * 2)
    assert index.guess(text) == "mower"
    assert index.votes(text)["mower"] == pytest.approx(0.6)
    assert index.overrule(text, ("painter",)) is None


def test_the_parser_asks_the_nearest_posts_only_when_no_trade_is_named():
    parser = default_parser()
    assert parser.parse_job("院里的草半人高了 找人弄一下 给一百").occupations == ("mower",)
    # a trade name is read by the rules and never second-guessed
    assert parser.parse_job("招电工两名 一天三百").occupations == ("electrician",)


def test_a_post_that_names_no_work_gets_no_guess():
    # the labelled posts that want people but name no work (the 76th set) are their nearest: no trade
    parser = default_parser()
    for text in ("明天需要人帮忙", "急需人手", "明天要人 一天二百", "缺人 男女不限 速来"):
        assert parser.parse_job(text).occupations == (), text


def test_the_parser_lets_the_nearest_posts_judge_a_reading_from_task_words_only():
    parser = default_parser()
    # 钢琴 is a music teacher's task word; posts like this one are movers' work
    assert parser.parse_job("代发：路南区要搬一架钢琴，从一楼搬到四楼，要三个人，给五百。").occupations == (
        "mover",
    )
    # a trade named outright is never judged, however the nearest posts vote
    assert parser.parse_job("招钢琴老师一名 路南区 一节课一百").occupations == ("music_teacher",)


def test_shipped_examples_are_the_tuned_sets_and_never_a_set_kept_to_measure():
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    assert data["sets"] == [path.name for path in TUNED]
    assert not {path.name for path in MEASURE_ONLY} & set(data["sets"])
    tuned_texts = {case["text"] for path in TUNED for case in load_cases(path)}
    # only posts of tuned sets: a measuring set's post here would be a memorised answer, not a guess
    assert {e.text for e in load_examples()} <= tuned_texts
    known = set(default_parser().occupation_cert)
    assert all(set(e.occupations) <= known for e in load_examples())


def test_shipped_examples_are_up_to_date(capsys: pytest.CaptureFixture[str]):
    assert examples_script.main(["--check"]) == 0, capsys.readouterr().err
