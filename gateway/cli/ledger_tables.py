"""The ledger's CSV exports, laid out like the Article 6.2 agreed electronic format tables."""

import json
from collections.abc import Iterable
from typing import TextIO

from core.ledger.usecases import ActionRow, BlockView
from core.models import LedgerChainEntry
from gateway.renderers.spreadsheet import SafeCsvWriter

ACTION_COLUMNS = [
    "Action ID",
    "Action date",
    "Action type",
    "Cooperative approach ID",
    "First transferring participating Party",
    "Originating registry",
    "Vintage",
    "First unique identifier",
    "Last unique identifier",
    "Quantity",
    "Transferring participating Party / acquiring participating Party",
    "Purposes for cancellation/use",
    "First transfer",
    "Authorization version",
]
HOLDING_COLUMNS = [
    "Cooperative approach ID",
    "Originating registry",
    "First transferring Party",
    "Vintage",
    "First unique identifier",
    "Last unique identifier",
    "Quantity",
    "State",
    "Authorization version",
]
ACTION_TYPES = {
    "issue": "Issuance",
    "authorize": "Authorization",
    "first_transfer": "First transfer",
    "transfer": "Transfer",
    "use": "Use",
    "cancel": "Cancellation",
}
STATE_NAMES = {
    "issued": "Issued",
    "authorized": "Authorized",
    "first_transferred": "First transferred",
    "transferred": "Transferred",
    "used": "Used",
    "cancelled": "Cancelled",
}


def write_actions(rows: Iterable[ActionRow], authorization_version: str, stream: TextIO) -> None:
    """Write the Actions table: one line per action on a serial range."""
    writer = SafeCsvWriter(stream)
    writer.writerow(ACTION_COLUMNS)
    for row in rows:
        if row.counterparty and row.action in ("first_transfer", "transfer"):
            parties = f"{row.holder_before} / {row.counterparty}"
        else:
            parties = row.holder_after  # the Party acting on units it holds
        writer.writerow(
            [
                row.action_id,
                row.action_date.isoformat(),
                ACTION_TYPES.get(row.action, row.action),
                row.identity.cooperative_approach_id,
                row.identity.first_transferring_party,
                row.identity.originating_registry,
                row.vintage,
                row.first_identifier,
                row.last_identifier,
                row.quantity,
                parties,
                row.note,
                "Yes" if row.first_transfer else "No",
                authorization_version,
            ]
        )


def write_holdings(blocks: Iterable[BlockView], authorization_version: str, stream: TextIO) -> None:
    """Write the Holdings table: every live block with its state at the chosen instant."""
    writer = SafeCsvWriter(stream)
    writer.writerow(HOLDING_COLUMNS)
    for block in blocks:
        writer.writerow(
            [
                block.identity.cooperative_approach_id,
                block.identity.originating_registry,
                block.identity.first_transferring_party,
                block.vintage,
                block.first_identifier,
                block.last_identifier,
                block.quantity,
                STATE_NAMES.get(block.state, block.state),
                authorization_version,
            ]
        )


def write_chain(links: Iterable[LedgerChainEntry], stream: TextIO) -> None:
    """Write the hash chain as JSON Lines, one link a line, for a verifier outside qoncha."""
    for link in links:
        line = {
            "seq": link.seq,
            "kind": link.kind,
            "row_id": link.row_id,
            "content": link.content,
            "prev_hash": link.prev_hash,
            "hash": link.hash,
        }
        stream.write(json.dumps(line, ensure_ascii=True) + "\n")
