"""One rule for "is this stove in use on day D", in its three spellings, on both backends.

Before, the bot's /resumen counted only stoves with no decommission date at all, so a stove
to be retired next month vanished from today's response rate, while the report counted it.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from core.field.worklists import district_summary
from core.models import (
    STOVE_ACTIVE_ON_SQL,
    Household,
    Stove,
    stove_active_during,
    stove_active_on,
)
from core.staffbot.members import Staff
from gateway.wiring import Services

STOVES = {  # code: (installed_on, decommissioned_on)
    "OLD001": (date(2024, 1, 1), date(2025, 6, 1)),
    "NOW001": (date(2025, 3, 1), None),
    "END001": (date(2025, 3, 1), date(2026, 12, 31)),  # to be retired later
    "NEW001": (date(2026, 12, 1), None),  # installed later than the day asked about
}
DAYS = [date(2024, 1, 1), date(2025, 5, 31), date(2025, 6, 1), date(2026, 11, 28),
        date(2026, 12, 1), date(2026, 12, 31)]


@pytest.fixture
def stoves(services: Services) -> None:
    with services.uow() as uow:
        home = Household(name="Familia", district="Chinchao")
        uow.session.add(home)
        uow.session.flush()
        for code, (installed, ended) in STOVES.items():
            uow.session.add(Stove(code=code, household_id=home.id, installed_on=installed,
                                  decommissioned_on=ended))
        uow.commit()


def expected(day: date) -> set[str]:
    return {c for c, (start, end) in STOVES.items() if start <= day and (end is None or end > day)}


@pytest.mark.parametrize("day", DAYS)
def test_the_condition_the_sql_and_the_method_agree(services: Services, stoves: None,
                                                    day: date) -> None:
    with services.uow() as uow:
        by_orm = set(uow.session.exec(select(Stove.code).where(stove_active_on(day))).all())
        by_sql = {row[0] for row in uow.session.execute(
            text("SELECT s.code FROM stoves s WHERE "
                 + STOVE_ACTIVE_ON_SQL.format(s="s", day=":day")), {"day": day})}
        by_method = {s.code for s in uow.session.exec(select(Stove)).all() if s.is_active_on(day)}
    assert by_orm == by_sql == by_method == expected(day)


def test_a_period_takes_stoves_active_on_any_of_its_days(services: Services,
                                                         stoves: None) -> None:
    with services.uow() as uow:
        during = set(uow.session.exec(select(Stove.code).where(
            stove_active_during(date(2025, 6, 1), date(2026, 11, 30)))
            .order_by(col(Stove.code))).all())
    assert during == {"NOW001", "END001"}  # OLD001 retired on the first day, NEW001 after


def test_resumen_counts_a_stove_to_be_retired_later_and_not_one_not_yet_installed(
    services: Services, stoves: None
) -> None:
    staff = Staff(id=1, name="Rosa", role="technician", districts=("Chinchao",), chat_id=None)
    now = datetime(2026, 11, 28, 15, tzinfo=UTC)
    summary = district_summary(services.uow(), staff, now=now, tz="America/Lima")
    assert summary.stoves == len(expected(date(2026, 11, 28))) == 2
