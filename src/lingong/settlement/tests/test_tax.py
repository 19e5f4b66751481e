from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lingong.settlement.tax import TaxInputError, labour_remuneration_tax

# amount -> (taxable, rate, quick deduction, tax), worked by hand from 国家税务总局公告2018年第61号.
WORKED = {
    "0.00": ("0.00", "0.20", "0.00", "0.00"),
    "800.00": ("0.00", "0.20", "0.00", "0.00"),
    "800.01": ("0.01", "0.20", "0.00", "0.00"),
    "2000.00": ("1200.00", "0.20", "0.00", "240.00"),
    "4000.00": ("3200.00", "0.20", "0.00", "640.00"),
    "4001.00": ("3200.80", "0.20", "0.00", "640.16"),
    "8000.00": ("6400.00", "0.20", "0.00", "1280.00"),
    "25000.00": ("20000.00", "0.20", "0.00", "4000.00"),
    "25001.00": ("20000.80", "0.30", "2000.00", "4000.24"),
    "62500.00": ("50000.00", "0.30", "2000.00", "13000.00"),
    "62501.25": ("50001.00", "0.40", "7000.00", "13000.40"),
    "100000.00": ("80000.00", "0.40", "7000.00", "25000.00"),
}


@pytest.mark.parametrize("amount", sorted(WORKED, key=Decimal))
def test_worked_examples(amount):
    result = labour_remuneration_tax(Decimal(amount))
    taxable, rate, quick, tax = WORKED[amount]
    assert (str(result.taxable), str(result.rate), str(result.quick_deduction), str(result.tax)) == (
        taxable,
        rate,
        quick,
        tax,
    )
    assert result.net == Decimal(amount) - Decimal(tax)


@given(st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False))
def test_tax_is_monotonic_and_never_exceeds_the_payment(amount):
    result = labour_remuneration_tax(amount)
    assert Decimal("0") <= result.tax <= amount
    assert result.net + result.tax == result.amount
    bigger = labour_remuneration_tax(amount + Decimal("0.01"))
    assert bigger.tax >= result.tax


@pytest.mark.parametrize("bad", ["-0.01", "NaN", "Infinity", "1.001", "100000000.01"])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(TaxInputError):
        labour_remuneration_tax(Decimal(bad))


def test_api_answers_decimal_strings_without_login(client):
    response = client.get("/api/v1/tax/labour-remuneration", {"amount": "4001.00"})
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("amount", "taxable", "rate", "quick_deduction", "tax", "net")} == {
        "amount": "4001.00",
        "taxable": "3200.80",
        "rate": "0.20",
        "quick_deduction": "0.00",
        "tax": "640.16",
        "net": "3360.84",
    }
    assert "80%" in body["explanation"]


@pytest.mark.parametrize("bad", ["abc", "-5", "1.234", "", "1e400"])
def test_api_rejects_bad_amounts_in_the_error_shape(client, bad):
    response = client.get("/api/v1/tax/labour-remuneration", {"amount": bad})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and "amount" in body["errors"]


def test_calculator_page_shows_tax_and_take_home(client):
    page = client.get("/tax/", {"amount": "8000"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1280.00" in html and "6720.00" in html and 'lang="zh-hans"' in html
    fragment = client.get("/tax/", {"amount": "2000"}, headers={"HX-Request": "true"})
    assert "240.00" in fragment.content.decode() and "<html" not in fragment.content.decode()
    bad = client.get("/tax/", {"amount": "-1"})
    assert "form-error" in bad.content.decode()


def test_daily_pay_in_one_month_is_taxed_as_one_payment():
    from lingong.settlement.tax import withholding_for_next_payment

    # Twenty days at 300 yuan from the same employer for the same job in one month: 6,000 yuan is one payment,
    # taxed 6,000 x 80% x 20% = 960, not 20 x (300 - 800 -> 0) = 0.
    paid = withheld = Decimal("0")
    for _ in range(20):
        total, now = withholding_for_next_payment(
            already_paid=paid, already_withheld=withheld, amount=Decimal("300")
        )
        paid += Decimal("300")
        withheld += now
    assert paid == Decimal("6000")
    assert withheld == Decimal("960.00") == total.tax
    assert withheld == labour_remuneration_tax(Decimal("6000.00")).tax


@given(st.lists(st.decimals(min_value=0, max_value=20_000, places=2), min_size=1, max_size=12))
def test_withholding_in_instalments_sums_to_the_tax_on_the_month(amounts):
    from lingong.settlement.tax import withholding_for_next_payment

    paid = withheld = Decimal("0")
    for amount in amounts:
        _total, now = withholding_for_next_payment(
            already_paid=paid, already_withheld=withheld, amount=amount
        )
        paid += amount
        withheld += now
    assert withheld == labour_remuneration_tax(paid).tax
