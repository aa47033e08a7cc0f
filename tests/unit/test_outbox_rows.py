"""One writer of outbox rows: the weekly prompt's bulk rows and a single queued SMS agree."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, SQLModel, create_engine

from core.messaging import texts
from core.outbox.queue import outbox_values, queue_chat_message, queue_sms
from core.prompts.weekly import PromptPolicy, sms_row

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def test_a_bulk_prompt_row_is_the_row_queue_sms_writes() -> None:
    policy = PromptPolicy(provider="twilio", tz="America/Lima", bulk_hours=None)
    at = NOW + timedelta(minutes=5)
    bulk = sms_row(policy, to="+51987654321", purpose="prompt", key="prompt:k", at=at, now=NOW)
    with Session(create_engine("sqlite://")) as session:
        SQLModel.metadata.create_all(session.get_bind())
        single = queue_sms(session, to="+51987654321", body=texts.WEEKLY_PROMPT, provider="twilio",
                           now=NOW, purpose="prompt", dedupe_key="prompt:k")
        session.flush()
        written = {k: getattr(single, k) for k in bulk}
    assert written == {**bulk, "next_attempt_at": NOW}
    assert bulk["next_attempt_at"] == at


def test_sms_rows_count_gsm7_segments_and_chat_rows_are_one_utf8_part() -> None:
    long_text = "á" * 200  # not GSM-7: UCS-2, 67 characters a part
    sms = outbox_values(channel="sms", recipient="+51987654321", body=long_text,
                        purpose="reply", provider="twilio", now=NOW)
    chat = outbox_values(channel="telegram", recipient="42", body=long_text,
                         purpose="staff", provider="telegram", now=NOW)
    assert (sms["segments"], sms["encoding"]) == (3, "UCS-2")
    assert (chat["segments"], chat["encoding"]) == (1, "UTF-8")


def test_queue_chat_message_sends_through_its_own_channel() -> None:
    with Session(create_engine("sqlite://")) as session:
        SQLModel.metadata.create_all(session.get_bind())
        row = queue_chat_message(session, channel="email", recipient="a@b.pe", body="hola",
                                 purpose="digest", now=NOW, payload="{}")
    assert (row.channel, row.provider, row.payload) == ("email", "email", "{}")
    assert row.status == "queued"
