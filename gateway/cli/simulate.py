"""`qoncha simulate`: send a correctly signed inbound SMS and print the reply."""

import secrets
import xml.etree.ElementTree as ET

import click
import requests
from pydantic import SecretStr

from gateway.app import create_app
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.db import require_migrated
from gateway.sms.signing import SignedRequest, android_received, twilio_inbound
from gateway.wiring import Services


@main.command()
@click.argument("sender")
@click.argument("text")
@click.option(
    "--provider",
    type=click.Choice(["twilio", "android"]),
    default="android",
    show_default=True,
    help="Which provider's webhook to imitate.",
)
@click.option("--url", default=None, help="A running gateway's origin; in-process when omitted.")
@click.pass_context
def simulate(ctx: click.Context, sender: str, text: str, provider: str, url: str | None) -> None:
    """Send TEXT from SENDER as the provider would, and print what the household is told."""
    services = get_services(ctx)
    if url is None:
        require_migrated(services.database_url)  # else every message would answer 503
        # In-process: sign with the configured secret, or a throwaway one when none is set.
        services = _with_signing_secrets(services)
    signed = _build(services, provider, sender, text, base_url=url or "http://localhost")
    status, content_type, body = _send(services, signed, url)
    if status != 200:
        raise CliError(f"gateway answered {status}: {' '.join(body[:200].split())}")
    reply = _reply_from(provider, content_type, body)
    click.echo(reply if reply else "(no reply)")


def _with_signing_secrets(services: Services) -> Services:
    settings = services.settings.model_copy(
        update={
            "twilio_auth_token": services.settings.twilio_auth_token
            or SecretStr(secrets.token_hex(16)),
            "android_gateway_signing_key": services.settings.android_gateway_signing_key
            or SecretStr(secrets.token_hex(16)),
        }
    )
    services.settings = settings
    return services


def _build(
    services: Services, provider: str, sender: str, text: str, *, base_url: str
) -> SignedRequest:
    settings = services.settings
    if provider == "twilio":
        return twilio_inbound(
            base_url=settings.public_base_url or base_url,
            auth_token=settings.twilio_auth_token.get_secret_value(),
            sender=sender,
            body=text,
        )
    now = services.clock()
    return android_received(
        signing_key=settings.android_gateway_signing_key.get_secret_value(),
        sender=sender,
        body=text,
        received_at=now,
        timestamp=int(now.timestamp()),
    )


def _send(services: Services, signed: SignedRequest, url: str | None) -> tuple[int, str, str]:
    if url is None:
        client = create_app(services=services).test_client()
        response = client.post(
            signed.path, data=signed.body, headers=signed.headers, base_url="http://localhost"
        )
        return response.status_code, response.content_type or "", response.get_data(as_text=True)
    try:
        answer = requests.post(
            url.rstrip("/") + signed.path, data=signed.body, headers=signed.headers, timeout=30
        )
    except requests.RequestException as exc:
        raise CliError(f"cannot reach {url}: {exc.__class__.__name__}") from exc
    return answer.status_code, answer.headers.get("Content-Type", ""), answer.text


def _reply_from(provider: str, content_type: str, body: str) -> str | None:
    if provider == "twilio":
        message = ET.fromstring(body).find("Message")
        return message.text if message is not None else None
    import json

    reply: str | None = json.loads(body).get("reply")
    return reply
