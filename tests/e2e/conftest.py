"""End-to-end fixtures: the bot's environment. The providers' fakes are in tests/conftest.py.

The fakes live in tests/fakes/ and are reached by qoncha only through its settings
(TWILIO_API_BASE, ANDROID_GATEWAY_URL, the Bot API base URL), never by patching a library.
"""

from tests.e2e.telegram_support import bot_env  # noqa: F401 - the bot tests' fixture
