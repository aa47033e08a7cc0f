"""The ITMO ledger's use cases, in one place: issue, move, list, export and verify.

Every change appends rows; nothing is ever edited except the serial counter. The work is
split by area: `ledger_issue` (periods into vintage blocks), `ledger_moves` (state moves
and splits), `ledger_reports` (actions and holdings), `ledger_holdings` (year-end holdings
frozen in the chain), `ledger_verify` (the audit).
"""

from core.db.uow import UnitOfWork
from core.ledger.chain import load_chain
from core.ledger.holdings import FrozenHoldings, freeze_holdings
from core.ledger.issue import IssuanceResult, ReportReferences, issue_period
from core.ledger.itmo import ItmoIdentity, LedgerError
from core.ledger.moves import move_block
from core.ledger.query import BlockView, load_ledger
from core.ledger.reports import ActionRow, actions, holdings
from core.ledger.verify import VerifyResult, verify_ledger
from core.models import LedgerChainEntry

__all__ = [
    "ActionRow",
    "BlockView",
    "FrozenHoldings",
    "IssuanceResult",
    "ItmoIdentity",
    "LedgerError",
    "ReportReferences",
    "VerifyResult",
    "actions",
    "freeze_holdings",
    "holdings",
    "issue_period",
    "chain_links",
    "list_blocks",
    "move_block",
    "verify_ledger",
]


def list_blocks(uow: UnitOfWork, *, include_retired: bool = False) -> list[BlockView]:
    """List blocks with their current state, so staff can pick the one to move."""
    with uow.reading():
        return load_ledger(uow.session).views(live_only=not include_retired)


def chain_links(uow: UnitOfWork) -> list[LedgerChainEntry]:
    """Every hash-chain link in order, for an outside verifier to check without qoncha."""
    with uow.reading():
        return load_chain(uow.session)
