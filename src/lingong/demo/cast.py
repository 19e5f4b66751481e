"""The fixed demo cast: the market, the published logins and the story employers' names."""

from __future__ import annotations

from dataclasses import dataclass

MARKET_CODE = "lunan"
MARKET_NAME = "路南区零工市场"
MARKET_ADDRESS = "唐山市路南区创新里产业园（大南湖）"
LUNAN = "130202"
DEMO_PASSWORD = "Lingong2026"  # noqa: S105 - the published password of the demo accounts, demo data only

ADMIN_PHONE = "13800000001"
CENTRE_STAFF_PHONE = "13800000002"
STATION_STAFF_PHONE = "13800000003"
EMPLOYER_PHONE = "13800000004"
HOUSEHOLD_PHONE = "13800000005"
JIANG_PHONE = "13800000006"
LI_PHONE = "13800000007"
BANK_PHONE = "13800000008"
DEMO_PHONES = (
    ADMIN_PHONE,
    CENTRE_STAFF_PHONE,
    STATION_STAFF_PHONE,
    EMPLOYER_PHONE,
    HOUSEHOLD_PHONE,
    JIANG_PHONE,
    LI_PHONE,
    BANK_PHONE,
)

DEMO_ENTERPRISE_NAME = "唐山市路南区鑫达路桥工程有限公司"
BANK_NAME = "中国工商银行唐山路南支行"
KINDERGARTEN_NAME = "唐山市路南区阳光幼儿园"
HOUSEHOLD_NAME = "王女士家"
STORY_ENTERPRISES = 4  # the four above are part of --enterprises

# (name, address, division whose centre the building stands near)
CENTRES = (
    ("万达广场服务中心", "唐山市路南区新华西道万达广场三层", "130202003"),
    ("南湖市民中心服务中心", "唐山市路南区南湖市民中心一层", "130202008"),
    ("梁家屯路街道初心家园服务中心", "唐山市路南区梁家屯路街道初心家园", "130202009"),
)

# Engagements (issue 4): postings the engagement step adds through the services, counted in --jobs.
ENGAGEMENT_JOBS = 3
# Screening (issue 9): held, rejected and flagged postings the screening step adds, counted in --jobs.
SCREENING_JOBS = 5
SEED_USER_AGENT = "演示数据生成（python manage.py seed）"  # recorded on the demo's contract signatures


@dataclass(frozen=True)
class DemoLogin:
    phone: str
    role: str
    who: str
    try_this: str


DEMO_LOGINS = (
    DemoLogin(
        ADMIN_PHONE,
        "市场管理员",
        "路南区零工市场",
        "审核岗位（急招优先、超时提醒、事后复核、风险暂停）和用工单位；"
        "实时数据大屏 /screen/、月度监测报表与名录、即时快招进度；"
        "筛查阈值校准、个人信息请求、敏感信息查看日志；后台 /admin/",
    ),
    DemoLogin(
        CENTRE_STAFF_PHONE,
        "服务中心工作人员",
        "万达广场服务中心",
        "审核本中心下辖驿站用工单位的岗位（含风险暂停）与认证；查看本中心的求职者",
    ),
    DemoLogin(
        STATION_STAFF_PHONE,
        "驿站工作人员",
        "万达广场服务中心下辖驿站",
        "代为登记求职者、为本驿站的用工单位代发岗位（经审核后发布）、复核考勤；处理工时异议和个人信息请求；"
        "附近快招（银行急招厨师）为到站求职者代报名；驿站屏幕；投诉受理与调解员（调解笔录、调解协议短信签署）；"
        "直播带岗 /staff/live/（昨晚的回放与报名线索跟进、明晚的预告、数据统计）",
    ),
    DemoLogin(
        EMPLOYER_PHONE, "用工单位", DEMO_ENTERPRISE_NAME, "查看岗位报名，录用、签约、确认工时、结算发薪、评价"
    ),
    DemoLogin(HOUSEHOLD_PHONE, "家庭雇主", HOUSEHOLD_NAME, "发布木工、整理收纳等家庭用工需求"),
    DemoLogin(
        JIANG_PHONE,
        "求职者",
        "江小军（铲车司机，8年）",
        "签署丰南区公路融雪铲车司机的劳务协议；今天的装载机班次可签到",
    ),
    DemoLogin(
        LI_PHONE,
        "求职者",
        "李建国（45岁，装修师傅）",
        "已开启长辈模式（大字、朗读岗位、一键打电话给驿站，页面顶部可切换）；"
        "查看已结清的工资单和评价；3 公里内的家装岗位推荐；"
        "维权：欠薪投诉在调解中，另一案已递交法院（证据材料包）",
    ),
    DemoLogin(
        BANK_PHONE,
        "用工单位",
        BANK_NAME,
        "即时快招：银行职工食堂急招中式烹调师11名，实时查看邀请、接单、录用和招满用时",
    ),
)
