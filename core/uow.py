"""The unit of work: one transaction per use case, rolled back unless the service commits."""

from types import TracebackType

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session


class UnitOfWork:
    """Opens a session on enter; services call `commit()`, anything else is rolled back."""

    session: Session

    def __init__(self, session_factory: "sessionmaker[Session]") -> None:
        self._session_factory = session_factory

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it leaves loaded
        # objects readable (detached), so services can return what they built.
        self.session.close()

    def commit(self) -> None:
        """Make the use case's changes durable."""
        self.session.commit()

    def rollback(self) -> None:
        """Drop everything since the last commit (used before retrying after a conflict)."""
        self.session.rollback()
