"""Who may see a statement: the parties of its engagement and the staff in scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lingong.core.errors import NotFoundError
from lingong.engagements.access import party_of
from lingong.settlement.models import Payment, PaymentStatus, Statement


def statement_rows() -> QuerySet[Statement]:
    """Statements with their engagement's parties and their successful payment (``succeeded_payments``)."""
    return Statement.objects.select_related(
        "engagement__job",
        "engagement__enterprise",
        "engagement__worker__user",
        "engagement__station",
        "worker",
    ).prefetch_related(
        Prefetch(
            "payments",
            queryset=Payment.objects.filter(status=PaymentStatus.SUCCEEDED),
            to_attr="succeeded_payments",
        )
    )


def access_statement_for(user: Any, statement_id: int) -> tuple[Statement, str]:
    """Fetch the statement and the user's party in its engagement; 404 for anyone who may not see it."""
    statement = statement_rows().filter(pk=statement_id).first()
    party = party_of(user, statement.engagement) if statement is not None else None
    if statement is None or party is None:
        raise NotFoundError(_("结算单不存在"))
    return statement, party
