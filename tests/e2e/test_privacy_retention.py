"""The daily retention job: bodies and photos of an issued period past their retention are
redacted once, recorded like an erasure, and the period still verifies."""

import hashlib
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import select
from test_cli_ledger import invoke
from test_cli_privacy import NOW, PHOTO, programme  # noqa: F401 - the fixture

from core.media import media_path
from core.models import Erasure, InboundMessage, Visit
from core.privacy.registry import ERASED
from core.privacy.retention import RetentionPolicy
from gateway.scheduler import redact_past_retention, retention_policy
from gateway.wiring import Services


def at(services: Services, moment: object) -> Services:
    services.clock = lambda: moment  # type: ignore[assignment,return-value]
    return services


def test_bodies_and_photos_past_their_days_are_redacted_once(
    programme: Services,  # noqa: F811
) -> None:
    programme.settings.message_body_retention_days = 30
    programme.settings.photo_retention_days = 30
    photo = media_path(programme.settings.media_root, hashlib.sha256(PHOTO).hexdigest())

    assert redact_past_retention(at(programme, NOW + timedelta(days=29))) == 0
    assert photo.exists()
    assert redact_past_retention(at(programme, NOW + timedelta(days=31))) == 2
    assert redact_past_retention(at(programme, NOW + timedelta(days=32))) == 0  # idempotent

    assert not photo.exists()
    with programme.uow() as uow:
        (message,) = uow.session.exec(select(InboundMessage))
        assert (message.body, message.raw_payload) == (ERASED, "")
        assert message.sender == "+51987650001"  # retention redacts words, not the trail
        assert uow.session.exec(select(Visit).where(
            Visit.photo_sha256 == hashlib.sha256(PHOTO).hexdigest())).first() is not None
        (erasure,) = uow.session.exec(select(Erasure))
    assert (erasure.kind, erasure.erased_by) == ("retention", "scheduler")
    assert erasure.reason == "retention period over for 2025-01-01..2025-12-31"
    assert invoke(programme, "ledger", "verify").exit_code == 0


@pytest.mark.parametrize(("years", "due"), [(2, date(2033, 1, 1)), (0, date(2031, 1, 1))])
def test_by_default_evidence_is_kept_to_the_crediting_end_plus_the_buyers_years(
    services_with: Callable[..., Services], years: int, due: date
) -> None:
    services = services_with(BUYER_RETENTION_YEARS=years)
    policy = retention_policy(services)
    assert policy == RetentionPolicy(date(2030, 12, 31), years)  # the packaged crediting end
    deadline = policy.deadline(NOW, None)
    assert deadline is not None and deadline.date() == due
    assert RetentionPolicy(date(2028, 2, 29), 1).deadline(NOW, None).date() == date(  # type: ignore[union-attr]
        2029, 3, 1)
    assert RetentionPolicy(None, 2).deadline(NOW, None) is None


def test_the_scheduler_runs_the_retention_job_daily(
    services_with: Callable[..., Services],
) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from gateway.scheduler import configure_jobs

    services = services_with()
    runner = BackgroundScheduler(timezone=services.settings.program_timezone)
    configure_jobs(runner, services, persistent=False)
    job = runner.get_job("redact_past_retention")
    assert job is not None and str(job.trigger) == "interval[1 day, 0:00:00]"
