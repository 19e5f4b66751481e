"""URL patterns of the pages whose actions span the engagement chain.

Each namespace (contracts, settlements, ratings, insurance) keeps its paths and names; the patterns are
composed here, at the top, because some of their views are the orchestrator's. ``lingong/urls.py``
includes each list at its app's prefix.
"""

from __future__ import annotations

from django.urls import path

from lingong.contracts import views as contract_views
from lingong.insurance import views as insurance_views
from lingong.ratings import views as rating_views
from lingong.settlement import statement_views
from lingong.workflow import views

workflow_patterns = (
    [
        path("applications/<int:application_id>/accept/", views.accept_offer, name="accept_offer"),
    ],
    "workflow",
)

contract_patterns = (
    [
        path("<int:contract_id>/", contract_views.contract_detail, name="detail"),
        path("<int:contract_id>/send-code/", contract_views.send_code, name="send_code"),
        path("<int:contract_id>/sign/", views.sign_contract, name="sign"),
        path("<int:contract_id>/amend/", views.amend_terms, name="amend"),
        path("<int:contract_id>/contract.pdf", contract_views.contract_pdf, name="pdf"),
        path("<int:contract_id>/signed.pdf", contract_views.signed_contract_pdf, name="signed_pdf"),
        path("engagement/<int:engagement_id>/", contract_views.for_engagement, name="for_engagement"),
    ],
    "contracts",
)

settlement_patterns = (
    [
        path("", statement_views.statement_list, name="list"),
        path("<int:statement_id>/", statement_views.statement_detail, name="detail"),
        path("<int:statement_id>/receipt.pdf", statement_views.receipt, name="receipt"),
        path("<int:statement_id>/pay/", views.pay_statement, name="pay"),
        path("<int:statement_id>/void/", statement_views.void, name="void"),
        path("engagement/<int:engagement_id>/", statement_views.engagement_settlement, name="engagement"),
        path("engagement/<int:engagement_id>/settle/", statement_views.settle, name="settle"),
        path("payroll.xlsx", statement_views.payroll, name="payroll"),
        path("arrears/", statement_views.arrears, name="arrears"),
        path("arrears/<int:flag_id>/waive/", statement_views.waive, name="waive"),
    ],
    "settlements",
)

rating_patterns = (
    [
        path("engagements/<int:engagement_id>/", views.rate, name="rate"),
        path("moderation/", rating_views.moderation, name="moderation"),
        path("moderation/<int:rating_id>/hide/", rating_views.hide, name="hide"),
    ],
    "ratings",
)

insurance_patterns = (
    [
        path("policies/<int:policy_id>/certificate.pdf", insurance_views.certificate, name="certificate"),
        path("policies/<int:policy_id>/retry/", views.retry_cover, name="retry"),
        path("failed/", insurance_views.failed, name="failed"),
    ],
    "insurance",
)
