"""End-to-end fixtures: local fakes of the SMS providers' REST APIs, and services to test with.

The fakes live in tests/fakes/ (put on sys.path here) and are reached by qoncha only through
its settings (TWILIO_API_BASE, ANDROID_GATEWAY_URL), never by patching a library.
"""

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.wiring import Services, build_services

_TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_TESTS / "fakes"))

from android_gateway import FakeAndroidGateway  # noqa: E402
from gateway_support import (  # noqa: E402
    ANDROID_PASSWORD,
    ANDROID_USER,
    NOW,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
)
from telegram_api import FakeTelegramApi  # noqa: E402
from telegram_support import bot_env  # noqa: E402, F401 - the bot tests' fixture
from twilio_api import FakeTwilioApi  # noqa: E402


def _root_conftest() -> Any:
    """tests/conftest.py under its own name: this file shadows the module name `conftest`."""
    path = _TESTS / "conftest.py"
    spec = importlib.util.spec_from_file_location("qoncha_tests_root_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Test modules here write `from conftest import make_settings`; that now finds this file.
make_settings = _root_conftest().make_settings


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilioApi]:
    """Twilio's Messages API on a local port, expecting the test account's credentials."""
    server = FakeTwilioApi(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def fake_android() -> Iterator[FakeAndroidGateway]:
    """SMS Gateway for Android's API on a local port, expecting the test user and password."""
    server = FakeAndroidGateway(ANDROID_USER, ANDROID_PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramApi]:
    """Telegram's Bot API on a local port, for the tests' bot token."""
    from gateway_support import TELEGRAM_BOT_TOKEN

    server = FakeTelegramApi(TELEGRAM_BOT_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def services_with(db_url: str) -> Iterator[Callable[..., Services]]:
    """Build services on the test database with extra settings; the clock is frozen at NOW."""
    built: list[Services] = []

    def build(**overrides: Any) -> Services:
        services = build_services(make_settings(db_url, **overrides))
        services.clock = lambda: NOW
        built.append(services)
        return services

    yield build
    for services in built:
        services.engine.dispose()
