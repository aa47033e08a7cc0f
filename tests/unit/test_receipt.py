"""The receive time a message counts from: the provider's, clamped to a plausible window."""

from datetime import UTC, datetime, timedelta

import pytest

from core.messaging.receipt import attribute_receipt

ARRIVED = datetime(2026, 11, 28, 0, 46, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("reported", "counted", "noted"),
    [
        (ARRIVED - timedelta(days=6), ARRIVED - timedelta(days=6), False),
        (ARRIVED - timedelta(days=14), ARRIVED - timedelta(days=14), False),
        (ARRIVED - timedelta(days=14, seconds=1), ARRIVED, True),
        (ARRIVED, ARRIVED, False),
        (ARRIVED + timedelta(minutes=5), ARRIVED, False),
        (ARRIVED + timedelta(minutes=5, seconds=1), ARRIVED, True),
        (None, ARRIVED, True),
    ],
)
def test_receipt_is_clamped_to_arrival_and_fourteen_days_before(
    reported: datetime | None, counted: datetime, noted: bool
) -> None:
    receipt = attribute_receipt(reported, ARRIVED)
    assert receipt.at == counted
    assert (receipt.note is not None) == noted
    assert receipt.note is None or len(receipt.note) <= 200
