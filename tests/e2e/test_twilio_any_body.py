"""Property: whatever a household's phone sends, Twilio gets 200 and TwiML it can parse."""

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.gsm7 import fits_one_segment
from gateway.app import create_app
from gateway.wiring import Services, build_services
from tests.e2e.gateway_support import NOW, PHONE, TWILIO_AUTH_TOKEN, post_twilio, twilio_params
from tests.support import make_settings

BODIES = st.one_of(
    st.text(),  # any Unicode but surrogates: emoji, control characters, accents
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=1600),
    st.builds(
        lambda word, rest: f"{word} {rest}",
        st.sampled_from(["USO", "uso", "FOGON", "REGISTRO", "FALLA", "BAJA", "ALTA", "SI"]),
        st.text(max_size=40),
    ),
)


@pytest.fixture
def app_services(db_url: str) -> Iterator[Services]:
    services = build_services(make_settings(db_url, TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN))
    services.clock = lambda: NOW
    yield services
    services.engine.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow  # a property test over the webhook
@given(body=BODIES)
def test_any_body_is_answered_with_200_and_parseable_twiml(
    app_services: Services, body: str
) -> None:
    client = create_app(services=app_services).test_client()
    response = post_twilio(
        client, twilio_params(body, sid="SM" + secrets.token_hex(16), sender=PHONE)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.get_data())
    assert root.tag == "Response"
    assert all(m.tag == "Message" and fits_one_segment(m.text or "") for m in root)
