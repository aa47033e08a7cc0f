"""The report's stoves are the stoves active during the period, by the one rule in core.models.

Before, the report's queries spelt the rule by hand as "not decommissioned before the
period's start": a stove decommissioned on the period's first day (in use on none of its
days) was counted among the stoves installed, the households served and the buyer's stove
table, while the verification sample's frame, which used the one rule, left it out.
"""

from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlmodel import col, select

from core.models import (
    STOVE_ACTIVE_DURING_SQL,
    Household,
    Stove,
    stove_active_during,
    stove_dates_active_during,
)
from core.monitoring.buyer_data import deidentified_data
from core.monitoring.report import compute_report
from core.mrv.parameters import load_parameters
from core.periods import Period
from core.reporting.method_inputs import read_method_inputs
from gateway.wiring import Services

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
# code (also its household's district, so the report's districts name its stoves):
# (installed_on, decommissioned_on)
STOVES = {
    "LAST": (date(2025, 12, 31), None),  # installed on the period's last day
    "FIRST": (date(2024, 1, 1), date(2025, 1, 1)),  # decommissioned on its first day
    "SECOND": (date(2024, 1, 1), date(2025, 1, 2)),  # in use on its first day only
    "FUTURE": (date(2024, 1, 1), date(2027, 6, 1)),  # decommission date after today
    "AFTER": (date(2026, 1, 1), None),  # installed the day after the period
    "BEFORE": (date(2023, 1, 1), date(2024, 12, 31)),  # gone the day before
}
ACTIVE = {"LAST", "SECOND", "FUTURE"}


def seed(services: Services) -> None:
    with services.uow() as uow:
        for code, (installed, gone) in STOVES.items():
            household = Household(name=f"Hogar {code}", district=code)
            uow.session.add(household)
            uow.session.flush()
            uow.session.add(
                Stove(
                    code=code,
                    household_id=household.id,
                    installed_on=installed,
                    decommissioned_on=gone,
                )
            )
        uow.commit()


def test_the_rules_three_spellings_agree_on_the_edges(services: Services) -> None:
    seed(services)
    by_dates = {c for c, (i, d) in STOVES.items() if stove_dates_active_during(i, d, *PERIOD)}
    with services.uow() as uow:
        by_orm = set(uow.session.exec(select(Stove.code).where(stove_active_during(*PERIOD))).all())
        sql = STOVE_ACTIVE_DURING_SQL.format(s="s", first=":first", last=":last")
        by_sql = {
            row[0]
            for row in uow.session.execute(
                text(f"SELECT s.code FROM stoves s WHERE {sql}"),
                {"first": PERIOD.start, "last": PERIOD.end},
            )
        }
        loaded = uow.session.exec(select(Stove).order_by(col(Stove.code))).all()
        any_day = {s.code for s in loaded if any(s.is_active_on(d) for d in PERIOD.each_day())}
    assert by_dates == by_orm == by_sql == any_day == ACTIVE


def test_the_report_counts_exactly_the_stoves_the_rule_finds(services: Services) -> None:
    seed(services)
    figures = compute_report(
        services.uow(),
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        parameters=load_parameters(),
        tz="America/Lima",
        now=NOW,
    ).as_dict()
    installed = {d["district"] for d in figures["by_district"] if d["stoves_installed"]}
    assert installed == ACTIVE
    assert figures["stoves_installed"] == len(ACTIVE)


def test_households_served_and_the_buyers_stoves_follow_the_rule(services: Services) -> None:
    seed(services)
    with services.uow() as uow:
        served = read_method_inputs(uow.session, params=load_parameters(), period=PERIOD)
    assert served.households_served == len(ACTIVE)
    tables = deidentified_data(services.uow(), period_start=PERIOD.start, period_end=PERIOD.end)
    stoves = next(t for t in tables if t.name == "stoves")
    district = stoves.columns.index("district")
    assert {row[district] for row in stoves.rows} == ACTIVE
