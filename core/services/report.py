"""The monitoring report use case: one consistent read of the database, aggregated in SQL."""

from datetime import date, datetime

from sqlmodel import Session

from core.mrv.parameters import Parameters
from core.periods import day_bounds_utc, local_date
from core.reporting import queries
from core.reporting.assembly import assemble_report
from core.reporting.inputs import ReportInputs
from core.reporting.method_inputs import read_method_inputs
from core.reporting.model import MonitoringReport
from core.reporting.weeks import weeks_of_period
from core.services.sampling import sampled_stove_ids
from core.uow import UnitOfWork

__all__ = ["MonitoringReport", "compute_report"]


def _read_one_snapshot(session: Session) -> None:
    """Make every query of the report see the same committed state, even with writers about.

    PostgreSQL's default READ COMMITTED gives each statement its own snapshot; REPEATABLE
    READ gives the whole report one. SQLite's transaction is a single snapshot already.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )


def compute_report(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    parameters: Parameters,
    tz: str,
    now: datetime,
) -> MonitoringReport:
    """Compute a period's monitoring report (mrv.md) from stored evidence, reproducibly.

    Dates are inclusive days in the programme time zone `tz`; `now` only decides whether
    the report is labelled provisional. Raises ValueError for a period ending before it starts.
    """
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    life_years = int(parameters.technical_life_years.value)
    weeks = tuple(weeks_of_period(period_start, period_end))
    _, period_end_utc = day_bounds_utc(period_end, period_end, tz)
    with uow:
        session = uow.session
        _read_one_snapshot(session)
        sampled = sampled_stove_ids(session, period_start, period_end)
        inputs = ReportInputs(
            period_start=period_start,
            period_end=period_end,
            weeks=weeks,
            stove_groups=tuple(
                queries.stove_groups(
                    session,
                    period_start=period_start,
                    period_end=period_end,
                    weeks=weeks,
                    life_years=life_years,
                    by_model=bool(parameters.options and parameters.options.eta_new_by_model),
                )
            ),
            usage=tuple(queries.weekly_usage(session, weeks)),
            visits=tuple(
                queries.visits_in_period(session, period_start=period_start, period_end=period_end)
            ),
            open_ticket_stoves=queries.stoves_with_open_ticket(session, at=period_end_utc),
            sampled=None if sampled is None else frozenset(sampled),
            method=read_method_inputs(
                session, params=parameters, period_start=period_start, period_end=period_end
            ),
        )
    return assemble_report(inputs, params=parameters, today=local_date(now, tz))
