"""/visita end to end: the visit the report credits, its photo and location, the far flag."""

import hashlib
from datetime import date
from pathlib import Path

from core.models import Household, Stove, Visit
from core.monitoring.report import compute_report
from core.staffbot import texts as staff_texts
from tests.e2e.gateway_support import all_rows
from tests.e2e.telegram_support import BotEnv
from tests.e2e.test_bot_install import photo_of

ROSA = 111
HOUSE = {"latitude": -9.9300, "longitude": -76.2400}
NEAR = {"latitude": -9.9330, "longitude": -76.2410}  # ~350 m away
FAR = {"latitude": -9.9750, "longitude": -76.2400}  # ~5 km away


def seed(env: BotEnv, code: str = "ABC123", district: str = "Chinchao") -> None:
    """A stove installed in 2025 at a registered location."""
    with env.services.uow() as uow:
        household = Household(name="Familia Quispe", district=district,
                              community="Huanacaure", **HOUSE)
        uow.session.add(household)
        uow.session.flush()
        assert household.id is not None
        uow.session.add(Stove(code=code, household_id=household.id,
                              installed_on=date(2025, 3, 1)))
        uow.commit()


def visit_until_location(env: BotEnv, code: str = "ABC123") -> None:
    env.say(ROSA, f"/visita {code}")
    env.say(ROSA, "En uso")
    env.say(ROSA, "Buena")
    env.say(ROSA, "No")


def far_location_questioned(env: BotEnv) -> None:
    """A visit whose location arrives 5 km from the stove: the bot asks before going on."""
    seed(env)
    env.enrol(ROSA)
    visit_until_location(env)
    env.post(env.message(ROSA, location=FAR))
    assert env.last(ROSA) == staff_texts.VISIT_FAR_ASK.format(km=5.0)


def test_a_visit_is_recorded_with_its_photo_hash_and_location(bot_env: BotEnv):
    seed(bot_env)
    bot_env.enrol(ROSA)
    visit_until_location(bot_env)
    bot_env.say(ROSA, "aqui")  # text where a location is expected
    assert bot_env.last(ROSA) == staff_texts.NEEDS_LOCATION
    bot_env.post(bot_env.message(ROSA, location=NEAR))
    picture = b"\xff\xd8\xff the stove, lit"
    bot_env.api.add_file("visit-photo", picture)
    bot_env.post(bot_env.message(ROSA, photo=photo_of("visit-photo")))
    assert bot_env.last(ROSA).startswith(
        "Resumen de la visita:\nCocina: ABC123\nEncontrada: En uso")
    assert all_rows(bot_env.services, Visit) == []  # nothing stored before Confirmar
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA) == staff_texts.VISIT_SAVED.format(code="ABC123")

    (visit,) = all_rows(bot_env.services, Visit)
    digest = hashlib.sha256(picture).hexdigest()
    assert (visit.source, visit.found, visit.in_use, visit.condition, visit.open_fire_in_use) == (
        "telegram", True, True, "good", False)
    assert visit.visited_on == date(2026, 11, 27) and visit.staff_id is not None
    assert visit.photo_sha256 == digest
    assert Path(bot_env.services.settings.media_root, digest[:2], f"{digest}.jpg").read_bytes() \
        == picture
    assert 300 < (visit.distance_m or 0) < 400 and visit.far_from_stove is False
    assert len(bot_env.api.downloads()) == 1


def test_a_visit_far_from_the_stove_is_flagged_and_counted_by_the_report(bot_env: BotEnv):
    far_location_questioned(bot_env)
    bot_env.say(ROSA, "Continuar")  # the member is at the house: the far location stays
    assert bot_env.last(ROSA) == staff_texts.VISIT_PHOTO
    bot_env.say(ROSA, "Omitir foto")
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA).startswith("⚠️ Su ubicación está a 5.0 km")
    (visit,) = all_rows(bot_env.services, Visit)
    assert visit.far_from_stove is True and visit.photo_sha256 is None
    services = bot_env.services
    report = compute_report(services.uow(), period_start=date(2026, 11, 1),
                            period_end=date(2026, 11, 30), parameters=services.parameters(),
                            tz="America/Lima", now=services.clock())
    assert report.evidence.visits_far_from_stove == 1
    assert report.evidence.visits_in_period == 1


def test_a_stove_not_found_is_recorded_with_the_reason(bot_env: BotEnv):
    seed(bot_env)
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/visita")
    bot_env.say(ROSA, "abc 123")
    bot_env.say(ROSA, "No encontrada")
    bot_env.say(ROSA, "se mudaron a Lima")
    bot_env.say(ROSA, "Sin ubicación")
    bot_env.say(ROSA, "Omitir foto")
    assert "Encontrada: No encontrada (se mudaron a Lima)" in bot_env.last(ROSA)
    bot_env.say(ROSA, "Confirmar")
    assert "no encontrada" in bot_env.last(ROSA)
    (visit,) = all_rows(bot_env.services, Visit)
    assert (visit.found, visit.in_use, visit.not_found_reason) == (
        False, False, "se mudaron a Lima")


def test_a_technician_cannot_visit_outside_their_districts(bot_env: BotEnv):
    seed(bot_env, code="XYZ789", district="Molino")
    bot_env.enrol(ROSA, districts=("Chinchao",))
    bot_env.say(ROSA, "/visita XYZ789")
    assert "fuera de sus distritos" in bot_env.last(ROSA)
    bot_env.say(ROSA, "NOPE99")
    assert "No hay ninguna cocina" in bot_env.last(ROSA)
    assert all_rows(bot_env.services, Visit) == []


def test_a_far_location_shared_again_from_the_house_is_not_flagged(bot_env: BotEnv):
    far_location_questioned(bot_env)
    buttons = [b["text"] for row in bot_env.api.sent(ROSA)[-1]["reply_markup"]["keyboard"]
               for b in row]
    assert buttons == [staff_texts.RESEND_LOCATION, staff_texts.CONTINUE]
    assert all_rows(bot_env.services, Visit) == []  # asked before anything is saved
    bot_env.post(bot_env.message(ROSA, location=NEAR))  # walked back to the house
    assert bot_env.last(ROSA) == staff_texts.VISIT_PHOTO
    bot_env.say(ROSA, "Omitir foto")
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA) == staff_texts.VISIT_SAVED.format(code="ABC123")
    (visit,) = all_rows(bot_env.services, Visit)
    assert visit.far_from_stove is False and 300 < (visit.distance_m or 0) < 400


def test_a_yes_after_a_refused_code_says_what_is_expected_and_is_not_read_as_a_code(
    bot_env: BotEnv,
):
    seed(bot_env, code="XYZ789", district="Molino")
    seed(bot_env, code="ABC123")
    bot_env.enrol(ROSA, districts=("Chinchao",))
    bot_env.say(ROSA, "/visita XYZ789")
    assert bot_env.last(ROSA) == (
        f"La cocina XYZ789 está fuera de sus distritos. {staff_texts.CODE_AGAIN}")
    bot_env.say(ROSA, "Sí")
    assert "No hay ninguna cocina" not in bot_env.last(ROSA)
    assert bot_env.last(ROSA) == f"«Sí» es una respuesta, no un código. {staff_texts.CODE_AGAIN}"
    bot_env.say(ROSA, "ok")
    assert bot_env.last(ROSA).startswith("«ok» es una respuesta")
    bot_env.say(ROSA, "ABC123")
    assert bot_env.last(ROSA).startswith("Cocina ABC123 – Familia Quispe")


def test_one_answer_of_a_visit_is_corrected_and_a_note_added_from_the_summary(
    bot_env: BotEnv,
):
    seed(bot_env)
    bot_env.enrol(ROSA)
    visit_until_location(bot_env)
    bot_env.post(bot_env.message(ROSA, location=NEAR))
    bot_env.say(ROSA, "Omitir foto")
    assert "Estado: Buena" in bot_env.last(ROSA)
    bot_env.say(ROSA, "Corregir")
    bot_env.say(ROSA, "Estado")
    assert bot_env.last(ROSA) == staff_texts.VISIT_CONDITION
    bot_env.say(ROSA, "Necesita reparación")
    summary = bot_env.last(ROSA)
    assert "Estado: Necesita reparación" in summary and "Fogón abierto: No" in summary
    bot_env.say(ROSA, "Corregir")
    bot_env.say(ROSA, "Notas")
    bot_env.say(ROSA, "rejilla suelta")
    assert "Notas: rejilla suelta" in bot_env.last(ROSA)
    bot_env.say(ROSA, "Confirmar")
    (visit,) = all_rows(bot_env.services, Visit)
    assert (visit.condition, visit.notes, visit.in_use) == ("needs_repair", "rejilla suelta",
                                                            True)


def test_a_clean_visit_takes_eight_actions(bot_env: BotEnv):
    """/visita, code, En uso, condition, open fire, location, photo, Confirmar."""
    seed(bot_env)
    bot_env.enrol(ROSA)
    before = len(bot_env.updates())
    bot_env.say(ROSA, "/visita")
    bot_env.say(ROSA, "ABC123")
    for answer in ("En uso", "Buena", "No"):
        bot_env.say(ROSA, answer)
    bot_env.post(bot_env.message(ROSA, location=NEAR))
    bot_env.api.add_file("p-8", b"\xff\xd8\xff lit")
    bot_env.post(bot_env.message(ROSA, photo=photo_of("p-8")))
    bot_env.say(ROSA, "Confirmar")
    assert bot_env.last(ROSA) == staff_texts.VISIT_SAVED.format(code="ABC123")
    assert len(bot_env.updates()) - before == 8
