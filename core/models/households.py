"""Households, their stoves and the phones that report for them."""

from datetime import date, datetime
from functools import partial

from sqlalchemy import Column, ColumnElement, and_, or_
from sqlmodel import Field, SQLModel, col

from core.models.base import UtcDateTime, utcnow
from core.privacy.pseudonyms import STOVE_PREFIX, new_pseudonym

BASELINE_STOVES = ("open_fire", "traditional_stove", "other")


class HouseholdBase(SQLModel):
    name: str = Field(max_length=200)
    # The programme's own household id, optional: rows sharing it are several stoves of one
    # household (counted as stoves; the report says how many households they serve).
    code: str | None = Field(default=None, max_length=50, unique=True, index=True)
    district: str = Field(max_length=100, index=True)
    community: str = Field(default="", max_length=100)
    latitude: float | None = None
    longitude: float | None = None


class Household(HouseholdBase, table=True):
    __tablename__ = "households"

    id: int | None = Field(default=None, primary_key=True)
    # What evidence and logs name the household by: random, stable, survives an erasure.
    pseudonym: str = Field(default_factory=new_pseudonym, max_length=20, unique=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )


class StoveBase(SQLModel):
    code: str = Field(max_length=20, unique=True, index=True)
    installed_on: date
    decommissioned_on: date | None = None
    baseline_stove: str = Field(default="open_fire", max_length=20)
    # The project stove's model, for an efficiency per model and installation year.
    stove_model: str = Field(default="", max_length=50)


class Stove(StoveBase, table=True):
    __tablename__ = "stoves"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id", index=True)
    # What the buyer's data names the stove by (never its code, which is printed on it).
    pseudonym: str = Field(
        default_factory=partial(new_pseudonym, STOVE_PREFIX), max_length=20, unique=True,
        index=True,
    )
    # The installation photo's SHA-256 (/instalar); the file is under MEDIA_ROOT, as visits'.
    photo_sha256: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )

    def is_active_on(self, day: date) -> bool:
        """The one rule, for a loaded stove (see `stove_active_on`)."""
        return stove_dates_active_during(self.installed_on, self.decommissioned_on, day, day)


# A stove is in use on day D from its installation day until the day before its decommission
# date: installed_on <= D < decommissioned_on. Over a period [a, b] it is active when it is
# active on at least one of its days: installed_on <= b and decommissioned_on > a. These
# spellings (plain dates, a loaded stove, an ORM condition, driver SQL) are the only ones in
# qoncha; a stove decommissioned on a period's first day is not active during it.
def stove_dates_active_during(
    installed_on: date, decommissioned_on: date | None, first: date, last: date
) -> bool:
    """The one rule on plain dates: in use on at least one day of first..last (inclusive)."""
    return installed_on <= last and (decommissioned_on is None or decommissioned_on > first)


STOVE_ACTIVE_DURING_SQL = (
    "{s}.installed_on <= {last}"
    " AND ({s}.decommissioned_on IS NULL OR {s}.decommissioned_on > {first})"
)
STOVE_ACTIVE_ON_SQL = STOVE_ACTIVE_DURING_SQL.format(s="{s}", first="{day}", last="{day}")


def stove_active_on(day: date) -> ColumnElement[bool]:
    """Stoves in use on `day` (the condition, for a query on Stove)."""
    return stove_active_during(day, day)


def stove_active_during(first: date, last: date) -> ColumnElement[bool]:
    """Stoves in use on at least one day of first..last (inclusive)."""
    return and_(col(Stove.installed_on) <= last,
                or_(col(Stove.decommissioned_on).is_(None), col(Stove.decommissioned_on) > first))


class Phone(SQLModel, table=True):
    """A number in E.164; several phones may report for one household (a family shares stoves)."""

    __tablename__ = "phones"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, unique=True, index=True)
    household_id: int | None = Field(default=None, foreign_key="households.id", index=True)
    opted_out: bool = False
    opted_out_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    # Set when a provider says the number can never receive (Twilio 21211/21614): not sent to.
    invalid_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
