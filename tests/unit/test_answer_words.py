"""Words a member types out of turn are never stove codes; alert buttons survive the outbox row."""

import pytest

from core.outbox.payload import Payload
from core.repairs.tickets import ALERT_ACTIONS, ticket_buttons
from core.stove_codes import is_answer_word


@pytest.mark.parametrize("text", ["Sí", "si", "SI", " no ", "Ok", "okey", "ya", "Confirmar",
                                  "sí."])
def test_yes_no_and_button_words_are_answers(text: str) -> None:
    assert is_answer_word(text)


@pytest.mark.parametrize("text", ["ABC123", "si1", "NO123", "QW7777", "", "sin"])
def test_codes_and_other_words_are_not_answers(text: str) -> None:
    assert not is_answer_word(text)


def test_an_alerts_buttons_are_kept_in_the_payload_and_read_back() -> None:
    buttons = ticket_buttons(42, ALERT_ACTIONS)
    assert buttons == ((("Tomar", "t:take:42"), ("Llamar", "t:call:42"), ("Ver", "t:view:42")),)
    assert Payload.from_json(Payload(buttons=buttons).to_json()).buttons == buttons
    assert Payload.from_json('{"subject": "", "html": "", "files": []}').buttons == ()
