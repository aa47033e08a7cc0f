"""The demo's staff: one coordinator of every district and one technician of Huánuco's."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.demo.programme import DISTRICTS
from core.models import StaffMember
from core.staffbot.members import invite_staff, invited_member, reissue_invite

DEMO_STAFF = (
    ("coordinator", "Coordinadora Demo", tuple(DISTRICTS)),
    ("technician", "Técnico Demo", tuple(d for d, v in DISTRICTS.items() if v[0] == "Huanuco")),
)


@dataclass(frozen=True)
class DemoMember:
    """A demo staff member and a fresh invite code while their account is not linked."""

    id: int
    role: str
    name: str
    code: str | None  # None: already linked to Telegram
    created: bool


def demo_staff(uow: Callable[[], UnitOfWork], *, now: datetime) -> list[DemoMember]:
    """Invite the demo's staff once; while not linked, each load gives them a fresh code."""
    out = []
    for role, name, districts in DEMO_STAFF:
        with uow().reading() as reading:
            member = reading.session.exec(
                select(StaffMember).where(
                    StaffMember.role == role,
                    StaffMember.name == name,
                    col(StaffMember.revoked_at).is_(None),
                )
            ).first()
            known = None if member is None else (member.id, member.linked_at is not None)
        if known is None:
            code: str | None = invite_staff(
                uow(), role=role, districts=list(districts), name=name, now=now
            )
            staff_id = invited_member(uow(), code=code or "")
            assert staff_id is not None  # made just above
            out.append(DemoMember(staff_id, role, name, code, created=True))
            continue
        staff_id, linked = known
        assert staff_id is not None
        code = None if linked else reissue_invite(uow(), staff_id=staff_id, now=now)
        out.append(DemoMember(staff_id, role, name, code, created=False))
    return out
