"""SMS Gateway for Android's REST transport: qoncha's replies go out through the phone."""

import time

from android_sms_gateway import client as asg_client
from android_sms_gateway import domain as asg_domain
from android_sms_gateway import errors as asg_errors
from android_sms_gateway import http as asg_http

from core.ports import SendError, SendResult
from core.settings import Settings
from gateway.deadlines import CuttableSession, deadline


class AndroidSmsTransport:
    """Sends through the app's REST API with its own client package."""

    name = "android"

    def __init__(self, settings: Settings) -> None:
        self._base_url = settings.android_gateway_url.rstrip("/")
        self._user = settings.android_gateway_user
        self._password = settings.android_gateway_password.get_secret_value()
        self._deadline = settings.send_deadline_seconds

    def send(self, *, to: str, body: str, reference: str) -> SendResult:
        """Our own id goes with the message, so delivery events find it again."""
        message = asg_domain.Message(
            phone_numbers=[to],
            text_message=asg_domain.TextMessage(text=body),
            with_delivery_report=True,
            id=f"qoncha-{reference}-{int(time.time())}",
        )
        # The client library sets no timeout: the phone's whole exchange gets a deadline.
        session = CuttableSession()
        http = asg_http.RequestsHttpClient(session)
        try:
            with (
                deadline(self._deadline, session.cut) as expired,
                asg_client.APIClient(self._user, self._password, base_url=self._base_url,
                                     http=http) as api,
            ):
                state = api.send(message)
        except (
            asg_errors.BadRequestError,
            asg_errors.UnauthorizedError,
            asg_errors.ForbiddenError,
        ) as exc:
            raise SendError(
                f"android gateway refused: {exc.__class__.__name__}", permanent=True
            ) from exc
        except Exception as exc:  # noqa: BLE001 - phone offline, network: retry later
            if expired.is_set():
                raise SendError(
                    f"android gateway over its {self._deadline:g} s deadline") from exc
            raise SendError(f"android gateway unreachable: {exc.__class__.__name__}") from exc
        finally:
            session.close()
        return SendResult(provider_id=state.id, status="sent")
