"""The seed policy library: national and Hebei policies in plain Chinese (used by the demo and the tests).

Names and issuers are real documents; amounts, periods and eligibility details are local settings, so the
texts say 按当地标准 instead of quoting yuan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from lingong.legal.models import PolicyArticle

LOCAL_NOTE = "补贴标准、期限和办理流程以当地人力资源社会保障部门公布为准（按当地标准）。"

ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "flexible-social-insurance-subsidy",
        "title": "就业困难人员灵活就业社会保险补贴",
        "summary": "就业困难人员以灵活就业方式就业并缴纳社保的，可申请社会保险补贴（社保补贴）。",
        "category": "flexible_social_insurance",
        "groups": ["employment_difficulty", "flexible_worker"],
        "issuer": "财政部、人力资源社会保障部《就业补助资金管理办法》",
        "effective_on": dt.date(2017, 10, 13),
        "body": "对就业困难人员灵活就业后缴纳的社会保险费，给予一定的社会保险补贴，补贴期限一般不超过3年；"
        "距法定退休年龄不足5年的可延长至退休。\n申请时需提供灵活就业证明和缴费凭证，到户籍地或常住地"
        "公共就业服务机构办理。",
    },
    {
        "slug": "flexible-worker-pension-insurance",
        "title": "灵活就业人员参加企业职工基本养老保险",
        "summary": "放开灵活就业人员在就业地参加社会保险的户籍限制，可以个人身份参保缴费。",
        "category": "flexible_social_insurance",
        "groups": ["flexible_worker", "migrant_worker"],
        "issuer": "国务院办公厅《关于支持多渠道灵活就业的意见》（国办发〔2020〕27号）",
        "effective_on": dt.date(2020, 7, 28),
        "body": "灵活就业人员可在就业地以个人身份参加企业职工基本养老保险和基本医疗保险，缴费基数可在当地"
        "规定的范围内自主选择。打零工、做钟点工、送外卖的劳动者都可以办理。",
    },
    {
        "slug": "vocational-skill-training-subsidy",
        "title": "职业技能培训补贴",
        "summary": "重点群体参加培训并取得证书的，可申请职业培训补贴。",
        "category": "training_subsidies",
        "groups": [
            "employment_difficulty",
            "graduate",
            "migrant_worker",
            "poverty_alleviated",
            "veteran",
        ],
        "issuer": "人力资源社会保障部、财政部《就业补助资金管理办法》；河北省职业技能提升行动有关规定",
        "effective_on": dt.date(2019, 5, 24),
        "districts": ["13"],
        "body": "贫困家庭子女、毕业年度高校毕业生、城乡未继续升学的应届初高中毕业生、农村转移就业劳动者、"
        "城镇登记失业人员等参加职业技能培训，取得职业资格证书、职业技能等级证书、专项职业能力证书或"
        "特种作业操作证的，可申请职业培训补贴。",
    },
    {
        "slug": "skill-evaluation-subsidy",
        "title": "职业技能评价补贴",
        "summary": "取得职业技能等级证书的重点群体，可申请技能评价（鉴定）补贴。",
        "category": "training_subsidies",
        "groups": ["employment_difficulty", "graduate", "poverty_alleviated", "migrant_worker"],
        "issuer": "人力资源社会保障部、财政部《就业补助资金管理办法》",
        "effective_on": dt.date(2017, 10, 13),
        "body": "对通过初次职业技能鉴定并取得职业资格证书或职业技能等级证书的人员，给予职业技能鉴定补贴。"
        "电工、焊工、叉车司机等持证上岗的工种尤其值得办理。",
    },
    {
        "slug": "graduate-employment-support",
        "title": "离校未就业高校毕业生就业支持",
        "summary": "离校2年内未就业的高校毕业生可实名登记，享受见习、指导和培训服务。",
        "category": "target_groups",
        "groups": ["graduate"],
        "issuer": "人力资源社会保障部关于做好高校毕业生等青年就业创业工作的通知",
        "effective_on": dt.date(2023, 4, 1),
        "body": "离校未就业高校毕业生到户籍地或常住地公共就业服务机构、零工市场进行实名登记后，"
        "可获得职业指导、"
        "岗位推荐、就业见习和职业培训等服务；参加就业见习的可获得见习补贴。",
    },
    {
        "slug": "veteran-employment-support",
        "title": "退役军人就业创业扶持",
        "summary": "退役军人可享受适应性培训、职业技能培训、就业推荐和创业扶持。",
        "category": "target_groups",
        "groups": ["veteran"],
        "issuer": "《中华人民共和国退役军人保障法》",
        "effective_on": dt.date(2021, 1, 1),
        "body": "国家为退役军人提供职业技能培训、就业推荐和创业指导，鼓励用人单位招用退役军人；退役军人创办"
        "小微企业可按规定享受创业担保贷款等扶持。",
    },
    {
        "slug": "migrant-worker-wage-protection",
        "title": "保障农民工工资支付条例",
        "summary": "工资必须以货币形式足额、按时直接支付给本人，欠薪可投诉、调解或仲裁。",
        "category": "wage_protection",
        "groups": ["migrant_worker", "flexible_worker"],
        "issuer": "国务院《保障农民工工资支付条例》（国务院令第724号）",
        "effective_on": dt.date(2020, 5, 1),
        "body": "农民工工资应当以货币形式，通过银行转账或者现金支付给农民工本人，不得以实物或者有价证券等"
        "其他形式替代。用人单位应当按照约定足额、按时支付工资，不得克扣或者无故拖欠。\n被拖欠工资的，"
        "可以向人力资源社会保障部门投诉，也可以申请调解、仲裁或者向人民法院起诉。零工市场设有调解室，"
        "可以在线投诉。",
    },
    {
        "slug": "public-welfare-jobs",
        "title": "公益性岗位安置就业困难人员",
        "summary": "通过市场难以就业的就业困难人员，可申请公益性岗位。",
        "category": "target_groups",
        "groups": ["employment_difficulty", "disabled", "poverty_alleviated"],
        "issuer": "财政部、人力资源社会保障部《就业补助资金管理办法》",
        "effective_on": dt.date(2017, 10, 13),
        "body": "对通过市场渠道难以实现就业的就业困难人员，可通过公益性岗位予以安置，给予岗位补贴和社会保险"
        "补贴。就业困难人员认定到户籍地街道（乡镇）公共就业服务机构申请。",
    },
    {
        "slug": "poverty-alleviated-employment",
        "title": "脱贫人口稳岗就业帮扶",
        "summary": "脱贫人口外出务工可申请一次性交通补助，优先享受就业帮扶。",
        "category": "target_groups",
        "groups": ["poverty_alleviated", "migrant_worker"],
        "issuer": "人力资源社会保障部等关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的有关意见；河北省有关规定",
        "effective_on": dt.date(2021, 5, 1),
        "districts": ["13"],
        "body": "脱贫人口（含防止返贫监测对象）跨省、跨县务工的，可按规定申请一次性交通补助；优先推荐岗位，"
        "优先参加职业技能培训。",
    },
    {
        "slug": "disabled-employment-support",
        "title": "残疾人就业扶持",
        "summary": "持证残疾人可享受职业培训、就业服务和自主创业扶持。",
        "category": "target_groups",
        "groups": ["disabled"],
        "issuer": "国务院《残疾人就业条例》",
        "effective_on": dt.date(2007, 5, 1),
        "body": "国家对残疾人就业实行集中就业与分散就业相结合的方针；残疾人从事个体经营的，依法给予税收优惠，"
        "有关部门在经营场地等方面给予照顾。公共就业服务机构为残疾人免费提供就业服务。",
    },
    {
        "slug": "entrepreneurship-guaranteed-loan",
        "title": "创业担保贷款及贴息",
        "summary": "重点群体自主创业可申请创业担保贷款，财政按规定贴息。",
        "category": "entrepreneurship",
        "groups": ["graduate", "veteran", "employment_difficulty", "migrant_worker", "poverty_alleviated"],
        "issuer": "财政部、人力资源社会保障部、中国人民银行关于进一步做好创业担保贷款财政贴息工作的通知",
        "effective_on": dt.date(2020, 4, 1),
        "body": "城镇登记失业人员、就业困难人员、高校毕业生、退役军人、返乡创业农民工、脱贫人口等自主创业的，"
        "可申请创业担保贷款，财政部门按规定给予贴息。",
    },
    {
        "slug": "gig-market-free-services",
        "title": "零工市场免费就业服务",
        "summary": "零工市场免费发布岗位、职业指导和介绍，不收押金和费用。",
        "category": "employment_services",
        "groups": ["flexible_worker", "migrant_worker"],
        "issuer": "《人力资源市场暂行条例》；人力资源社会保障部等关于加强零工市场建设的通知",
        "effective_on": dt.date(2018, 10, 1),
        "body": "公共人力资源服务机构免费提供职业介绍、职业指导、岗位信息发布等服务。任何用工方不得以押金、"
        "保证金、培训费、服装费等名义向劳动者收取财物，不得扣押身份证件。发现收费可在平台投诉。",
    },
    {
        "slug": "labour-dispute-mediation-arbitration",
        "title": "劳动争议调解与仲裁",
        "summary": "劳动争议可调解，调解不成可申请劳动仲裁；劳务纠纷走人民调解或法院。",
        "category": "rights",
        "groups": ["migrant_worker", "flexible_worker"],
        "issuer": "《中华人民共和国劳动争议调解仲裁法》《中华人民共和国人民调解法》",
        "effective_on": dt.date(2008, 5, 1),
        "body": "存在劳动关系的，发生争议可以申请调解，自申请之日起15日内未达成协议的可以申请劳动仲裁；"
        "仲裁时效一般为1年。打零工多属劳务关系，发生纠纷可申请人民调解（免费），调解协议可在生效后30日内"
        "申请司法确认，也可以向人民法院起诉，诉讼时效一般为3年。市场有律师和法律援助志愿者提供免费咨询。",
    },
]


def seed_articles(*, market: Any = None) -> list[PolicyArticle]:
    """Create (or refresh) the seed articles; ``market`` None makes them national/provincial."""
    saved: list[PolicyArticle] = []
    with transaction.atomic():
        for row in ARTICLES:
            data = {**row}
            slug = data.pop("slug")
            body = data.pop("body") + "\n" + LOCAL_NOTE
            data.setdefault("districts", [])
            article = PolicyArticle.objects.filter(slug=slug).first() or PolicyArticle(slug=slug)
            for key, value in {**data, "body": body, "market": market, "published": True}.items():
                setattr(article, key, value)
            article.save()
            saved.append(article)
    return saved
