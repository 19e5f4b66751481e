"""Who may see a contract: the parties of its engagement and the staff in scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lingong.contracts.models import Contract
from lingong.core.errors import NotFoundError
from lingong.engagements.access import party_of


def access_contract_for(actor: Any, contract_id: int) -> tuple[Contract, str]:
    """Fetch the contract and the actor's party; 404 for anyone who may not see its engagement."""
    contract = (
        Contract.objects.select_related(
            "engagement__worker__user", "engagement__enterprise", "engagement__job", "engagement__station"
        )
        .filter(pk=contract_id)
        .first()
    )
    party = party_of(actor, contract.engagement) if contract is not None else None
    if contract is None or party is None:
        raise NotFoundError(_("协议不存在"))
    return contract, party
