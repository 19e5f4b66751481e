"""Deleting the demo market and everything hanging off it, so ``seed --reset`` can rebuild it."""

from __future__ import annotations

from django.db.models import Q

from lingong.accounts.models import User
from lingong.arbitration.models import CaseDocuments, Forum, LimitationWarning, Referral
from lingong.audit.models import SensitiveRead
from lingong.contracts.models import Contract, ContractSignature
from lingong.demo.cast import DEMO_PHONES, MARKET_CODE
from lingong.demo.fair_intentions import delete_fair_intentions
from lingong.demo.housekeeping_catalogue import delete_housekeeping_catalogue  # issue 13 hk-booking
from lingong.disputes.models import Complaint, ComplaintCounter, Evidence, Mediator
from lingong.employers.models import EmployerReputation, Enterprise, EnterpriseMember
from lingong.engagements.models import AttendanceCase, Engagement, Shift
from lingong.fairs.models import JobFair
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy
from lingong.jobs.models import Application, JobPosting
from lingong.legal.models import (
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    LegalAdviser,
    PolicyArticle,
    RulesVersion,
)
from lingong.live.models import Lead, LiveSession, LiveSettings
from lingong.mediation.models import MediationCase
from lingong.org.models import Market, ServiceCentre, Station
from lingong.ratings.models import Rating
from lingong.recruit.models import InboundSms, QuickRecruit
from lingong.rights.models import RetainedRecord, RightsRequest
from lingong.settlement.models import ArrearsFlag, Payment, Statement, StatementShift
from lingong.workers.models import (
    Availability,
    ConsentRecord,
    WorkerCertificate,
    WorkerProfile,
    WorkerReputation,
    WorkerSkill,
)


def delete_demo_data() -> None:
    """Delete the demo market and everything hanging off it, children before parents.

    The demo logins' phones are cleared too, so an account made by hand with one of those numbers
    cannot block the rebuild.
    """
    market = Market.objects.filter(code=MARKET_CODE).first()
    if market is not None:
        _delete_elder(market)
        _delete_fair_intentions(market)  # issue 12 fairs-b
        _delete_fairs(market)
        _delete_live(market)
        delete_housekeeping_catalogue(market.pk)  # issue 13 hk-booking: bookings PROTECT engagements
        RightsRequest.objects.filter(market=market).delete()
        RetainedRecord.objects.filter(market=market).delete()
        SensitiveRead.objects.filter(market_id=market.pk).delete()
        _delete_legal(market)
        _delete_rights_protection(market)
        _delete_engagement_chain(market)
        _delete_jobs_employers_and_workers(market)
    User.objects.filter(Q(market__code=MARKET_CODE) | Q(phone__in=DEMO_PHONES)).delete()
    if market is not None:
        Station.objects.filter(market=market).delete()
        ServiceCentre.objects.filter(market=market).delete()
        market.delete()


def _delete_elder(market: Market) -> None:
    """Issue 12 §3: text replies (上行短信) from the demo's workers, e.g. fed by ``manage.py sms_reply``.
    The elder-mode flag itself goes with the accounts."""
    InboundSms.objects.filter(worker__market=market).delete()


def _delete_fair_intentions(market: Market) -> None:
    """Issue 12 fairs-b: fair intentions PROTECT their workers; they go first."""
    delete_fair_intentions(market.pk)


def _delete_fairs(market: Market) -> None:
    """Job fairs of the market: their booths, exhibitors, registrations and intentions go with them."""
    JobFair.objects.filter(market=market).delete()


def _delete_live(market: Market) -> None:
    """Live sessions (issue 12): leads first (they hold jobs), then the sessions with their jobs, viewers
    and comments, and the market's word lists."""
    Lead.objects.filter(market=market).delete()
    LiveSession.objects.filter(market=market).delete()
    LiveSettings.objects.filter(market=market).delete()


def _delete_legal(market: Market) -> None:
    """Legal help of the market (national/provincial articles stay: the seed refreshes them)."""
    Consultation.objects.filter(market=market).delete()
    ConsultationSlot.objects.filter(market=market).delete()
    LegalAdviser.objects.filter(market=market).delete()
    ArbitrationDay.objects.filter(market=market).delete()
    RulesVersion.objects.filter(market=market).delete()
    PolicyArticle.objects.filter(market=market).delete()


def _delete_rights_protection(market: Market) -> None:
    """Issue 11's rows: referrals, documents and mediation cases (their sessions, agreements, signatures and
    payment terms with them), then complaints (their evidence files stay on disk)."""
    Referral.objects.filter(market=market).delete()
    MediationCase.objects.filter(market=market).delete()
    CaseDocuments.objects.filter(complaint__market=market).delete()
    LimitationWarning.objects.filter(complaint__market=market).delete()
    Forum.objects.filter(market=market).delete()
    Evidence.objects.filter(complaint__market=market).delete()
    _delete_complaints(market)


def _delete_complaints(market: Market) -> None:
    """Complaints (their evidence rows with them), the mediator roster and the number counters."""
    complaints = Complaint.objects.filter(market=market)
    complaints.update(merged_into=None)
    complaints.delete()
    Mediator.objects.filter(market=market).delete()
    ComplaintCounter.objects.filter(market=market).delete()


def _delete_jobs_employers_and_workers(market: Market) -> None:
    QuickRecruit.objects.filter(market=market).delete()  # its waves, invites and station links with it
    Application.objects.filter(Q(job__market=market) | Q(worker__market=market)).delete()
    JobPosting.objects.filter(market=market).delete()
    EnterpriseMember.objects.filter(enterprise__market=market).delete()
    Enterprise.objects.filter(market=market).delete()
    WorkerSkill.objects.filter(worker__market=market).delete()
    WorkerCertificate.objects.filter(worker__market=market).delete()
    Availability.objects.filter(worker__market=market).delete()
    WorkerProfile.intended_occupations.through.objects.filter(workerprofile__market=market).delete()
    WorkerProfile.intended_divisions.through.objects.filter(workerprofile__market=market).delete()
    ConsentRecord.objects.filter(user__market=market).delete()
    # only("pk"): the deletion collector would otherwise decrypt every ID number it loads.
    WorkerProfile.objects.filter(market=market).only("pk").delete()


def _delete_engagement_chain(market: Market) -> None:
    """Everything issue 4's chain adds for the market, children first: engagements, their jobs and
    applications, workers and enterprises are PROTECTed by it. The audit trail stays: it is append-only."""
    of_market = Q(market=market) | Q(worker__market=market) | Q(enterprise__market=market)
    engagements = Engagement.objects.filter(of_market)
    Rating.objects.filter(engagement__in=engagements).delete()
    statements = Statement.objects.filter(
        Q(engagement__in=engagements) | Q(worker__market=market) | Q(enterprise__market=market)
    )
    Payment.objects.filter(statement__in=statements).delete()
    StatementShift.objects.filter(statement__in=statements).delete()
    statements.delete()
    ArrearsFlag.objects.filter(Q(engagement__in=engagements) | Q(enterprise__market=market)).delete()
    policies = InsurancePolicy.objects.filter(engagement__in=engagements)
    # The local provider's book holds no reference, only the key it issued the policy under.
    LocalIssuedPolicy.objects.filter(idempotency_key__in=policies.values("idempotency_key")).delete()
    policies.delete()
    ContractSignature.objects.filter(contract__engagement__in=engagements).delete()
    Contract.objects.filter(engagement__in=engagements).delete()
    AttendanceCase.objects.filter(shift__engagement__in=engagements).delete()
    Shift.objects.filter(engagement__in=engagements).delete()
    engagements.delete()
    WorkerReputation.objects.filter(worker__market=market).delete()
    EmployerReputation.objects.filter(enterprise__market=market).delete()
