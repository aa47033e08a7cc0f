"""The scheduler's job store table, declared here so that Alembic, not APScheduler, creates it."""

from sqlalchemy import Column, Float, LargeBinary, Unicode
from sqlmodel import Field, SQLModel

JOBS_TABLE = "apscheduler_jobs"


class SchedulerJob(SQLModel, table=True):
    """One persisted APScheduler 3 job, exactly the columns its SQLAlchemyJobStore expects."""

    __tablename__ = JOBS_TABLE

    id: str = Field(sa_column=Column(Unicode(191), primary_key=True))
    next_run_time: float | None = Field(default=None, sa_column=Column(Float(25), index=True))
    job_state: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
