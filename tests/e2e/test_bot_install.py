"""/instalar end to end: the conversation, its checks, the records and the welcome SMS."""

import hashlib
import re
from datetime import date

from core.media import media_path
from core.models import AccessLogEntry, Consent, Household, OutboundMessage, Phone, Stove
from core.monitoring.buyer_data import deidentified_data
from core.privacy.consent import NOTICE_VERSION
from core.privacy.erasure import forget_household
from core.privacy.subject import household_record
from core.staffbot import texts as staff_texts
from tests.e2e.gateway_support import all_rows, seed_stove
from tests.e2e.telegram_support import BotEnv

ROSA = 111
LOCATION = {"latitude": -9.93, "longitude": -76.24}


def photo_of(file_id: str, size: int = 52_000) -> list[dict[str, object]]:
    """A photo message's sizes, as Telegram sends them (largest last)."""
    return [{"file_id": file_id + "-s", "file_unique_id": "a", "width": 90, "height": 90,
             "file_size": 1200},
            {"file_id": file_id, "file_unique_id": "b", "width": 1280, "height": 960,
             "file_size": size}]


def install_until_location(env: BotEnv, code: str = "QW1234", district: str | None = None) -> None:
    """Answer up to the location (the district only for a member with several)."""
    env.say(ROSA, "/instalar")
    env.say(ROSA, code)
    env.say(ROSA, "Familia Huaman")
    env.say(ROSA, "987 654 321")
    if district:
        env.say(ROSA, district)
    env.say(ROSA, "Huanacaure")


def test_an_installation_is_registered_with_a_welcome_sms(bot_env: BotEnv):
    bot_env.enrol(ROSA, districts=("Chinchao", "Molino"))
    install_until_location(bot_env, district="Chinchao")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_LOCATION
    bot_env.say(ROSA, "cerca del colegio")  # text where a location is expected
    assert bot_env.last(ROSA) == staff_texts.NEEDS_LOCATION
    bot_env.post(bot_env.message(ROSA, location=LOCATION))
    bot_env.say(ROSA, "Fogón abierto")
    photo = b"\xff\xd8\xff a stove photo"
    bot_env.api.add_file("ph-1", photo)
    bot_env.post(bot_env.message(ROSA, photo=photo_of("ph-1")))
    assert bot_env.last(ROSA) == staff_texts.INSTALL_CONSENT
    bot_env.say(ROSA, "Sí")
    summary = bot_env.last(ROSA)
    assert "Código: QW1234" in summary and "Celular: +51987654321" in summary
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_DONE.format(code="QW1234")

    (stove,) = all_rows(bot_env.services, Stove)
    assert stove.photo_sha256 == hashlib.sha256(photo).hexdigest()  # the photo, on the stove
    (household,) = all_rows(bot_env.services, Household)
    (phone,) = all_rows(bot_env.services, Phone)
    assert (stove.code, stove.baseline_stove, stove.installed_on.isoformat()) == (
        "QW1234", "open_fire", "2026-11-27")  # the day in Lima
    assert (household.name, household.district, household.community) == (
        "Familia Huaman", "Chinchao", "Huanacaure")
    assert (household.latitude, household.longitude) == (-9.93, -76.24)
    assert phone.number == "+51987654321" and phone.household_id == household.id
    (welcome,) = all_rows(bot_env.services, OutboundMessage)
    assert (welcome.channel, welcome.recipient, welcome.purpose) == (
        "sms", "+51987654321", "welcome")
    assert "QW1234" in welcome.body
    digest = hashlib.sha256(photo).hexdigest()
    media = bot_env.services.settings.media_root
    assert (bot_env.api.calls("getFile")[0].params["file_id"]) == "ph-1"
    assert (media and __import__("pathlib").Path(media, digest[:2], f"{digest}.jpg").read_bytes()
            == photo)


def test_bad_answers_are_asked_again(bot_env: BotEnv):
    seed_stove(bot_env.services, "ABC123")
    bot_env.enrol(ROSA, districts=("Chinchao", "Pampas"))
    bot_env.say(ROSA, "/instalar")
    bot_env.say(ROSA, "abc-123")
    assert "ya está en uso" in bot_env.last(ROSA)
    bot_env.say(ROSA, "x")
    assert "3 a 12 letras" in bot_env.last(ROSA)
    bot_env.say(ROSA, "NEW777")
    bot_env.say(ROSA, "Familia Rojas")
    bot_env.say(ROSA, "12345")
    assert "no es válido" in bot_env.last(ROSA)
    bot_env.say(ROSA, "987654321")
    bot_env.say(ROSA, "Molino")  # not one of hers
    assert "sus distritos" in bot_env.last(ROSA)
    bot_env.say(ROSA, "/tickets")
    assert bot_env.last(ROSA) == staff_texts.IN_CONVERSATION
    bot_env.say(ROSA, "/cancelar")
    assert bot_env.last(ROSA) == staff_texts.CANCELLED
    assert len(all_rows(bot_env.services, Stove)) == 1


def test_photo_too_large_or_failing_download_gets_a_reply_and_the_step_stays(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    install_until_location(bot_env)
    bot_env.say(ROSA, "Sin ubicación")
    bot_env.say(ROSA, "sin señal")
    bot_env.say(ROSA, "Otra")
    bot_env.post(bot_env.message(ROSA, photo=photo_of("big", size=30 * 2**20)))
    assert "demasiado grande" in bot_env.last(ROSA)
    bot_env.post(bot_env.message(ROSA, photo=photo_of("missing")))  # getFile fails
    assert bot_env.last(ROSA) == staff_texts.PHOTO_FAILED
    bot_env.say(ROSA, "Omitir foto")
    bot_env.say(ROSA, "Sí")
    assert "sin ubicación (sin señal)" in bot_env.last(ROSA)
    bot_env.say(ROSA, "Confirmar")
    (household,) = all_rows(bot_env.services, Household)
    assert household.latitude is None
    assert {u.status for u in bot_env.updates()} == {"handled"}


def test_a_confirmation_whose_reply_failed_is_retried_without_registering_twice(
    bot_env: BotEnv,
):
    bot_env.enrol(ROSA)
    install_until_location(bot_env)
    for answer in ("Sin ubicación", "lejos", "Otra", "Omitir foto", "Sí"):
        bot_env.say(ROSA, answer)
    bot_env.api.fail_next_with_server_error()  # the "done" reply is lost once
    bot_env.say(ROSA, "Confirmar")
    failed = bot_env.updates()[-1]
    assert failed.status == "failed"
    assert len(all_rows(bot_env.services, Stove)) == 1
    bot_env.services.clock = lambda: failed.next_attempt_at
    bot_env.client.application.extensions["qoncha_bot"].wake()
    bot_env.settle()
    assert bot_env.updates()[-1].status == "handled"
    assert bot_env.last(ROSA) == staff_texts.INSTALL_DONE.format(code="QW1234")
    assert len(all_rows(bot_env.services, Stove)) == 1
    assert len(all_rows(bot_env.services, OutboundMessage)) == 1  # one welcome SMS


def test_the_household_agreeing_is_recorded_as_consent_and_refusing_registers_nothing(
    bot_env: BotEnv,
):
    bot_env.enrol(ROSA)
    install_until_location(bot_env)
    for answer in ("Sin ubicación", "lejos", "Otra", "Omitir foto"):
        bot_env.say(ROSA, answer)
    assert bot_env.last(ROSA) == staff_texts.INSTALL_CONSENT
    bot_env.say(ROSA, "quizás")
    assert bot_env.last(ROSA) == staff_texts.CHOOSE_BUTTON
    bot_env.say(ROSA, "No")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_NO_CONSENT
    assert all_rows(bot_env.services, Household) == []

    install_until_location(bot_env, code="QW5678")
    for answer in ("Sin ubicación", "lejos", "Otra", "Omitir foto", "Sí", "Confirmar"):
        bot_env.say(ROSA, answer)
    (household,) = all_rows(bot_env.services, Household)
    (stove,) = [s for s in all_rows(bot_env.services, Stove) if s.code == "QW5678"]
    assert re.fullmatch(r"S-[0-9a-f]{16}", stove.pseudonym)
    (consent,) = all_rows(bot_env.services, Consent)
    assert (consent.household_id, consent.channel, consent.notice_version) == (
        household.id, "bot", NOTICE_VERSION)
    assert consent.recorded_by.startswith("staff ")
    logged = all_rows(bot_env.services, AccessLogEntry)
    assert sorted((e.kind, e.action, e.purpose) for e in logged) == [
        ("name", "change", "consent recorded (bot)"), ("name", "change", "households import"),
        ("phone", "change", "households import")]
    assert {(e.actor, e.pseudonym) for e in logged} == {(consent.recorded_by, household.pseudonym)}


def test_one_answer_is_corrected_from_the_summary_and_the_summary_returns(bot_env: BotEnv):
    bot_env.enrol(ROSA)  # one district: it is not asked
    install_until_location(bot_env)
    for answer in ("Sin ubicación", "lejos", "Otra", "Omitir foto", "Sí"):
        bot_env.say(ROSA, answer)
    assert "Celular: +51987654321" in bot_env.last(ROSA)
    assert [b for row in bot_env.api.sent(ROSA)[-1]["reply_markup"]["keyboard"] for b in row] \
        == [{"text": t} for t in (staff_texts.CONFIRM, staff_texts.CORRECT, staff_texts.CANCEL)]
    bot_env.say(ROSA, "Corregir")
    labels = [b["text"] for row in bot_env.api.sent(ROSA)[-1]["reply_markup"]["keyboard"]
              for b in row]
    assert "Celular" in labels and "Distrito" not in labels
    bot_env.say(ROSA, "Celular")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_PHONE
    bot_env.say(ROSA, "912 345 678")
    summary = bot_env.last(ROSA)  # straight back: nothing else asked again
    assert summary.startswith("Resumen:") and "Celular: +51912345678" in summary
    assert "Comunidad: Huanacaure" in summary and "Distrito: Chinchao" in summary
    bot_env.say(ROSA, "Corregir")
    bot_env.say(ROSA, "Ubicación")
    bot_env.post(bot_env.message(ROSA, location=LOCATION))
    assert "-9.93000, -76.24000" in bot_env.last(ROSA)
    bot_env.say(ROSA, "Confirmar")
    (phone,) = all_rows(bot_env.services, Phone)
    (household,) = all_rows(bot_env.services, Household)
    assert phone.number == "+51912345678" and household.latitude == -9.93


def test_a_yes_after_a_refused_code_is_not_read_as_a_code(bot_env: BotEnv):
    seed_stove(bot_env.services, "ABC123")
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/instalar")
    bot_env.say(ROSA, "ABC123")
    assert bot_env.last(ROSA).endswith(staff_texts.CODE_AGAIN)  # what to send next, said once
    bot_env.say(ROSA, "Sí")
    assert bot_env.last(ROSA) == f"«Sí» es una respuesta, no un código. {staff_texts.CODE_AGAIN}"
    bot_env.say(ROSA, "QW4321")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_NAME


def test_a_clean_installation_takes_ten_actions(bot_env: BotEnv):
    """/instalar, code, name, phone, community, location, before, photo, consent, Confirmar."""
    bot_env.enrol(ROSA)
    before = len(bot_env.updates())
    install_until_location(bot_env)
    bot_env.post(bot_env.message(ROSA, location=LOCATION))
    bot_env.say(ROSA, "Otra")
    bot_env.api.add_file("ph-2", b"\xff\xd8\xff another stove")
    bot_env.post(bot_env.message(ROSA, photo=photo_of("ph-2")))
    bot_env.say(ROSA, "Sí")
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA) == staff_texts.INSTALL_DONE.format(code="QW1234")
    assert len(bot_env.updates()) - before == 10


def test_the_installation_photo_hash_is_in_the_household_record_the_data_and_its_erasure(
    bot_env: BotEnv,
):
    bot_env.enrol(ROSA)
    install_until_location(bot_env)
    bot_env.post(bot_env.message(ROSA, location=LOCATION))
    bot_env.say(ROSA, "Otra")
    photo = b"\xff\xd8\xff the stove on its first day"
    bot_env.api.add_file("ph-3", photo)
    bot_env.post(bot_env.message(ROSA, photo=photo_of("ph-3")))
    bot_env.say(ROSA, "Sí")
    bot_env.say(ROSA, "Confirmar")
    digest = hashlib.sha256(photo).hexdigest()
    services = bot_env.services

    record = household_record(services.uow(), stove_code="QW1234", actor="luis",
                              now=services.clock())
    assert [s["photo_sha256"] for s in record["stoves"]] == [digest]
    (stoves, *_) = deidentified_data(services.uow(), period_start=date(2026, 11, 1),
                                     period_end=date(2026, 11, 30))
    assert stoves.columns[-1] == "photo_sha256" and [r[-1] for r in stoves.rows] == [digest]

    file = media_path(services.settings.media_root, digest)
    assert file.exists()
    forget_household(services.uow(), stove_code="QW1234", phone=None, reason="pedido",
                     actor="ana", media_root=services.settings.media_root, now=services.clock())
    assert not file.exists()
