"""The unit of work: one transaction per use case, rolled back unless the service commits."""

from types import TracebackType

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session


class UnitOfWork:
    """Opens a session on enter; services call `commit()`, anything else is rolled back.

    `with uow.reading():` opens a read-only one instead: on SQLite it reads a snapshot while
    writers go on, where a writing transaction would queue behind them and hold them up.
    """

    session: Session

    def __init__(
        self,
        session_factory: "sessionmaker[Session]",
        read_session_factory: "sessionmaker[Session] | None" = None,
    ) -> None:
        self._session_factory = session_factory
        self._read_session_factory = read_session_factory or session_factory
        self._reading = False

    def reading(self) -> "UnitOfWork":
        """This unit of work for read-only use (exports, reports): it never holds up writers."""
        self._reading = True
        return self

    def __enter__(self) -> "UnitOfWork":
        factory = self._read_session_factory if self._reading else self._session_factory
        self.session = factory()
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
