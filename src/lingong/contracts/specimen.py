"""A specimen labour-service contract (fictitious parties), the same every time: for the rendering tests and
``python -m lingong.bench.pdf``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lingong.contracts.rendering import ContractParty, ContractTerms, SignatureMark
from lingong.core.pdf import SHANGHAI as SH


def specimen_terms() -> ContractTerms:
    return ContractTerms(
        contract_no="LG-HT-2026-000123",
        version=1,
        template_version="labour_service_v1",
        created_at=datetime.datetime(2026, 3, 5, 9, 30, tzinfo=SH),
        employer=ContractParty(
            role_label="甲方（用工方）",
            name="唐山市路南区宏达建筑劳务有限公司",
            id_label="统一社会信用代码",
            id_masked="91130202MA0******X",
            phone_masked="138****5678",
            address="河北省唐山市路南区新华西道 88 号",
        ),
        worker=ContractParty(
            role_label="乙方（劳务提供方）",
            name="张建国",
            id_label="身份证号码",
            id_masked="130202********1234",
            phone_masked="139****4321",
        ),
        market_name="唐山市路南区零工市场",
        arbitration_body="唐山市劳动人事争议仲裁院",
        job_title="钢筋绑扎",
        occupation_names=("钢筋工", "建筑工"),
        work_content="按施工图纸完成二层楼板钢筋绑扎，材料由甲方提供。",
        acceptance_standard="符合 GB 50204-2015 要求，经甲方现场负责人验收合格。",
        place="唐山市路南区学院南路 12 号工地",
        start_date=datetime.date(2026, 3, 6),
        end_date=datetime.date(2026, 3, 8),
        daily_start_time=datetime.time(7, 30),
        daily_end_time=datetime.time(17, 0),
        daily_hours=Decimal("8.0"),
        pay_amount=Decimal("300.00"),
        pay_unit_label="天",
        pay_text="300.00 元/天",
        settlement_cycle_label="日结",
        settlement_date_text="每个工作日结束后 1 日内",
        overtime_text="确需延长工作时间的，按 45.00 元/小时另计。",
        safety_duties="甲方负责现场安全交底和临边防护；乙方服从现场安全管理。",
        protective_equipment="安全帽、安全带、防滑鞋，由甲方免费提供。",
        insurance_text="甲方已为乙方投保意外伤害保险：意外身故/伤残 50 万元，意外医疗 5 万元。",
    )


def specimen_signatures(sha: str) -> list[SignatureMark]:
    """Both sides' signatures over the unsigned PDF whose SHA-256 is ``sha``."""
    return [
        SignatureMark(
            party_label="乙方",
            signer_name="张**",
            signed_at=datetime.datetime(2026, 3, 5, 10, 2, tzinfo=SH),
            method="登录验证 + 短信验证码",
            ip_masked="221.192.*.*",
            document_sha256=sha,
        ),
        SignatureMark(
            party_label="甲方",
            signer_name="李**",
            signed_at=datetime.datetime(2026, 3, 5, 9, 45, tzinfo=SH),
            method="登录验证 + 短信验证码",
            ip_masked="60.2.*.*",
            document_sha256=sha,
        ),
    ]
