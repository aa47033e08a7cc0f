"""Through the real commands: an erasure keeps an issued period verifiable, the ledger and
the issued report carry no personal field, and access requests and reads are logged."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select
from test_cli_frozen_periods import HEADER, VISIT_HEADER, YEAR, write
from test_cli_ledger import MOVED_AT, invoke

from core.media import media_path, store_media
from core.messaging.inbound import InboundSms, receive_sms
from core.models import (
    Household,
    InboundMessage,
    OutboundMessage,
    Phone,
    TelegramUpdate,
    Visit,
)
from core.privacy.registry import ERASED, HIDDEN, PERSONAL_FIELDS, PHONE_NUMBER
from gateway.wiring import Services

NOW = MOVED_AT
TZ = "America/Lima"
PHOTO = b"\xff\xd8\xff a kitchen with people in it"


def personal(i: int) -> tuple[str, str, str, str]:
    """Stove S000i's household: name, phone (national), latitude, longitude."""
    return f"Familia Apaza Ccori {i}", f"98765{i:04d}", f"-14.88{i:03d}1", f"-70.58{i:03d}7"


@pytest.fixture
def programme(services_with: Callable[..., Services], tmp_path: Path) -> Services:
    """40 stoves with named households, phones and homes; 2025 visited, SMS sent, issued."""
    services = services_with(MEDIA_ROOT=str(tmp_path / "media"))
    services.clock = lambda: NOW
    rows = []
    for i in range(40):
        name, phone, lat, lon = personal(i)
        rows.append(f"S{i:04d},{name},{phone},Ayaviri,Umachiri,2025-01-01,{lat},{lon},open_fire")
    assert invoke(services, "households", "import", write(tmp_path / "h.csv", HEADER, rows)
                  ).exit_code == 0
    visits = [f"S{i:04d},2025-06-10,si,good,no,rosa" for i in range(40)]
    assert invoke(services, "visits", "import", write(tmp_path / "v.csv", VISIT_HEADER, visits)
                  ).exit_code == 0
    sms = InboundSms(provider="twilio", provider_id="SM1", sender="+51987650001",
                     recipient="+14155550123", body="USO 5 soy Rosa Apaza", raw_payload="Body=x",
                     received_at=datetime(2025, 6, 14, 15, tzinfo=UTC))
    receive_sms(services.uow(), sms, now=sms.received_at, tz=TZ, reply_via="twilio")
    digest = store_media(services.settings.media_root, PHOTO)
    with services.uow() as uow:
        uow.session.execute(text("UPDATE visits SET photo_sha256 = :d, notes = 'Rosa y su hija'"
                                 " WHERE stove_id = (SELECT id FROM stoves WHERE code = 'S0001')"),
                            {"d": digest})
        uow.commit()
    issued = invoke(services, "ledger", "issue", *YEAR, "--by", "ana")
    assert issued.exit_code == 0, issued.stderr
    return services


def snapshots(services: Services) -> str:
    """Everything the ledger keeps (chain links, issuances) and the issued report, as text."""
    with services.uow() as uow:
        chain = [str(tuple(r)) for r in uow.session.execute(text("SELECT * FROM ledger_chain"))]
        issuances = [str(tuple(r)) for r in uow.session.execute(
            text("SELECT * FROM ledger_issuances"))]
    report = invoke(services, "report", *YEAR)
    assert report.exit_code == 0, report.stderr
    return "\n".join([*chain, *issuances, report.stdout])


def personal_values(services: Services) -> set[str]:
    """Every value stored in a personal field of the registry (photo hashes are evidence)."""
    found: set[str] = set()
    with services.uow() as uow:
        for f in (*PERSONAL_FIELDS, PHONE_NUMBER):
            if not f.photo_hash:
                found |= {str(v) for v in uow.session.execute(text(
                    f"SELECT {f.column} FROM {f.table} WHERE {f.column} IS NOT NULL")).scalars()}
    return {v for v in found if len(v) >= 6}


def test_the_ledger_and_the_issued_report_hold_no_phone_name_or_home(
    programme: Services,
) -> None:
    kept = snapshots(programme)
    assert "er_tco2e" in kept and "period_start" in kept  # the scan reads real content
    values = personal_values(programme)
    assert {"Familia Apaza Ccori 1", "+51987650001", "-14.880011", "USO 5 soy Rosa Apaza",
            "Rosa y su hija"} <= values  # the registry reaches each kind
    assert [v for v in values if v in kept] == []
    assert "Apaza" not in kept and "98765" not in kept


def test_an_erasure_keeps_the_issued_period_verifiable(programme: Services) -> None:
    before = json.loads(invoke(programme, "report", *YEAR).stdout)
    photo = media_path(programme.settings.media_root, __import__("hashlib").sha256(
        PHOTO).hexdigest())
    assert photo.exists()

    with programme.uow() as uow:  # a digest that named the household to its coordinator
        uow.session.add(OutboundMessage(
            channel="email", recipient="carla@example.org", provider="email",
            body="Silenciosos: +51******001 Familia Apaza Ccori 1 (Ayaviri) 9 sem.",
            payload=json.dumps({"html": "<li>Familia Apaza Ccori 1</li>"})))
        uow.session.add(TelegramUpdate(update_id=77, payload=json.dumps(  # what staff typed
            {"message": {"text": "Familia Apaza Ccori 1, cel 987650001"}})))
        uow.commit()
    forgot = invoke(programme, "households", "forget", "--stove", "s-0001",
                    "--reason", "solicitud del titular, carta del 2026-09-10", "--by", "ana")
    assert forgot.exit_code == 0, forgot.stderr

    verified = invoke(programme, "ledger", "verify")
    assert verified.exit_code == 0, verified.stdout
    after = json.loads(invoke(programme, "report", *YEAR).stdout)
    assert after["generated_with"]["digest"] == before["generated_with"]["digest"]
    assert after["er_tco2e"] == before["er_tco2e"]
    with programme.uow() as uow:
        household = uow.session.exec(select(Household).where(
            Household.pseudonym.in_(forgot.stdout.split()))).one()  # type: ignore[attr-defined]
        assert (household.name, household.latitude, household.longitude) == ("", None, None)
        (phone,) = uow.session.exec(select(Phone).where(Phone.household_id == household.id))
        assert phone.number.startswith("forgotten:") and phone.opted_out
        (message,) = uow.session.exec(select(InboundMessage))
        assert (message.body, message.sender, message.raw_payload) == (ERASED, ERASED, "")
        visit = uow.session.exec(select(Visit).where(Visit.photo_sha256.is_not(None))).one()  # type: ignore[union-attr]
        assert visit.notes == "" and visit.in_use  # the evidence stays, its words do not
    assert not photo.exists()
    with programme.uow() as uow:
        digest = uow.session.exec(select(OutboundMessage).where(
            OutboundMessage.channel == "email")).one()
        assert "Apaza" not in digest.body + (digest.payload or "")
        assert f"+51******001 {ERASED} (Ayaviri)" in digest.body
        typed = uow.session.exec(select(TelegramUpdate)).one().payload
        assert json.loads(typed)["message"]["text"] == f"{ERASED}, cel {ERASED}"

    # The forgotten number texting again is a new, unknown phone.
    again = InboundSms(provider="twilio", provider_id="SM2", sender="+51987650001",
                       recipient="+14155550123", body="USO 3", raw_payload="",
                       received_at=NOW)
    assert receive_sms(programme.uow(), again, now=NOW, tz=TZ).interpretation == "unknown_phone"

    status = invoke(programme, "privacy", "status")
    assert "request\t" + household.pseudonym + "\tana\tsolicitud del titular" in status.stdout
    log = invoke(programme, "privacy", "access-log", "--household", household.pseudonym)
    assert "ana\tchange\tphone\t" + household.pseudonym + "\terasure" in log.stdout
    twice = invoke(programme, "households", "forget", "--phone", "987650001", "--reason", "x")
    assert twice.exit_code == 1 and "no household has that phone number" in twice.stderr


def test_an_access_request_is_answered_as_json_and_logged(
    programme: Services, tmp_path: Path
) -> None:
    answered = invoke(programme, "privacy", "export", "--stove", "S0001", "--by", "luis")
    assert answered.exit_code == 0, answered.stderr
    record = json.loads(answered.stdout)
    assert record["household"]["name"] == "Familia Apaza Ccori 1"
    assert [p["number"] for p in record["phones"]] == ["+51987650001"]
    assert [m["body"] for m in record["inbound_messages"]] == ["USO 5 soy Rosa Apaza"]
    assert [s["code"] for s in record["stoves"]] == ["S0001"]
    assert len(record["usage_observations"]) == 1
    to_file = invoke(programme, "privacy", "export", "--stove", "S0001",
                     "--out", str(tmp_path / "s1.json"))
    assert to_file.stdout == "" and json.loads((tmp_path / "s1.json").read_text())["household"]
    log = invoke(programme, "privacy", "access-log", "--by", "luis", "--since", "2026-09-15")
    kinds = [line.split("\t")[3] for line in log.stdout.splitlines()]
    assert sorted(kinds) == ["location", "message_body", "name", "phone", "photo"]
    assert invoke(programme, "privacy", "export", "--stove", "NOPE1").exit_code == 1


def test_unmasked_message_exports_are_logged_and_masked_ones_hide_bodies(
    programme: Services,
) -> None:
    masked = invoke(programme, "export", "messages", "--format", "jsonl")
    (row,) = [json.loads(line) for line in masked.stdout.splitlines()]
    assert row["body"] == HIDDEN and "Rosa" not in masked.stdout
    assert "\tread\t" not in invoke(programme, "privacy", "access-log").stdout
    unmasked = invoke(programme, "export", "messages", "--unmasked", "--by", "eva")
    assert "USO 5 soy Rosa Apaza" in unmasked.stdout
    lines = invoke(programme, "privacy", "access-log", "--by", "eva").stdout.splitlines()
    assert [line.split("\t")[1:5] for line in lines] == [
        ["eva", "read", "phone", "*"], ["eva", "read", "message_body", "*"]]


def test_a_household_is_found_by_its_phone_and_exactly_one_of_stove_or_phone_is_required(
    programme: Services,
) -> None:
    neither = invoke(programme, "households", "forget", "--reason", "x")
    both = invoke(programme, "households", "forget", "--stove", "S0002", "--phone", "987650002",
                  "--reason", "x")
    assert neither.exit_code == both.exit_code == 1
    assert "exactly one of --stove CODE or --phone NUMBER" in neither.stderr
    forgot = invoke(programme, "households", "forget", "--phone", "987 650 002", "--reason", "x")
    assert forgot.exit_code == 0, forgot.stderr
    record = json.loads(invoke(programme, "privacy", "export", "--stove", "S0002").stdout)
    assert record["household"]["name"] == "" and record["household"]["latitude"] is None
    assert [p["number"][:10] for p in record["phones"]] == ["forgotten:"]
    assert record["erasures"][0]["reason"] == "x"
    assert record["stoves"][0]["code"] == "S0002"  # the evidence stays
