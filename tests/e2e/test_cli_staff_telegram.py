"""`qoncha staff …` and `qoncha telegram …` against a real database and the fake Bot API."""

import hashlib

from sqlmodel import select

from core.models import StaffDistrict, StaffInvite, StaffMember
from gateway.wiring import build_services
from tests.e2e.gateway_support import TELEGRAM_BOT_TOKEN, all_rows, invoke
from tests.support import make_settings


def test_invite_prints_a_code_stored_only_as_its_hash(db_url: str):
    settings = make_settings(db_url)
    result = invoke(settings, "staff", "invite", "--role", "technician",
                    "--district", "Chinchao", "--district", "Molino", "--name", "Rosa")
    assert result.exit_code == 0, result.output
    code = result.stdout.strip()
    assert len(code) == 10
    services = build_services(make_settings(db_url))
    (invite,) = all_rows(services, StaffInvite)
    assert invite.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert code not in repr(all_rows(services, StaffMember))
    assert (invite.expires_at - invite.created_at).days == 7
    with services.uow() as uow:
        districts = uow.session.exec(select(StaffDistrict.district)).all()
    assert sorted(districts) == ["Chinchao", "Molino"]
    services.engine.dispose()


def test_list_and_revoke(db_url: str):
    settings = make_settings(db_url)
    invoke(settings, "staff", "invite", "--role", "admin", "--name", "Ana")
    invoke(settings, "staff", "invite", "--role", "coordinator", "--district", "Molino")
    assert invoke(settings, "staff", "revoke", "1").exit_code == 0
    listing = invoke(settings, "staff", "list").stdout.splitlines()
    assert listing[1:] == ["1\tadmin\tAna\t*\trevoked", "2\tcoordinator\t\tMolino\tinvited"]


def test_a_technician_without_district_and_an_unknown_member_are_refused(db_url: str):
    settings = make_settings(db_url)
    refused = invoke(settings, "staff", "invite", "--role", "technician")
    assert refused.exit_code != 0 and "at least one --district" in refused.stderr
    assert "no staff member 9" in invoke(settings, "staff", "revoke", "9").stderr


def test_set_webhook_sends_url_secret_and_update_types_then_info_shows_them(
    db_url: str, fake_telegram
):
    settings = make_settings(
        db_url, TELEGRAM_BOT_TOKEN=TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE=fake_telegram.url,
        TELEGRAM_WEBHOOK_SECRET="s3cret", PUBLIC_BASE_URL="https://qoncha.example.org",
    )
    result = invoke(settings, "telegram", "set-webhook")
    assert result.exit_code == 0, result.output
    (call,) = fake_telegram.calls("setWebhook")
    assert call.params["url"] == "https://qoncha.example.org/telegram/webhook"
    assert call.params["secret_token"] == "s3cret"
    assert call.params["allowed_updates"] == ["message", "edited_message", "callback_query"]
    info = invoke(settings, "telegram", "info")
    assert "url: https://qoncha.example.org/telegram/webhook" in info.stdout
    assert "stored updates: none" in info.stdout


def test_set_webhook_needs_https_and_a_token(db_url: str):
    plain = make_settings(db_url, PUBLIC_BASE_URL="http://localhost:8000")
    assert "TELEGRAM_BOT_TOKEN" in invoke(plain, "telegram", "info").stderr
    with_token = make_settings(db_url, TELEGRAM_BOT_TOKEN="1:x", TELEGRAM_WEBHOOK_SECRET="s",
                               PUBLIC_BASE_URL="http://localhost:8000")
    assert "https" in invoke(with_token, "telegram", "set-webhook").stderr


def test_simulate_without_a_gateway_is_a_one_line_error(db_url: str):
    settings = make_settings(db_url, TELEGRAM_WEBHOOK_SECRET="s")
    result = invoke(settings, "telegram", "simulate", "42", "/ayuda", "--url",
                    "http://127.0.0.1:9")
    assert result.exit_code != 0
    assert result.stderr.strip() == "qoncha: no gateway at http://127.0.0.1:9: ConnectionError"
