"""The phone signing page: terms summary, send a code, sign, download; the employer's change of terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.accounts.models import User
from lingong.contracts import services
from lingong.contracts.models import Contract, ContractSignature
from lingong.engagements.models import Engagement
from lingong.notifications.senders import LogSender


def setup(cast: Any) -> tuple[Engagement, Contract]:
    engagement = t.make_engagement(cast.worker, cast.employer, days=3, insurance_required=False)
    return engagement, services.ensure_documents(
        services.open_first_version(engagement=engagement, actor=None)
    )


def send_code(client: Client, user: User, contract: Contract, capture: Any) -> str:
    with capture(execute=True):
        response = client.post(reverse("contracts:send_code", args=[contract.pk]), follow=True)
    assert "验证码已发送" in response.content.decode()
    codes = [
        m["params"]["code"]
        for m in LogSender.outbox
        if m["phone"] == user.phone and m["template"] == "otp_sign"
    ]
    assert codes
    return str(codes[-1])


def sign_on_page(client: Client, user: User, contract: Contract, capture: Any) -> Any:
    client.force_login(user)
    code = send_code(client, user, contract, capture)
    return client.post(
        reverse("contracts:sign", args=[contract.pk]), {"code": code, "pdf_sha256": contract.pdf_sha256}
    )


def test_sign_page_shows_the_terms_and_the_signing_form_to_the_worker(cast: Any, client: Client) -> None:
    engagement, contract = setup(cast)
    client.force_login(cast.worker.user)
    response = client.get(reverse("contracts:detail", args=[contract.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        engagement.enterprise.name,
        cast.worker.real_name,
        cast.worker.masked_id_number,
        engagement.job.address,
        "300.00 元/天",
        "日结",
        contract.pdf_sha256,
        contract.short_hash,
        "不要求投保",
    ):
        assert text in html, text
    for testid in ('data-testid="send-code"', 'data-testid="sign-code"', 'data-testid="sign-submit"'):
        assert testid in html
    assert f'value="{contract.pdf_sha256}"' in html
    assert reverse("contracts:pdf", args=[contract.pk]) in html
    assert 'data-testid="amend"' not in html  # workers do not change terms


def test_posting_the_code_signs_and_both_signatures_unlock_the_download(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    engagement, contract = setup(cast)
    response = sign_on_page(client, cast.worker.user, contract, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:detail", args=[contract.pk])
    signature = ContractSignature.objects.get(contract=contract)
    assert signature.party == "worker" and signature.user == cast.worker.user
    html = client.get(response["Location"]).content.decode()
    assert "签署成功，等待对方签署" in html
    assert 'data-testid="sign-submit"' not in html
    assert client.get(reverse("contracts:signed_pdf", args=[contract.pk])).status_code == 404

    response = sign_on_page(client, cast.employer, contract, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == "signed"
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="download-signed"' in html
    pdf = client.get(reverse("contracts:signed_pdf", args=[contract.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    contract.refresh_from_db()
    assert pdf.content == bytes(contract.signed_pdf)


def test_a_wrong_code_on_the_page_shows_an_error(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _engagement, contract = setup(cast)
    client.force_login(cast.worker.user)
    code = send_code(client, cast.worker.user, contract, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("contracts:sign", args=[contract.pk]),
        {"code": "000000" if code != "000000" else "111111", "pdf_sha256": contract.pdf_sha256},
    )
    assert response.status_code == 422
    assert "验证码不正确" in response.content.decode()
    response = client.post(reverse("contracts:sign", args=[contract.pk]), {"code": "12ab", "pdf_sha256": "x"})
    assert response.status_code == 422
    assert "请输入6位数字验证码" in response.content.decode()
    assert not ContractSignature.objects.exists()


def test_staff_see_the_page_without_a_signing_form_and_outsiders_get_404(cast: Any, client: Client) -> None:
    engagement, contract = setup(cast)
    client.force_login(cast.station_staff)
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "工作人员不能代签" in html
    assert 'data-testid="sign-submit"' not in html
    assert client.get(reverse("contracts:pdf", args=[contract.pk])).status_code == 200
    assert client.post(reverse("contracts:send_code", args=[contract.pk]), follow=True).status_code == 200
    assert not LogSender.outbox
    for outsider in (cast.other_worker.user, cast.other_employer, cast.other_station_staff):
        client.force_login(outsider)
        assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 404
        assert client.get(reverse("contracts:pdf", args=[contract.pk])).status_code == 404
        assert client.get(reverse("contracts:for_engagement", args=[engagement.pk])).status_code == 404


def test_the_employer_changes_the_pay_on_the_page(cast: Any, client: Client) -> None:
    engagement, contract = setup(cast)
    client.force_login(cast.employer)
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert 'data-testid="amend"' in html
    data = {
        "pay_amount": "380",
        "pay_unit": "day",
        "overtime_rate": "",
        "start_date": engagement.start_date.isoformat(),
        "end_date": engagement.end_date.isoformat(),
        "daily_start_time": engagement.daily_start_time.strftime("%H:%M"),
        "daily_end_time": engagement.daily_end_time.strftime("%H:%M"),
        "daily_hours": str(engagement.daily_hours),
        "settlement_cycle": engagement.settlement_cycle,
    }
    response = client.post(reverse("contracts:amend", args=[contract.pk]), data)
    assert response.status_code == 302, response.content.decode()
    new = Contract.objects.get(engagement=engagement, version=2)
    assert response["Location"] == reverse("contracts:detail", args=[new.pk])
    engagement.refresh_from_db()
    assert engagement.pay_amount == Decimal("380.00")
    assert engagement.terms_version == 2
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert 'data-testid="superseded-note"' in html
    assert client.get(reverse("contracts:for_engagement", args=[engagement.pk]))["Location"] == reverse(
        "contracts:detail", args=[new.pk]
    )
