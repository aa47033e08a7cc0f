"""Stored figures and the log of data changes that says whether they are still current.

`StoredFigures` keeps one computed result per key (a console page's figures for a scope,
period and day), with the data stamp it was computed at. `DataChange` is written only by
database triggers (revision 0024) on every table that figures read: on PostgreSQL one row
per writing transaction (its transaction id), on SQLite one row (txid 0) whose counter
every written row raises. `core.figures.stamp` reads both.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime


class StoredFigures(SQLModel, table=True):
    """One computed result, current while no data changed since its stamp."""

    __tablename__ = "stored_figures"
    __table_args__ = (UniqueConstraint("key", name="uq_stored_figures_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)  # SHA-256 of what the figures depend on besides the data
    kind: str = Field(max_length=40)  # which figures (for people reading the table)
    stamp: str = Field(sa_column=Column(Text(), nullable=False))
    computed_at: datetime = Field(sa_type=UtcDateTime, nullable=False)  # type: ignore[call-overload]
    payload: str = Field(sa_column=Column(Text(), nullable=False))  # JSON


class DataChange(SQLModel, table=True):
    """A writing transaction (PostgreSQL) or the running count of written rows (SQLite)."""

    __tablename__ = "data_changes"

    txid: int = Field(sa_column=Column(BigInteger(), primary_key=True, autoincrement=False))
    changes: int = Field(default=1, nullable=False)
    changed_at: datetime = Field(sa_type=UtcDateTime, nullable=False)  # type: ignore[call-overload]
