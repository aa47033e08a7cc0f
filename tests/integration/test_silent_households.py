"""One meaning of "silent household": the prompt, the digest, /silenciosos and the CLI agree.

Before, /silenciosos counted only usage reports while the digest and the weekly prompt
counted any sign of life: a household visited last week, or imported last week, was silent
for one and not for the others (on the demo: 319 against 0).
"""

from datetime import UTC, date, datetime, timedelta

from click.testing import CliRunner

from core.field.worklists import silent_households
from core.models import Household, Phone, StaffDistrict, StaffMember, Stove, UsageObservation, Visit
from core.outbox.windows import parse_windows
from core.prompts.weekly import PromptPolicy, queue_weekly_prompts
from gateway.cli import main
from gateway.digests import build_digests
from gateway.wiring import Services

TZ = "America/Lima"
NOW = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # Friday 18:00 in Lima
LONG_AGO = NOW - timedelta(days=400)
CAMPAIGN = PromptPolicy(provider="console", tz=TZ, bulk_hours=parse_windows("mon-sun 00:00-23:59"),
                    spread=timedelta(0), silent_after=timedelta(weeks=6))


def household(services: Services, code: str, *, created: datetime = LONG_AGO) -> tuple[int, int]:
    with services.uow() as uow:
        home = Household(name=f"Familia {code}", district="Chinchao", created_at=created)
        uow.session.add(home)
        uow.session.flush()
        stove = Stove(code=code, household_id=home.id, installed_on=date(2025, 3, 1))
        uow.session.add(stove)
        uow.session.add(Phone(number=f"+5198765{home.id:04d}", household_id=home.id))
        uow.session.flush()
        uow.commit()
        assert home.id is not None and stove.id is not None
        return home.id, stove.id


def test_every_reader_of_silence_names_the_same_households(services: Services) -> None:
    never, _ = household(services, "NEVER1")
    _, visited = household(services, "VISIT1")  # no report for months, but visited last week
    household(services, "IMPRT1", created=NOW - timedelta(days=7))  # imported last week
    _, reported = household(services, "OBSRV1")  # an observation two weeks ago
    gone, gone_stove = household(services, "GONE01")  # last report eight weeks ago
    with services.uow() as uow:
        uow.session.add(Visit(stove_id=visited, visited_on=date(2026, 11, 20), in_use=True,
                              condition="good"))
        uow.session.add(UsageObservation(stove_id=reported, week="2026-W46", days_used=4,
                                         reported_at=NOW - timedelta(weeks=2)))
        uow.session.add(UsageObservation(stove_id=gone_stove, week="2026-W40", days_used=4,
                                         reported_at=NOW - timedelta(weeks=8)))
        coordinator = StaffMember(name="Ana", role="coordinator", created_at=NOW)
        uow.session.add(coordinator)
        uow.session.flush()
        uow.session.add(StaffDistrict(staff_id=coordinator.id, district="Chinchao"))
        uow.commit()

    in_bot = silent_households(services.uow(), ("Chinchao",), weeks=6, now=NOW, tz=TZ)
    prompt = queue_weekly_prompts(services.uow(), campaign=CAMPAIGN, now=NOW)
    digest = build_digests(services, week="2026-W47", now=NOW)[0]

    assert [s.code for s in in_bot] == ["NEVER1", "GONE01"]  # longest silent first
    assert sorted(prompt.silent) == sorted([never, gone])
    assert digest.silent_count == 2
    assert sorted(s.household_id for s in digest.silent) == sorted([never, gone])
    assert in_bot[1].last_heard == "2026-10-02"  # its last observation, a Lima day


def test_the_command_line_counts_them_too(services: Services) -> None:
    household(services, "NEVER1")
    household(services, "IMPRT1", created=NOW - timedelta(days=7))
    obj = {"settings": services.settings}
    result = CliRunner().invoke(main, ["households", "silent", "--weeks", "6"], obj=obj)
    obj["services"].engine.dispose()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["NEVER1"]
    assert lines[0].endswith("\tnever") and "+51" in lines[0] and "*" in lines[0]
    assert "1 silent households (6 weeks)" in result.stderr
