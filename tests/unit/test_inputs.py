"""What a provider sends is made storable where it enters, or refused with a reason."""

import json
from datetime import UTC, datetime

import pytest

from core.inputs import (
    MAX_JSON_DEPTH,
    InputError,
    parse_json,
    storable_int,
    storable_text,
    storable_time,
)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("uso 5", "uso 5"),
        ("FALLA no\x00prende", "FALLA no\ufffdprende"),
        ("uso 5 \ud83d", "uso 5 \ufffd"),
        ("\udc00\ud83d", "\ufffd\ufffd"),
        ("cocina \U0001f525 bien", "cocina \U0001f525 bien"),
        ("a\u00f1o", "a\u00f1o"),
    ],
)
def test_text_becomes_storable_and_stays_what_it_was_elsewhere(given: str, kept: str) -> None:
    assert storable_text(given) == kept
    kept.encode("utf-8")  # every backend's driver can encode it


def test_json_strings_and_keys_are_made_storable() -> None:
    raw = '{"payload": {"message": "uso 5 \\ud83d", "phone\\u0000": "+51\\u0000"}}'
    assert parse_json(raw) == {"payload": {"message": "uso 5 \ufffd", "phone\ufffd": "+51\ufffd"}}


def test_json_nested_beyond_the_limit_is_refused_without_recursing() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError, match="nested deeper"):
        parse_json(deep)
    allowed = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(allowed) is not None


def test_brackets_inside_strings_do_not_count_towards_depth() -> None:
    body = json.dumps({"message": "[" * 500 + '\\"{' * 100})
    assert parse_json(body)["message"].startswith("[[[")


def test_an_unterminated_string_is_scanned_once_and_refused() -> None:
    with pytest.raises(InputError, match="not JSON"):
        parse_json('"' + '\\"' * 200_000)


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00", "1969-12-31T23:59:59Z",
     "2100-01-01T00:00:00Z", "2026-11-27T19:41:20", "yesterday", 1764290480, None],
)
def test_times_that_cannot_be_a_phones_receive_time_are_refused(value: object) -> None:
    with pytest.raises(InputError, match="receivedAt"):
        storable_time(value, field="receivedAt")


def test_a_plausible_time_keeps_its_offset() -> None:
    moment = storable_time("2026-11-27T19:41:20.123-05:00", field="receivedAt")
    assert moment.astimezone(UTC) == datetime(2026, 11, 28, 0, 41, 20, 123000, tzinfo=UTC)


@pytest.mark.parametrize("value", [1e23, 1.5, 10**23, -1, True, "5", 2**31])
def test_numbers_that_cannot_be_stored_as_an_integer_id_are_refused(value: object) -> None:
    with pytest.raises(InputError, match="update_id"):
        storable_int(value, field="update_id")


def test_an_integer_id_in_range_is_kept() -> None:
    assert storable_int(123456789, field="update_id") == 123456789
