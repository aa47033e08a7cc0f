"""The synthetic programme the report benchmark runs on, bulk-loaded through the driver.

Stoves spread over districts and install dates (a pilot past its technical life, a few
decommissioned), one year of weekly SMS usage answers in random arrival order with some
corrections, a verification sample with its visits, and repair tickets. Deterministic for a
seed. Rows go in with executemany on SQLite and COPY on PostgreSQL.
"""

import argparse
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import make_url

YEAR = 2025
Rows = list[tuple[Any, ...]]
COLUMNS = {
    "households": "id name district community created_at",
    "stoves": "id code household_id installed_on decommissioned_on baseline_stove stove_model "
    "created_at",
    "inbound_messages": "id provider provider_id sender sender_valid recipient body raw_payload "
    "received_at stored_at interpretation needs_review",
    "usage_observations": "id stove_id week days_used open_fire_days source source_message_id "
    "reported_at superseded_at superseded_by_id",
    "sample_draws": "id period_start period_end seed size method drawn_at drawn_by",
    "sample_members": "id draw_id stove_id district rank is_reserve",
    "visits": "id stove_id visited_on in_use condition open_fire_in_use surveyor notes source "
    "recorded_at",
    "repair_tickets": "id stove_id description status opened_at closed_at",
    "kpt_measurements": "id campaign phase household day wood_kg charcoal_kg household_size "
    "imported_at",
}
# The KPT campaigns of examples/methods/kpt.toml: 40 households weighed 3 days, each phase.
KPT_CAMPAIGNS = (
    ("KPT-2024-BASE", "baseline", date(YEAR - 1, 8, 12), 9.6, 3.0),
    ("KPT-2025-PROJ", "project", date(YEAR, 5, 5), 5.2, 2.2),
)


def year_weeks(year: int) -> list[tuple[str, date]]:
    """The ISO weeks of a year (those whose Thursday is in it), with their Mondays."""
    thursday = date(year, 1, 1) + timedelta(days=(3 - date(year, 1, 1).weekday()) % 7)
    weeks = []
    while thursday.year == year:
        iso_year, number, _ = thursday.isocalendar()
        weeks.append((f"{iso_year}-W{number:02d}", thursday - timedelta(days=3)))
        thursday += timedelta(days=7)
    return weeks


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def programme(args: argparse.Namespace, rng: random.Random) -> dict[str, Rows]:
    """Households, stoves, the sample, its visits and repair tickets (the small tables)."""
    now = datetime(YEAR + 1, 1, 15, tzinfo=UTC)
    districts = [f"Distrito {i:02d}" for i in range(1, args.districts + 1)]
    households, stoves = [], []
    for i in range(1, args.stoves + 1):
        households.append((i, f"Hogar {i}", districts[i % len(districts)], "", now))
        if i <= args.stoves // 60:  # the pilot, installed in 2020: its life ends during 2025
            installed = _day(rng, date(2020, 6, 1), date(2020, 12, 31))
        else:
            installed = _day(rng, date(2021, 3, 1), date(YEAR, 6, 30))
        gone = None
        if rng.random() < 0.02:
            gone = _day(rng, max(installed, date(YEAR - 1, 1, 1)), date(YEAR, 12, 31))
        baseline = rng.choices(["open_fire", "traditional_stove", "other"], [80, 15, 5])[0]
        model = "Inkawasi II" if installed.year >= YEAR else "Inkawasi"
        # Every `several_every`-th stove is a second stove of the household before it, so the
        # report weighs households with several stoves (credited once per household-day).
        every = getattr(args, "several_every", 0)
        household = i - 1 if every and i > 1 and i % every == 0 else i
        stoves.append((i, f"TW-{i:06d}", household, installed, gone, baseline, model, now))
    first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
    sampled = rng.sample(range(1, args.stoves + 1), args.visits)
    outside = rng.sample(range(1, args.stoves + 1), args.visits // 15)
    visits = []
    for visit_id, stove_id in enumerate([*sampled, *outside], start=1):
        condition = rng.choices(["good", "needs_repair", "broken", "removed"], [90, 6, 3, 1])[0]
        visits.append(
            (
                visit_id,
                stove_id,
                _day(rng, first, last),
                rng.random() < 0.85,
                condition,
                rng.choice([True, False, False, None]),
                "bench",
                "",
                "import",
                now,
            )
        )
    tickets = []
    for ticket_id in range(1, args.stoves // 100 + 1):
        opened = datetime.combine(_day(rng, first, last), datetime.min.time(), UTC)
        closed = opened + timedelta(days=20) if rng.random() < 0.7 else None
        tickets.append(
            (
                ticket_id,
                rng.randint(1, args.stoves),
                "FALLA",
                "closed" if closed else "open",
                opened,
                closed,
            )
        )
    kpt, weigh = [], random.Random(args.seed + 1)  # its own stream: the rest stays as it was
    for campaign, phase, first_day, mean, sd in KPT_CAMPAIGNS:
        for household in range(40):
            level = max(0.5, weigh.gauss(mean, sd))
            for day in range(3):
                kpt.append(
                    (
                        len(kpt) + 1,
                        campaign,
                        phase,
                        f"H{household:02d}",
                        first_day + timedelta(days=day),
                        round(level * weigh.uniform(0.9, 1.1), 1),
                        0.0,
                        weigh.randint(2, 8),
                        now,
                    )
                )
    return {
        "kpt_measurements": kpt,
        "households": households,
        "stoves": stoves,
        "sample_draws": [(1, first, last, args.seed, args.visits, "fixed", now, "bench")],
        "sample_members": [
            (rank, 1, stove_id, districts[stove_id % len(districts)], rank, False)
            for rank, stove_id in enumerate(sampled, start=1)
        ],
        "visits": visits,
        "repair_tickets": tickets,
    }


def sms_weeks(
    args: argparse.Namespace, rng: random.Random, stoves: Rows
) -> Iterator[tuple[Rows, Rows]]:
    """One week at a time: the inbound messages and the observations (some corrected).

    SMS arrive in no particular stove order, so ids (the physical order) follow a shuffle.
    """
    message_id = observation_id = 0
    for label, monday in year_weeks(YEAR):
        sunday = monday + timedelta(days=6)
        received = datetime.combine(monday + timedelta(days=3), datetime.min.time(), UTC)
        answering = [
            stove[0]
            for stove in stoves
            if stove[3] <= sunday
            and (stove[4] is None or stove[4] > monday)
            and rng.random() < args.response
        ]
        rng.shuffle(answering)
        messages: Rows = []
        rows: Rows = []
        corrected: list[tuple[int, datetime, int]] = []
        for stove_id in answering:
            at = received + timedelta(hours=14, seconds=len(rows) % 36000)
            days_used = rng.choices(range(8), [8, 3, 3, 5, 8, 10, 12, 51])[0]
            fogon = rng.choice([0, 0, 0, 1, 3]) if rng.random() < 0.3 else None
            message_id += 1
            observation_id += 1
            messages.append(
                (
                    message_id,
                    "android",
                    f"bench-{message_id}",
                    f"+5199{stove_id:07d}",
                    True,
                    "",
                    f"USO {days_used}",
                    "",
                    at,
                    at,
                    "usage",
                    False,
                )
            )
            rows.append(
                (
                    observation_id,
                    stove_id,
                    label,
                    days_used,
                    fogon,
                    "sms",
                    message_id,
                    at,
                    None,
                    None,
                )
            )
            if rng.random() < 0.01:  # an earlier answer, corrected: kept, superseded
                corrected.append((stove_id, at, observation_id))
        for stove_id, at, replaced_by in corrected:
            observation_id += 1
            rows.append(
                (
                    observation_id,
                    stove_id,
                    label,
                    rng.randint(0, 7),
                    None,
                    "sms",
                    None,
                    at - timedelta(hours=1),
                    at,
                    replaced_by,
                )
            )
        yield messages, rows


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy stores in SQLite for these types (UTC naive text, 0/1)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class Loader:
    """Bulk insert through the driver: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            import sqlite3

            self.conn: Any = sqlite3.connect(make_url(url).database or "")
            self.conn.execute("PRAGMA synchronous=OFF")
        else:
            import psycopg

            plain = make_url(url).set(drivername="postgresql")
            self.conn = psycopg.connect(plain.render_as_string(hide_password=False))

    def insert(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Append rows to a table in the column order of COLUMNS."""
        columns = COLUMNS[table].split()
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                ([_sqlite_value(v) for v in row] for row in rows),
            )
            return
        with (
            self.conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        """Commit, refresh planner statistics as autovacuum would, and close."""
        self.conn.commit()
        if self.sqlite:  # leave the file at rest, as a running programme's would be
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            self.conn.autocommit = True
            for table in COLUMNS:
                self.conn.execute(f"VACUUM ANALYZE {table}")
            # Keep identities ahead of the explicit ids used here.
            for table in COLUMNS:
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        self.conn.close()


def load(url: str, args: argparse.Namespace) -> int:
    """Fill a migrated database with the synthetic programme; returns the observation count."""
    rng = random.Random(args.seed)
    small = programme(args, rng)
    loader = Loader(url)
    for table in ("households", "stoves"):
        loader.insert(table, small[table])
    observations = 0
    for messages, rows in sms_weeks(args, rng, small["stoves"]):
        loader.insert("inbound_messages", messages)
        loader.insert("usage_observations", rows)
        observations += len(rows)
    for table in ("sample_draws", "sample_members", "visits", "repair_tickets", "kpt_measurements"):
        loader.insert(table, small[table])
    loader.finish()
    return observations
