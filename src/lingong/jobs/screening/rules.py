"""The text rules of posting screening: pure Python, no Django, so they can be evaluated offline in a second.

``check_text(PostingText)`` returns ``Hit``s (a code, a weight 0-100 and the words that triggered it). The
weights add up to the content part of a posting's risk score (``jobs.screening.assess`` adds the employer's
history and user reports, and turns codes into Chinese sentences for staff); the market's policy decides
which score holds a posting for review and which publishes it with a flag.

What is looked for comes from the rules on postings that are not allowed (就业促进法; 人力资源市场暂行条例;
就业服务与就业管理规定; DOMAIN-RULES.md): fees or deposits asked of workers, keeping identity documents,
recruiting under 16, discrimination (sex, household registration, ethnicity, pathogen carriers, pregnancy;
upper age limits as a weaker sign), contacts that lead off the platform, hype about easy money, pay far above
the trade's usual range, and a workplace nobody could find.

Scam postings dodge keyword filters, so the text is normalised first (``normalise``): full-width characters
become ASCII (NFKC), and runs of digits written as Chinese numerals (一三八…, 壹叁捌…, 幺) or split by spaces,
dashes or dots are read as digits when looking for phone and QQ numbers. cn2an is not installed (and we need
only digit-by-digit reading plus ages up to 99), so ``_cn_digits`` and ``_cn_small_number`` do it here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

HOURS_PER_DAY_FALLBACK = Decimal("8")
DAYS_PER_MONTH = Decimal("26")
MIN_ADDRESS_CHARS = 6
PAY_OUTLIER_FACTOR = Decimal("2")  # above twice the top of the usual range: flag
PAY_EXTREME_FACTOR = Decimal("4")  # above four times: a classic bait ("普工日结3000")

# Weights: a hit at or above the default hold score (50) holds the posting on its own; the rest add up.
WEIGHTS = {
    "fee": 60,
    "documents": 60,
    "minors": 60,
    "discrimination": 50,
    "contact": 50,
    "age_limit": 30,
    "hype": 30,
    "pay_outlier": 30,  # 60 when extreme, see _pay_outlier
    "address": 10,
}


@dataclass(frozen=True)
class OccupationNorm:
    """What an occupation usually pays (from the taxonomy), in its usual unit."""

    name: str
    pay_unit: str
    pay_min: int
    pay_max: int


@dataclass(frozen=True)
class PostingText:
    """The parts of a posting the rules read. ``address`` None: not known (the offline sets), not checked."""

    title: str
    description: str
    address: str | None
    pay_amount: Decimal | None
    pay_unit: str
    occupations: tuple[OccupationNorm, ...] = ()
    daily_hours: Decimal = HOURS_PER_DAY_FALLBACK


@dataclass(frozen=True)
class Hit:
    code: str
    weight: int
    words: tuple[str, ...] = ()
    # pay_outlier: the occupation and the range it was compared with
    norm: OccupationNorm | None = None


# --- Normalising -------------------------------------------------------------------------------------

_CN_DIGIT = {
    "零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "壹": "1", "二": "2", "贰": "2", "两": "2",
    "三": "3", "叁": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6", "七": "7",
    "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}  # fmt: skip
_DIGITISH = "0-9" + "".join(_CN_DIGIT)
# A run of 5+ digit-like characters, allowing one separator (space, dash, dot, comma-free) between them.
_DIGIT_RUN = re.compile(rf"[{_DIGITISH}](?:[\s\-\.·_/]?[{_DIGITISH}]){{4,}}")


def normalise(text: str) -> str:
    """Full-width to ASCII, lower case, one space for any run of whitespace, and words spaced out letter by
    letter to dodge filters ("手 续 费", "Q Q 1 0 4 8 …", "加 V") joined again: a space goes when a word on
    either side of it is one character long."""
    text = unicodedata.normalize("NFKC", text or "")
    tokens = re.sub(r"\s+", " ", text).lower().strip().split(" ")
    out = tokens[:1]
    for token in tokens[1:]:
        if len(token) == 1 or len(out[-1]) == 1:
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


def _cn_digits(run: str) -> str:
    """ "一三八 0013-8000" -> "13800138000": each character read as one digit, separators dropped."""
    return "".join(_CN_DIGIT.get(ch, ch) for ch in run if ch.isdigit() or ch in _CN_DIGIT)


def digit_runs(text: str) -> list[str]:
    """Every number of 5+ digits in the text, however it was written (Chinese numerals, spaced, dotted)."""
    runs = []
    for match in _DIGIT_RUN.finditer(text):
        raw = match.group()
        digits = _cn_digits(raw)
        # A run of Chinese numerals only counts when it is long (a phone/QQ number), not "一二三四五" prose.
        runs.append(digits)
    return runs


def _cn_small_number(word: str) -> int | None:
    """ "十五" -> 15, "四十五" -> 45, "16" -> 16; None when it is not a number below 100."""
    if word.isdigit():
        return int(word)
    if not word or any(ch not in _CN_DIGIT and ch != "十" for ch in word):
        return None
    if "十" not in word:
        return int(_cn_digits(word)) if len(word) <= 2 else None
    tens, _sep, units = word.partition("十")
    if len(units) == 2 and len(tens) <= 1 and all(u in _CN_DIGIT for u in units):
        units = units[0]  # "十五六" (fifteen or sixteen), "四十五六": the lower of the two
    if len(tens) > 1 or len(units) > 1:
        return None  # "十十": not one number
    t = int(_CN_DIGIT[tens]) if tens else 1
    u = int(_CN_DIGIT[units]) if units else 0
    return t * 10 + u


# --- The rules ----------------------------------------------------------------------------------------

_CLAUSE_END = "，。；;,!！?？\n"
_FEE_WORDS = (
    r"押金|保证金|培训费|服装费|工装费|工服费|体检费|报名费|中介费|介绍费|资料费|办卡费|会员费|加盟费|"
    r"手续费|入职费|拍照费|建档费|押证费|材料押金|工牌费|饭卡押金|风险金|质保金|诚信金|担保金|抵押金|会费|"
    r"工本费|代办费|办证费|办理费|培训材料费|材料费|管理费|工具费|上岗费|岗位费|信息费|档案费|认证费|审核费|激活费|"
    r"占位费"
)
_FEE = re.compile(_FEE_WORDS)
_FEE_ACTS = re.compile(
    r"先交费|交费上岗|先交钱|先付款|先垫付后返|需垫付|自己垫付|垫付货款|先交\d|先交公司|交给公司|交公司|"
    r"(体检|健康证|办证|工服|服装|车费|路费)[^，。；,;]{0,10}(交给?|缴|到)(公司|单位|门店|店里|园里|财务|领班|人事)|"
    r"(需|先|要|须)(购买|充值)[^，。；,;]{0,8}\d+元|充值\d+|"
    r"(需|须|要|先|请)(缴纳|交纳|缴|交|付|支付)\s*\d+\s*元|"
    # "<anything>费" to be paid, with a sum: "入职交管理费300", "需缴纳岗前服务费199"
    r"(需|须|要|先|得|入职|上岗|报到|进厂|面试)[^，。；,;]{0,2}(交|缴|缴纳|交纳|支付|付)[\u4e00-\u9fff]{1,5}费\s*(用)?\s*\d+|"
    # the first month's wages kept as a guarantee: "扣第一个月工资做保证", "首月工资作押金"
    r"扣(下|留|押)?(第一个?月|首月|头一?个?月|前[两二三\d]个?月)的?(工资|薪水|工钱)|"
    r"(工资|薪水|工钱)[^，。；,;]{0,4}(做|作|当|作为)(保证|担保|押金|抵押)|"
    r"(工服|工装|服装|制服|工作服)[^，。；,;]{0,6}(自费|自购|自理|购买)|(自费|自购)[^，。；,;]{0,4}(工服|工装|服装|制服|工作服)|"
    r"押[^，。；,;]{0,4}工资|压[^，。；,;]{0,3}工资|扣押工资|"
    # unpaid trial work, and nothing paid unless the term is finished
    r"(试工|试岗|试用|培训)[^，。；,;]{0,6}(无工资|没有工资|不发工资|无薪|不给钱|没工资|不算工资)|"
    r"(不满|没满|干不满|做不满)[^，。；,;]{0,4}(不结|不发|没有工资|没工资|不给)|"
    # wages held back: "第一个月工资先压着", "工资扣着，干满半年一起结"
    r"工资[^，。；,;]{0,4}(压着|押着|扣着|扣下|扣一半|扣半|留一半|留一部分|不发|先不发|暂扣|暂不发)|"
    # ... until months of work are done (paying a week or a month at once is ordinary)
    r"(干满|做满|干够|做够)[^，。；,;]{0,3}(半年|一年|年底|季度|[两二三四五六七八九十\d]+个?月)[^，。；,;]{0,4}"
    r"(才|再|一起|一并)(发|结|给|退|返)(?!全勤|奖|补贴|红包)|"
    # a charge under any name with a sum: "费用200", "收费150", "费用120从工资里扣"
    r"(费用|收费|收取)\s*(为|是|共|约)?\s*\d+|"
    r"收(你|您|每人|每位|个人)?\s*\d+\s*(元|块)?(?=$|[，。；,;!！])|"
    r"(交|缴|付)\s*\d+\s*(元|块)\s*[\u4e00-\u9fff]{0,3}(钱|费)|"
    r"(费用|钱)[^，。；,;]{0,10}(从|在)[^，。；,;]{0,8}工资[^，。；,;]{0,3}(扣|抵|减)|"
    # made to buy from the employer: "工服必须在店里买，一套95元", "先买指定教材198元才能领任务"
    r"(必须|只能|须|需|得|要|先|统一)(在|到|从|向|找)?[^，。；,;]{0,6}(买|购买|购|订购)[^。；;]{0,14}?\d+(\.\d+)?\s*(元|块)"
)
# A purchase is a fee only when the worker buys gear or materials, or buys from the employer or its pick.
_BOUGHT_FROM_EMPLOYER = re.compile(
    r"店里|公司|我们|我这|我处|本店|厂里|单位|指定|统一|工服|工装|制服|工作服|鞋|教材|资料|工具|设备|材料|字帖|装备|入门|套餐"
)
# Money the customers pay for the service ("上门收费80元，师傅提成五成") is not a charge on the worker.
_CUSTOMER_PAYS = re.compile(
    r"顾客|客户|客人|上门|提成|分成|每台|一台|按单|每车|每辆|每件|每次|每位|收费员|收银|代收|帮(店|公司|老板|客)"
)
_EMPLOYER_PAYS = re.compile(
    r"公司(承担|出|报销|负责)|单位(承担|出|报销|负责)|报销|我们出|我方出|免费|补贴|不收"
)
_NEG_BEFORE = re.compile(
    r"(不收取?|不交|不要|无需|无须|不需要?|不用|免收|免|无|零|没有|不得|不会|拒绝|谨防|凡|以|严禁|禁止)"
    r"(取|收取|任何|缴纳|交纳|交|收|其他)*$"
)
_FEE_CHAIN_TAIL = re.compile(rf"(?:{_FEE_WORDS}|用|、|和|或|及|与|\s)+$")
_NEG_AFTER = re.compile(
    r"^[^，。；;,]{0,8}?(全免|免收|全额?退|报销|承担|公司出|单位出|我方出|由单位|由公司|补贴|免费|不收|不用交|无需)"
    r"|^(用)?\s*(为)?(0|零)元?(?!\d)"
)
_NEG_PAYER_BEFORE = re.compile(
    r"(公司|单位|厂里|厂方|我方|老板|雇主)(承担|报销|支付|负责|出|全额承担|统一承担)[^，。；,;]{0,2}$"
)
_COLLECTS_FROM_OTHERS = re.compile(r"(负责|代|帮|协助)(收取|收|退还|登记)[^，。；,;]{0,8}$")
_LAWFUL_DEDUCTION = re.compile(r"社保|五险|养老保险|医疗保险|公积金|个税|个人所得税|房租|水电")
_ACT_NEGATED = re.compile(r"(不|绝不|从不|决不|无|没有|不会|无需|不用|严禁|禁止)(任何|一切|其他|额外)?$")
_WARNING = re.compile(r"骗子|诈骗|谨防|举报|请勿|不要相信|防骗")

_DOCUMENTS = re.compile(
    r"扣押?身份证|押身份证|押证|身份证(原件)?[^，。；,;]{0,8}(押在|押给|押|保管|上交|交给|交公司|扣)"
)
_AGE = re.compile(
    r"(未满|不满|年满|年龄|限)?\s*([0-9一二三四五六七八九十两]{1,3})\s*(?:-|~|至|到)?\s*"
    r"([0-9一二三四五六七八九十两]{1,3})?\s*周?岁\s*(以上|以下|以内|之间|左右)?([^，。；,;]{0,6})"
)
_REFUSAL = re.compile(r"勿|禁止|不得|谢绝|不招|不要|不收|严禁|不可")
_MINOR_WORDS = re.compile(
    r"童工|初中生|小学生|初中毕业生?即可|初中(没|未)毕业|在读初中|未成年(人)?(也|可|均|都|亦)"
)

_SEX = re.compile(
    r"限男|限女|只招男|只招女|只要男|只要女|仅限男|仅限女|仅招男|仅招女|男性优先|女性优先|男士优先|"
    r"女士优先|男生优先|女生优先|不招女|不招男|女性勿|男性勿|要求男性|要求女性|男的优先|女的优先|"
    r"男生勿|女生勿|女士勿|男士勿|女的勿|男的勿|不要女|不要男|要求女(?![性士生的])|要求男(?![女性士生的])"
)
_SEX_JUSTIFIED = re.compile(
    r"女宾|男宾|女浴|男浴|更衣|女性顾客专区|女子监区|"
    # work barred to women (女职工劳动保护特别规定, appendix): underground mining, heavy single loads
    r"井下|矿井|(一袋|一包|每袋|每包|一件|负重|单件|单人)[^，。；,;]{0,6}([3-9]\d|\d{3})\s*(公斤|kg|千克)|"
    r"([3-9]\d|\d{3})\s*(公斤|kg|千克)[^，。；,;]{0,8}(扛|背|搬)"
)
_REGIONS = (
    "北京|天津|河北|山西|内蒙古?|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|"
    "广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门|东北|西北|南方|北方|外地|外省|"
    "外市|农村|本地|本市|少数民族|维吾尔族?|维族|回族|藏族|彝族|苗族|壮族|蒙古族"
)
_OTHER_DISCRIMINATION = re.compile(
    r"限本地户口|限本地人|本地户口|本市户籍|本地户籍|限本市|外地人勿|外地勿|不要外地|不招外地|不要农村|"
    r"农村户口勿|拒绝农村|限城镇户口|限汉族|仅限汉族|少数民族勿|不招少数民族|不要少数民族|"
    r"乙肝勿|拒绝乙肝|不招乙肝|乙肝携带者勿|乙肝患者勿|hiv勿|艾滋勿|不招孕妇|孕妇勿|怀孕勿|已婚已育优先|"
    r"未婚未育|信教勿|不招信教|限未婚|限已婚|要求未婚|已育优先|"
    r"乙肝(患者|携带者)?(勿|不要|免谈|不招)|(河南|东北|新疆|西藏|四川|湖南|安徽|甘肃|外省|外地|农村)(人|籍)?(勿扰|免谈|不要)|"
    r"(籍|户口)勿扰|不招(河南|东北|新疆|外省)|"
    rf"(?<![不无])(不要|不招|不收|不用|谢绝|拒绝|只招|只要|仅限|限)({_REGIONS})(的)?(人|籍|户口|老乡|身份证)|"
    rf"(?<![不无])(不要|不招|谢绝|拒绝)({_REGIONS})的(?=$|[，。；,;!！\s])|"
    # race: "不要黑人"
    r"(不要|不招|谢绝|拒绝|只招|只要|仅限)(黑人|白人|黑种人)|(黑人|白人)[^，。；,;]{0,2}(勿|免谈|不要)|"
    # a list of places refused: "不招甘肃四川贵州的", "不要河南、东北人"
    rf"(?<![不无])(不要|不招|不收|谢绝|拒绝)({_REGIONS})([、，,/和及]?({_REGIONS}))+(的|人|籍)?|"
    # pregnancy and marriage: "怀孕的别来", "孕妇免谈", "备孕勿扰"
    r"(怀孕|孕妇|孕期|备孕|哺乳期|二胎|未婚先孕)(的|者|中)?[^，。；,;]{0,2}(勿|别来|免谈|不要|不招|不考虑|莫扰)|"
    # looks and body: "胖子免谈", "颜值高", "长相甜美", "身高165以上" (a 保安's or model's height is a trade
    # norm only sometimes; a weak but real sign, held with the rest)
    r"胖(子|的|人)?[^，。；,;]{0,2}(勿|免谈|不要|别来|不招)|太胖|颜值|长相(甜美|漂亮|好看|出众|端正|好)|"
    r"(相貌|外貌|样貌)(姣好|出众|要好|甜美|好)|身材(好|苗条|高挑|匀称)|"
    r"矮(个子|的)?[^，。；,;]{0,2}(勿|免谈|不要)|"
    r"纹身的?[^，。；,;]{0,2}(也)?(勿|免谈|不要|不招)|"
    rf"({_REGIONS})(的)?(人|籍|户口|老乡|身份证)?[^，。；,;]{{0,3}}(勿|免谈|不要(?!求)|不招|谢绝|莫扰|别来)|"
    # household registration by province or county: "限本省", "本县户籍"
    r"(限|只招|只要|仅限)本(省|县|区|镇)|本(省|县|区|镇)(户籍|户口)|"
    # hepatitis B carriers under their lay names: "小三阳勿扰", "乙肝五项要阴性"
    r"(大三阳|小三阳|乙肝两对半|乙肝五项|hbv)[^，。；,;]{0,4}(勿|免谈|不要|不招|阴性|正常)|"
    # looks, and the zodiac year: "长得漂亮的优先", "属虎的不要"
    r"长得(漂亮|好看|帅|顺眼)|"
    r"属(鼠|牛|虎|兔|龙|蛇|马|羊|猴|鸡|狗|猪)的?[^，。；,;]{0,2}(勿|不要|不招|免谈)|"
    r"(不招|不要|谢绝)属(鼠|牛|虎|兔|龙|蛇|马|羊|猴|鸡|狗|猪)"
)

_CONTACT_WORDS = re.compile(
    r"加微|加v|\+v|➕v|v信|薇信|威信|威芯|薇芯|徽信|喂信|维信|v芯|微芯|微信号|微信[:：]|微信同号|同号微信|"
    r"微信联系|联系微信|微信详谈|微信咨询|微信搜|搜微信|电话同微信|加我|加群|进群|群号|企鹅|钉钉号|抖音号|q[:：]\s*\d|"
    r"微 信|vx|wx|绿泡泡|扣扣|qq|加扣|加q|私聊|私信|私我|卫星号|v[:：]|"
    r"电话[:：]?\s*\d|手机[:：]?\s*\d|联系电话|"
    r"加薇|加威|加维|加卫|加徽|薇[:：]|威[:：]|v[❤♥💗💚]|飞机号|纸飞机|telegram|tg[:：]|whatsapp|快手号|"
    # the number is in a picture or a QR code: "电话见图", "扫码报名"
    r"(电话|手机|号码|联系方式|微信|v|二维码)[^，。；,;]{0,3}(见图|看图|在图|图片上|见海报|看海报)|"
    r"扫码(加|添加|进|联系|报名|咨询)|扫(描)?二维码|"
    # links off the platform
    r"https?://|www\.|[a-z0-9\-]+\.(cn|com|net|top|xyz|vip|cc|site|shop)(/|(?![a-z]))|"
    r"(戳|点|点击|复制|打开)(下方|下面)?链接|进裙|加裙|q群|群[:：]\s*\d|滴滴我|dd我|"
    # the contact is on the poster's profile: "看我主页", "戳我头像", "联系方式见主页"
    r"(看|戳|点|点击|进)我?的?(主页|头像)|(主页|头像)[^，。；,;]{0,3}(有|见|看)?联系方式|联系方式[^，。；,;]{0,3}(主页|头像)|(报名|登记|注册)?网址[:：]|(报名|登记|注册)网址"
)
# A WeChat id written out: letters first, then letters, digits, "_" or "-", with a digit, "_" or "-" in it
# ("xjz2025abc", "baojie_ts"), right after a WeChat hint ("加薇 ", "v❤：", "vx:").
_HANDLE = re.compile(r"(?<![a-z0-9_\-])[a-z][a-z0-9_\-]{5,19}(?![a-z0-9_\-])")
_HANDLE_HINT = re.compile(r"(v|vx|wx|薇|微|威|维|卫|徽|❤|♥|💚|信)[^a-z0-9\u4e00-\u9fff]{0,4}$")
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")
_QQ_CONTEXT = re.compile(r"qq|扣扣|企鹅")

_HYPE = re.compile(
    r"日赚|躺赚|月入过万|月入上万|月入[0-9一二三四五六七八九十两]+万|日入过千|日入[0-9]{3,}|轻松赚|稳赚|"
    r"刷单|返佣|一单赚|手机兼职|在家兼职|在家也能|足不出户|打字员|宝妈兼职|无需经验.{0,4}高薪|高薪.{0,4}无需经验|"
    r"点赞员|点赞赚|抖音点赞|刷信誉|看视频赚|做任务赚|接单返利|手工活外发|外发手工|串珠|零门槛高收入|日入千元|"
    r"一天\d{4,}|(一天|每天|日入?|日赚)[^，。；,;]{0,4}过千|轻松过千|轻松月入|"
    # piecework taken home (the 手工活外发 scam): "在家包装小礼品", "组装圆珠笔，在家就能做"
    r"(在家|居家|宅家|带回家|拿回家)[^，。；,;]{0,4}(包装|组装|手工|串珠|穿珠|贴标|折纸|缝)|"
    r"(包装|组装|手工活|串珠|穿珠|贴标)[^，。；,;]{0,8}(在家|居家|宅家)(就|即|也)?(能|可|可以)?(做|完成)"
)
_VAGUE_PLACE = re.compile(r"另行通知|电话联系|详询|私聊|待定|面议")

_PAY_IN_TEXT = re.compile(r"(日结|日薪|一天|每天|时薪|每小时|月薪|月工资|每月)\s*(\d{2,6})\s*元?")
_PAY_WORD_UNIT = {
    "日结": "day", "日薪": "day", "一天": "day", "每天": "day",
    "时薪": "hour", "每小时": "hour",
    "月薪": "month", "月工资": "month", "每月": "month",
}  # fmt: skip


def check_text(posting: PostingText) -> list[Hit]:
    """Every rule the posting trips, in a fixed order."""
    # The title ends a sentence: "招工" in a title must not read as part of the description's first clause.
    text = f"{normalise(posting.title)}。{normalise(posting.description)}"
    hits = [
        _fees(text),
        _documents(text),
        _minors(text),
        _discrimination(text),
        _age_limit(text),
        _contact(text),
        _hype(posting, text),
        _pay_outlier(posting, text),
        _vague_address(posting.address),
    ]
    return [h for h in hits if h is not None]


def _clause_before(text: str, start: int, width: int = 16) -> str:
    before = text[max(0, start - width) : start]
    for sep in _CLAUSE_END:
        before = before.rsplit(sep, 1)[-1]
    return before


def _clause_of(text: str, start: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in _CLAUSE_END)
    ends = [i for i in (text.find(ch, start) for ch in _CLAUSE_END) if i >= 0]
    return text[left + 1 : min(ends) if ends else len(text)]


def _sentence_of(text: str, start: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。！!；;\n")
    ends = [i for i in (text.find(ch, start) for ch in "。！!；;\n") if i >= 0]
    return text[left + 1 : min(ends) if ends else len(text)]


def _fee_is_negated(text: str, match: re.Match[str]) -> bool:
    """ "不收押金、培训费", "无押金", "体检费公司报销", "凡收押金的都是骗子": not asked of the worker."""
    before = _FEE_CHAIN_TAIL.sub("", _clause_before(text, match.start()))
    after = text[match.end() : match.end() + 10]
    if _NEG_BEFORE.search(before) or _NEG_AFTER.search(after) or _NEG_PAYER_BEFORE.search(before):
        return True
    if _COLLECTS_FROM_OTHERS.search(_clause_before(text, match.start())):
        return True  # a cashier collecting customers' deposits
    return bool(_WARNING.search(_sentence_of(text, match.start())))


def _fees(text: str) -> Hit | None:
    found = [m.group() for m in _FEE.finditer(text) if not _fee_is_negated(text, m)]
    found += [
        m.group()
        for m in _FEE_ACTS.finditer(text)
        if not _WARNING.search(_sentence_of(text, m.start()))
        and not _ACT_NEGATED.search(_clause_before(text, m.start(), 6))
        and not _LAWFUL_DEDUCTION.search(_clause_of(text, m.start()))
        and not _EMPLOYER_PAYS.search(_clause_of(text, m.start()))
        and not (m.group().startswith("收") and _CUSTOMER_PAYS.search(_clause_of(text, m.start())))
        and not (
            re.search("买|购", m.group()) and not _BOUGHT_FROM_EMPLOYER.search(_sentence_of(text, m.start()))
        )
    ]
    if not found:
        return None
    return Hit("fee", WEIGHTS["fee"], tuple(dict.fromkeys(found)))


_DOCUMENTS_REFUSED = re.compile(
    r"(不|无|没有|绝不|从不|不会|不用|无需|拒绝|严禁|禁止)(扣|收|押|扣押|收取|压)?$"
)


def _documents(text: str) -> Hit | None:
    match = _DOCUMENTS.search(text)
    if (
        match is None
        or _WARNING.search(_sentence_of(text, match.start()))
        or _REFUSAL.search(_clause_before(text, match.start(), 4))
        or _DOCUMENTS_REFUSED.search(_clause_before(text, match.start(), 6))
    ):
        return None
    return Hit("documents", WEIGHTS["documents"], (match.group(),))


def _ages(text: str) -> list[tuple[str, int, int | None, str, str, int]]:
    """(prefix, first, second, qualifier, rest, start) for every "N岁…" in the text."""
    found = []
    for m in _AGE.finditer(text):
        first = _cn_small_number(m.group(2))
        second = _cn_small_number(m.group(3)) if m.group(3) else None
        if first is None or first > 99 or (m.group(3) and second is None):
            continue
        found.append((m.group(1) or "", first, second, m.group(4) or "", m.group(5) or "", m.start()))
    return found


# Children as the customers of the work (pupils taught, children minded), not as the workers.
_SERVED_CHILDREN = re.compile(r"教|辅导|托管|看护|照看|陪伴|陪读|学员|小朋友|儿童|幼儿|上课")
_ACCEPTED = re.compile(r"也行|也可|也可以|可以|即可|均可|都可|都行|就行|能干|可做|欢迎|优先")


def _minors(text: str) -> Hit | None:
    words: list[str] = []
    for prefix, first, second, qualifier, rest, start in _ages(text):
        refused = bool(_REFUSAL.search(rest))
        clause = _clause_of(text, start)
        if _SERVED_CHILDREN.search(clause) and not (_ACCEPTED.search(rest) or "招" in clause):
            continue  # "教6-12岁孩子游泳"
        if prefix in ("未满", "不满") and first <= 16 and not refused:
            words.append(f"{prefix}{first}岁")  # "未满16周岁也可"
        elif second is not None and first < 16 <= 60 and not refused:
            words.append(f"{first}-{second}岁")  # "14-16岁均可"
        elif qualifier in ("以上", "") and second is None and first < 16 and prefix != "年满" and not refused:
            if qualifier or re.match(r"(即可|可|也|均可|就行|能干)", rest) or _ACCEPTED.search(rest):
                words.append(f"{first}岁{qualifier}")  # "15岁以上即可", "15周岁可"
        elif qualifier == "以上" and prefix == "年满" and first < 16:
            words.append(f"年满{first}岁")
        elif qualifier in ("以下", "以内") and second is None and first <= 16 and not refused:
            words.append(f"{first}岁{qualifier}")  # "16岁以下也可以"
    for m in _MINOR_WORDS.finditer(text):
        if _REFUSAL.search(_clause_before(text, m.start(), 6) + text[m.end() : m.end() + 4]):
            continue
        after = text[m.end() : m.end() + 6]
        if m.group() in ("初中生", "小学生") and not (
            _ACCEPTED.search(after) or re.search(r"招|限|要", _clause_before(text, m.start(), 4))
        ):
            continue  # "小学生课后托管": pupils served, not hired
        words.append(m.group())
    if not words:
        return None
    return Hit("minors", WEIGHTS["minors"], tuple(dict.fromkeys(words)))


_AGE_NOT_OVER = re.compile(r"(?:不超过|不大于|不高于|小于|低于)\s*(\d{2})\s*周?岁")
_AGE_BARE_RANGE = re.compile(r"年龄(?:要求)?[:：]?\s*(\d{2})\s*(?:-|~|至|到)\s*(\d{2})(?!\d)")


def _age_limit(text: str) -> Hit | None:
    """An upper age limit below retirement age ("45岁以下", "18-35岁", "50岁以上勿扰", "不超过40岁")."""
    words = []
    for m in _AGE_NOT_OVER.finditer(text):
        if 18 < int(m.group(1)) < 60:
            words.append(m.group())
    for m in _AGE_BARE_RANGE.finditer(text):
        if 16 <= int(m.group(1)) < int(m.group(2)) < 60:
            words.append(f"{m.group(1)}-{m.group(2)}岁")
    for _prefix, first, second, qualifier, rest, _start in _ages(text):
        if second is not None and 16 <= first < second < 60:
            words.append(f"{first}-{second}岁")
        elif second is None and qualifier in ("以下", "以内") and 16 < first < 60:
            if not (first <= 18 and _REFUSAL.search(rest)):
                words.append(f"{first}岁{qualifier}")
        elif second is None and qualifier == "以上" and 16 < first < 60 and _REFUSAL.search(rest):
            words.append(f"{first}岁以上{rest}")
    if not words:
        return None
    return Hit("age_limit", WEIGHTS["age_limit"], tuple(dict.fromkeys(words)))


# A height requirement: "身高165以上", "身高不低于160" (not where the look is the job: models, 礼仪, 空乘).
_HEIGHT = re.compile(
    r"身高\s*(要求)?\s*(不低于|不少于|在)?\s*1[4-9]\d\s*(cm|厘米|公分)?\s*(以上|起)?(?=[^\d]|$)"
)
_LOOKS_ARE_THE_JOB = re.compile(r"模特|礼仪|空乘|仪仗|走秀|平面拍摄|演员")


def _discrimination(text: str) -> Hit | None:
    words = [m.group() for m in _OTHER_DISCRIMINATION.finditer(text)]
    if not _LOOKS_ARE_THE_JOB.search(text):
        words += [m.group() for m in _HEIGHT.finditer(text) if re.search(r"以上|起|不低于|不少于", m.group())]
    if not _SEX_JUSTIFIED.search(text):
        words += [m.group() for m in _SEX.finditer(text)]
    if not words:
        return None
    return Hit("discrimination", WEIGHTS["discrimination"], tuple(dict.fromkeys(words)))


_CONTACT_REFUSED = re.compile(
    r"(别|不要|请勿|勿|切勿|不用|无需|不必|禁止|严禁|不得|不能|不会|不)"
    r"((私自|私下|随意)?(加|添加|留|联系|用|私聊)我?[^，。；,;]{0,3})?$"
)
# A public employment service's own number (a 零工驿站, 人社 office, hotline) is not the poster leading
# workers off the platform.
_PUBLIC_OFFICE = re.compile(
    r"驿站|人社|gov\.cn|人力资源和社会保障|街道办|居委会|社区服务中心|政务|12333|监督电话|投诉电话|举报电话"
)


def _contact(text: str) -> Hit | None:
    words = [
        m.group().strip()
        for m in _CONTACT_WORDS.finditer(text)
        if not _CONTACT_REFUSED.search(_clause_before(text, m.start(), 8))
        and not _PUBLIC_OFFICE.search(_clause_of(text, m.start()))
    ]
    words = ["QQ号" if w[:2] in ("q:", "q：") else w for w in words]
    for m in _HANDLE.finditer(text):
        if re.search(r"[\d_\-]", m.group()) and _HANDLE_HINT.search(text[max(0, m.start() - 6) : m.start()]):
            words.append("微信号")
    for match in _DIGIT_RUN.finditer(text):
        digits = _cn_digits(match.group())
        if _PHONE.match(digits) and not _PUBLIC_OFFICE.search(_clause_of(text, match.start())):
            words.append(digits[:3] + "****" + digits[-4:])
    for m in _QQ_CONTEXT.finditer(text):
        if _CONTACT_REFUSED.search(_clause_before(text, m.start(), 8)):
            continue
        tail = text[m.end() : m.end() + 20]
        if any(len(d) >= 5 for d in digit_runs(tail)):
            words.append("QQ号")
    if not words:
        return None
    return Hit("contact", WEIGHTS["contact"], tuple(dict.fromkeys(words)))


# Fake "tasks" paid by the click, song, like or page, done on a phone or at home (刷单 and its cousins): the
# task alone is not enough ("数据录入员" is a real office job); with piecework on a tiny unit, a phone, home,
# idling, or buying a starter kit it is the classic task scam, held on its own.
_TASK = re.compile(  # a sign must be in the same sentence
    r"点赞|关注|听歌|打榜|挂机|刷单|刷量|刷票|刷评|刷(视频|抖音|快手|直播|广告|流量)|好评|抄写|手抄|打字|录入|看视频|看广告|看新闻|评论|转发|收藏|"
    r"拉新|拉人头|做任务|领任务|接任务|注册任务|试玩|游戏代练|投票"
)
_TASK_SIGN = re.compile(
    r"一(个|首|单|条|页|篇|次|赞|票|局)\s*\d+(\.\d+)?\s*(元|块|毛|角)|\d+(\.\d+)?\s*(元|块|毛|角)\s*(一|每)(个|首|单|条|页|篇|次)|"
    r"一天(几百|好几百|上百|几十上百)|手机(上|就|挂|兼职|操作|即可|就能|随时)|在家|居家|躺着|挂机|宅家|动动手指|随便|轻轻松松|先买|先交|领任务|垫付"
)
# Empty promises instead of a job: three or more of them in one posting and no work described.
_BAIT = re.compile(
    r"高薪诚聘|待遇优厚|待遇丰厚|工作轻松|轻松高薪|名额有限|速来|先到先得|详情面谈|详情面议|来了再说|到了再说|"
    r"某(大型|知名|上市)?(集团|公司|企业)|月薪\d{4,5}\s*-\s*\d{5}"
)
# Income claims that the posted pay itself backs ("日薪500…月入过万") are arithmetic, not hype.
_INCOME_CLAIM = re.compile(r"月入(过万|上万|一万|1万)")
_MONTHLY = {"hour": HOURS_PER_DAY_FALLBACK * DAYS_PER_MONTH, "day": DAYS_PER_MONTH, "month": Decimal(1)}


def _hype(posting: PostingText, text: str) -> Hit | None:
    offers = [(posting.pay_amount, posting.pay_unit)] if posting.pay_amount is not None else []
    offers += [(Decimal(m.group(2)), _PAY_WORD_UNIT[m.group(1)]) for m in _PAY_IN_TEXT.finditer(text)]
    monthly = max((amount * _MONTHLY[unit] for amount, unit in offers if unit in _MONTHLY), default=None)
    words = [
        m.group()
        for m in _HYPE.finditer(text)
        if not (_INCOME_CLAIM.fullmatch(m.group()) and monthly is not None and monthly >= 10000)
    ]
    weight = WEIGHTS["hype"]
    for task in _TASK.finditer(text):
        if _TASK_SIGN.search(_sentence_of(text, task.start())):
            words.insert(0, task.group())
            weight = WEIGHTS["hype"] * 2
            break
    bait = list(dict.fromkeys(m.group() for m in _BAIT.finditer(text)))
    if len(bait) >= 3:
        words += bait
    if not words:
        return None
    return Hit("hype", weight, tuple(dict.fromkeys(words)))


def _vague_address(address: str | None) -> Hit | None:
    if address is None:
        return None
    address = address.strip()
    if len(address) >= MIN_ADDRESS_CHARS and not _VAGUE_PLACE.search(address):
        return None
    return Hit("address", WEIGHTS["address"])


def _pay_outlier(posting: PostingText, text: str) -> Hit | None:
    """The posted pay, and any pay quoted in the text ("日结3000"), against the occupation's usual top."""
    offers: list[tuple[Decimal, str]] = []
    if posting.pay_amount is not None and posting.pay_amount > 0:
        offers.append((posting.pay_amount, posting.pay_unit))
    for m in _PAY_IN_TEXT.finditer(text):
        offers.append((Decimal(m.group(2)), _PAY_WORD_UNIT[m.group(1)]))
    worst: tuple[Decimal, OccupationNorm] | None = None
    for norm in posting.occupations:
        for amount, unit in offers:
            ceiling = usual_ceiling(norm, unit, posting.daily_hours)
            if ceiling is None or ceiling <= 0:
                continue
            ratio = amount / ceiling
            if worst is None or ratio > worst[0]:
                worst = (ratio, norm)
    if worst is None or worst[0] <= PAY_OUTLIER_FACTOR:
        return None
    weight = WEIGHTS["pay_outlier"] * (2 if worst[0] > PAY_EXTREME_FACTOR else 1)
    return Hit("pay_outlier", weight, norm=worst[1])


def usual_ceiling(norm: OccupationNorm, unit: str, daily_hours: Decimal) -> Decimal | None:
    """The top of the occupation's usual pay in the posting's unit; None when the two cannot be compared
    (piece rates compare only with piece rates)."""
    if norm.pay_max <= 0:
        return None
    hours = daily_hours if daily_hours > 0 else HOURS_PER_DAY_FALLBACK
    per_hour = {"hour": Decimal(1), "day": hours, "month": hours * DAYS_PER_MONTH}
    if norm.pay_unit == unit:
        return Decimal(norm.pay_max)
    if norm.pay_unit in per_hour and unit in per_hour:
        return Decimal(norm.pay_max) / per_hour[norm.pay_unit] * per_hour[unit]
    return None
