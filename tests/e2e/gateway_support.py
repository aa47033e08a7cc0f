"""Helpers shared by the gateway end-to-end tests: seeding, counting, signing, reading TwiML.

Signatures are computed here independently of gateway code (the `twilio` package's own
validator, the stdlib's hmac), so a wrong rule in the gateway cannot agree with itself.
"""

import hashlib
import hmac
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from click.testing import CliRunner, Result
from flask.testing import FlaskClient
from sqlmodel import func, select
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from core.gsm7 import fits_one_segment
from core.models import Household, Stove
from core.outbox.dispatch import Pacing
from core.settings import Settings
from gateway.cli import main
from gateway.wiring import Services

# Friday 2026-11-27 19:46:20 in Lima (UTC-5), just after the recorded Android SMS was received.
# A report is about the week 3 days earlier: Tuesday 2026-11-24, ISO week 2026-W48.
NOW = datetime(2026, 11, 28, 0, 46, 20, tzinfo=UTC)
WEEK = "2026-W48"
PHONE = "+51987654321"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

TWILIO_ACCOUNT_SID = "AC3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b"  # the recorded fixtures' account
TWILIO_AUTH_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
TWILIO_NUMBER = "+14155550123"
ANDROID_USER = "qoncha"
ANDROID_PASSWORD = "android-password-for-tests"
ANDROID_SIGNING_KEY = "android-signing-key-for-tests"
TELEGRAM_BOT_TOKEN = "7000000001:AAF-test-token-for-the-fake"


def invoke(settings: Settings, *args: str) -> Result:
    """Run the command line as a user would, then close the database connections it opened."""
    obj: dict[str, Any] = {"settings": settings}
    result = CliRunner().invoke(main, list(args), obj=obj)
    services: Services | None = obj.get("services")
    if services is not None:
        services.engine.dispose()
    return result


def unpaced(services: Services, **run: Any) -> Pacing:
    """A dispatcher run under the wired policy without its rate limits and bulk hours."""
    return Pacing(replace(services.policy, limiter=None, bulk_hours=None), **run)


def seed_stove(services: Services, code: str = "ABC123") -> int:
    """One household with one stove installed 2025-03-01, as the installers' import leaves it."""
    with services.uow() as uow:
        household = Household(name="Familia Quispe", district="Chinchao", community="Huanacaure")
        uow.session.add(household)
        uow.session.flush()
        assert household.id is not None
        stove = Stove(code=code, household_id=household.id, installed_on=date(2025, 3, 1))
        uow.session.add(stove)
        uow.commit()
        assert stove.id is not None
        return stove.id


def count(services: Services, model: type) -> int:
    """Rows in a model's table (a read-only transaction: it never holds up a writer)."""
    with services.uow().reading() as uow:
        return int(uow.session.exec(select(func.count()).select_from(model)).one())


def all_rows(services: Services, model: Any) -> list[Any]:
    """Every row of a model's table, oldest first (read-only: it never holds up a writer)."""
    with services.uow().reading() as uow:
        return list(uow.session.exec(select(model).order_by(model.id)))


def fixture_bytes(name: str) -> bytes:
    """A recorded provider payload, byte for byte."""
    return (FIXTURES / name).read_bytes()


def fixture_form(name: str) -> dict[str, str]:
    """A recorded form-encoded payload as Twilio's parameters (blank values kept)."""
    return dict(parse_qsl(fixture_bytes(name).decode(), keep_blank_values=True))


def twilio_params(body: str, *, sid: str, sender: str = PHONE, **extra: str) -> dict[str, str]:
    """An inbound-SMS webhook's parameters, shaped like the recorded one."""
    params = fixture_form("twilio_inbound.txt")
    params.update(
        {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "From": sender, "Body": body}
    )
    params.update(extra)
    return params


def post_twilio(
    client: FlaskClient,
    params: dict[str, str],
    *,
    token: str | None = TWILIO_AUTH_TOKEN,
    signed_url: str = "http://localhost/sms/twilio",
    path: str = "/sms/twilio",
    base_url: str = "http://localhost",
) -> TestResponse:
    """POST form parameters as Twilio does, signed by the `twilio` package (unsigned if None)."""
    headers = {}
    if token is not None:
        signature = RequestValidator(token).compute_signature(signed_url, params)
        headers["X-Twilio-Signature"] = signature
    return client.post(
        path,
        data=urlencode(params),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
        base_url=base_url,
    )


def twiml_messages(response: TestResponse) -> list[str]:
    """The texts of a 200 TwiML answer's <Message>s (none for <Response/>), each one SMS."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.get_data())
    assert root.tag == "Response"
    assert all(child.tag == "Message" for child in root)
    texts = [message.text or "" for message in root]
    assert all(fits_one_segment(text) for text in texts), texts  # one GSM-7 SMS, <= 160
    return texts


def android_signature(key: str, raw: bytes, timestamp: str) -> str:
    """The app's rule, written out again: hex HMAC-SHA256 over the raw body then X-Timestamp."""
    return hmac.new(key.encode(), raw + timestamp.encode(), hashlib.sha256).hexdigest()


def post_android(
    client: FlaskClient,
    raw: bytes,
    *,
    key: str = ANDROID_SIGNING_KEY,
    timestamp: datetime = NOW,
    signature: str | None = None,
) -> TestResponse:
    """POST a JSON webhook as the Android app does, signed with `key` at `timestamp`."""
    stamp = str(int(timestamp.timestamp()))
    headers = {"X-Timestamp": stamp, "X-Signature": signature or android_signature(key, raw, stamp)}
    return client.post("/sms/android", data=raw, content_type="application/json", headers=headers)


def import_stoves(services: Services, folder: Path, *, stoves: int = 40, visited: int = 40) -> None:
    """`stoves` stoves of Ayaviri installed 1 January 2025, the first `visited` of them visited
    in use on 10 March 2026, imported through the command line."""
    households = folder / "households.csv"
    rows = [f"S{i:02d},Familia {i},,Ayaviri,Umachiri,2025-01-01,,,open_fire" for i in range(stoves)]
    households.write_text(
        "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
        "baseline_stove\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    visits = folder / "visits.csv"
    visits.write_text(
        "stove_code,visited_on,in_use,condition,open_fire_in_use,surveyor\n"
        + "".join(f"S{i:02d},2026-03-10,si,good,no,rosa\n" for i in range(visited)),
        encoding="utf-8",
    )
    for command in (["households", "import", str(households)], ["visits", "import", str(visits)]):
        result = CliRunner().invoke(main, command, obj={"services": services})
        assert result.exit_code == 0, result.stderr
