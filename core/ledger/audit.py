"""What `ledger verify` adds to the replay: the hash chain, and each issued report recomputed.

Both work from the database as it is now. The chain shows any ledger row changed, removed
or slipped in behind the services (even with the triggers dropped); the recomputed reports
show evidence changed under an issued period without a recorded adjustment.
"""

import json
from collections.abc import Mapping
from datetime import datetime

from sqlmodel import Session, SQLModel, col, select

from core.ledger.adjustments import corrections_for, expected_state, parameters_of
from core.ledger.chain import GENESIS, KINDS, content_of, link_hash, load_chain
from core.models import LedgerAdjustment, LedgerIssuance
from core.monitoring.report import issued_report

_SHORT = 12  # digest characters shown; enough to tell two apart


def _name(kind: str, row_id: int, content: str) -> str:
    """How a verifier reads a ledger row's name, from its canonical JSON."""
    values = json.loads(content)
    if kind == "record":
        return f"ledger record {row_id} (block {values.get('block_id')}, seq {values.get('seq')})"
    if kind == "issuance":
        return f"issuance {row_id} ({values.get('period_start')}..{values.get('period_end')})"
    return f"ledger {kind} {row_id}"


def _changes(recorded: str, now: str) -> str:
    """Name the fields that differ between two canonical JSON rows."""
    before, after = json.loads(recorded), json.loads(now)
    return ", ".join(
        f"{key} {before.get(key)!r} -> {after.get(key)!r}"
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    )


def check_chain(session: Session, problems: list[str]) -> tuple[int, str]:
    """Recompute every link and compare it with the rows; returns (links, head hash)."""
    rows: dict[str, Mapping[int, SQLModel]] = {
        kind: {r.id: r for r in session.exec(select(model))}  # type: ignore[attr-defined]
        for kind, model in KINDS.items()
    }
    prev, expected_seq, linked = GENESIS, 1, set()
    entries = load_chain(session)
    for entry in entries:
        row = rows[entry.kind].get(entry.row_id) if entry.kind in rows else None
        name = _name(entry.kind, entry.row_id, entry.content)
        if entry.seq != expected_seq:
            problems.append(f"chain links {expected_seq}..{entry.seq - 1} are missing")
        if entry.prev_hash != prev:
            problems.append(f"chain link {entry.seq} ({name}) does not follow the link before it")
        if link_hash(entry.prev_hash, entry.content) != entry.hash:
            problems.append(f"chain link {entry.seq} ({name}): its hash does not match its content")
        prev, expected_seq = entry.hash, entry.seq + 1
        linked.add((entry.kind, entry.row_id))
        if row is None:
            problems.append(f"{name} was deleted (chain link {entry.seq})")
            continue
        content = content_of(entry.kind, row)
        if content != entry.content:
            problems.append(
                f"{name} no longer matches chain link {entry.seq}: "
                + _changes(entry.content, content)
            )
    for kind, by_id in rows.items():
        for row_id, row in sorted(by_id.items()):
            if (kind, row_id) not in linked:
                name = _name(kind, row_id, content_of(kind, row))
                problems.append(f"{name} is not in the hash chain")
    return len(entries), prev


def check_issued_reports(
    session: Session, *, tz: str, now: datetime
) -> tuple[list[str], list[str]]:
    """Recompute each issued period's report; give (problems, adjustment notes)."""
    problems: list[str] = []
    notes: list[str] = []
    issuances = list(
        session.exec(select(LedgerIssuance).order_by(col(LedgerIssuance.period_start)))
    )
    for issuance in issuances:
        period = f"period {issuance.period_start}..{issuance.period_end} (issuance {issuance.id})"
        notes.extend(_adjustment_notes(session, issuance, period))
        parameters = parameters_of(issuance)
        if parameters is None:
            problems.append(f"{period}: no parameter set recorded, its report cannot be recomputed")
            continue
        carried = corrections_for(session, issuance.period_start, issuance)
        report = issued_report(session, issuance, parameters, carried, tz=tz, now=now)
        er, digest = expected_state(session, issuance)
        if report.digest != digest:
            problems.append(
                f"{period}: its report recomputed from the database has digest "
                f"{report.digest[:_SHORT]}, not the {digest[:_SHORT]} recorded "
                f"(ER now {report.er_tco2e:.4f} tCO2e, recorded {er:.4f}): evidence changed "
                "after issuance without an adjustment"
            )
    return problems, notes


def _adjustment_notes(session: Session, issuance: LedgerIssuance, period: str) -> list[str]:
    """One line per post-issuance adjustment of this period."""
    adjustments = session.exec(
        select(LedgerAdjustment)
        .where(LedgerAdjustment.issuance_id == issuance.id)
        .order_by(col(LedgerAdjustment.recorded_at), col(LedgerAdjustment.id))
    )
    return [
        f"{period}: adjustment {a.id} on {a.recorded_at:%Y-%m-%d} by {a.recorded_by or '?'} "
        f"({a.kind}: {a.reason}): ER {a.er_before:.4f} -> {a.er_after:.4f} tCO2e "
        f"({a.er_after - a.er_before:+.4f}), carried into the next issuance"
        + ("" if a.er_after < a.er_before else " as a note only (not a reduction)")
        for a in adjustments
    ]
