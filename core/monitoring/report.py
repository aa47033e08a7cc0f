"""The monitoring report use case: one consistent read of the database, aggregated in SQL."""

from datetime import date, datetime

from sqlmodel import Session, select

from core.db.snapshot import read_one_snapshot
from core.db.uow import UnitOfWork
from core.ledger.adjustments import corrections_for
from core.models import LedgerIssuance
from core.monitoring.sampling import sample_slots
from core.mrv.parameters import Parameters
from core.periods import Period, day_bounds_utc, local_date
from core.reporting import queries
from core.reporting.assembly import assemble_report
from core.reporting.inputs import ReportInputs
from core.reporting.method_inputs import read_method_inputs
from core.reporting.model import Correction, MonitoringReport
from core.reporting.overlap import read_overlap
from core.reporting.weeks import weeks_of_period

__all__ = [
    "MonitoringReport", "compute_report", "issued_report", "period_report", "report_in_session",
]


def compute_report(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    parameters: Parameters,
    tz: str,
    now: datetime,
    as_of: datetime | None = None,
    credit_p: bool = False,
) -> MonitoringReport:
    """Compute a period's monitoring report (mrv.md) from stored evidence, reproducibly.

    Dates are inclusive days in the programme time zone `tz`; `now` only decides whether
    the report is labelled provisional. An issued period counts only the SMS received
    before its issuance (`as_of` sets that instant for a period about to be issued), and
    carries the corrections its issuance carried. `credit_p` computes what U = p would
    give (never issued). Raises ValueError for a bad period.
    """
    period = Period(period_start, period_end)  # refuses an end before the start (ValueError)
    with uow.reading():
        read_one_snapshot(uow.session)
        return period_report(uow.session, period=period, parameters=parameters, tz=tz,
                             today=local_date(now, tz), as_of=as_of, credit_p=credit_p)


def period_report(
    session: Session,
    *,
    period: Period,
    parameters: Parameters,
    tz: str,
    today: date,
    as_of: datetime | None = None,
    credit_p: bool = False,
) -> MonitoringReport:
    """`compute_report` within the caller's snapshot: an issued period's SMS and corrections."""
    issued = session.exec(
        select(LedgerIssuance).where(
            LedgerIssuance.period_start == period.start, LedgerIssuance.period_end == period.end
        )
    ).first()
    if as_of is None and issued is not None:
        as_of = issued.issued_at
    return report_in_session(
        session,
        period=period,
        parameters=parameters,
        tz=tz,
        today=today,
        as_of=as_of,
        corrections=corrections_for(session, period.start, issued),
        credit_p=credit_p,
    )


def issued_report(
    session: Session,
    issuance: LedgerIssuance,
    parameters: Parameters,
    corrections: tuple[Correction, ...],
    *,
    tz: str,
    now: datetime,
) -> MonitoringReport:
    """An issued period's report as the database gives it now, for adjustments and verify."""
    return report_in_session(
        session,
        period=Period(issuance.period_start, issuance.period_end),
        parameters=parameters,
        tz=tz,
        today=local_date(now, tz),
        as_of=issuance.issued_at,
        corrections=corrections,
    )


def report_in_session(
    session: Session,
    *,
    period: Period,
    parameters: Parameters,
    tz: str,
    today: date,
    as_of: datetime | None,
    corrections: tuple[Correction, ...],
    credit_p: bool = False,
) -> MonitoringReport:
    """Compute a report within the caller's transaction (which sees its own writes)."""
    period_start, period_end = period
    life_years = int(parameters.technical_life_years.value)
    weeks = tuple(weeks_of_period(period_start, period_end))
    _, period_end_utc = day_bounds_utc(period_end, period_end, tz)
    by_model = bool(parameters.options and parameters.options.eta_new_by_model)
    inputs = ReportInputs(
        period_start=period_start,
        period_end=period_end,
        weeks=weeks,
        stove_groups=tuple(
            queries.stove_groups(
                session,
                period=period,
                weeks=weeks,
                life_years=life_years,
                as_of=as_of,
                by_model=by_model,
            )
        ),
        shared_stoves=tuple(
            queries.stoves_of_shared_households(
                session,
                period=period,
                life_years=life_years,
                by_model=by_model,
            )
        ),
        usage=tuple(queries.weekly_usage(session, weeks, as_of)),
        visits=tuple(queries.visits_in_period(session, period=period)),
        open_ticket_stoves=queries.stoves_with_open_ticket(session, at=period_end_utc),
        sample=sample_slots(session, period_start, period_end),
        corrections=corrections,
        far_visits=queries.far_visits_in_period(session, period=period),
        method=read_method_inputs(session, params=parameters, period=period),
        overlap=read_overlap(
            session,
            period=period,
            as_of=as_of,
            tz=tz,
            by_model=bool(parameters.options and parameters.options.eta_new_by_model),
        ),
    )
    return assemble_report(inputs, params=parameters, today=today, credit_p=credit_p)
