"""Feeding stored updates to the bot: one asyncio thread per process, woken by the webhook.

Gunicorn's sync workers are plain threads with no event loop, so each worker process runs
one daemon thread with its own loop, started lazily by the first webhook call after the
fork (a thread started before the fork would not exist in the worker). The thread claims
stored updates from the table (any worker may handle any update; one chat's updates go in
order), hands each to a freshly built application and marks it handled, ignored or failed.
It also wakes every POLL_SECONDS, so failed updates are retried when their time comes even
if no new update arrives. The scheduler process drains the same table with `drain_once`.
"""

import asyncio
import atexit
import contextlib
import json
import logging
import os
import threading

from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden

from bot.application import build_application, build_bot, handling_of, secret_value
from bot.context import BotDeps
from core.redaction import redact, token_secrets
from core.staffbot.updates import ClaimedUpdate, claim_next_update, finish_update

log = logging.getLogger(__name__)
POLL_SECONDS = 10.0


async def handle_stored(deps: BotDeps, bot: Bot, claimed: ClaimedUpdate) -> tuple[str, str]:
    """Run one stored update through the bot: (outcome, error) for the table."""
    try:
        update = Update.de_json(json.loads(claimed.payload), bot)
    except Exception as exc:  # noqa: BLE001 - any shape Telegram never sends: nothing to retry
        return "ignored", f"not a readable update: {exc.__class__.__name__}"
    chat, user = update.effective_chat, update.effective_user
    application = build_application(deps, bot, chat_id=chat.id if chat else None,
                                    user_id=user.id if user else None)
    await application.initialize()
    await application.process_update(update)
    # Saved even after a failure: the conversation's state did not move, but answers it
    # recorded (an installation already written, say) let the retry not do it twice.
    await application.update_persistence()
    handling = handling_of(application)
    if handling.errors:
        error = handling.errors[0]
        described = described_error(deps, error)
        # Blocked by the user, or a request Telegram refuses as such: retrying cannot help.
        return ("ignored" if isinstance(error, Forbidden | BadRequest) else "failed"), described
    return ("ignored", handling.ignored_because) if handling.ignored else ("handled", "")


def described_error(deps: BotDeps, error: BaseException) -> str:
    """An error's class and text for the stored update, without the bot token."""
    token = secret_value(deps.settings.telegram_bot_token)
    return redact(f"{error.__class__.__name__}: {error}", token_secrets(token))


async def drain(deps: BotDeps, bot: Bot) -> int:
    """Handle every due stored update; the number handled (whatever the outcome)."""
    done = 0
    while (claimed := claim_next_update(deps.uow(), now=deps.clock())) is not None:
        try:
            outcome, error = await handle_stored(deps, bot, claimed)
        except Exception as exc:  # noqa: BLE001 - a failed update is retried, never lost
            log.exception("Telegram update %d failed", claimed.update_id)
            outcome, error = "failed", described_error(deps, exc)
        finish_update(deps.uow(), claimed, outcome=outcome, now=deps.clock(), error=error)
        if outcome == "failed":
            log.warning("Telegram update %d failed (attempt %d): %s",
                        claimed.update_id, claimed.attempts, error)
        done += 1
    return done


def drain_once(deps: BotDeps) -> int:
    """Handle due updates now, in a loop of its own (the scheduler, the command line)."""

    async def run() -> int:
        async with build_bot(deps.settings) as bot:
            return await drain(deps, bot)

    return asyncio.run(run())


class BotWorker:
    """The bot's event-loop thread in this process, started on first use after a fork."""

    def __init__(self, deps: BotDeps, poll_seconds: float = POLL_SECONDS) -> None:
        self._deps = deps
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stopping = False
        # The running thread's loop and the event its wait ends on, set from other threads.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._nudged: asyncio.Event | None = None

    def wake(self) -> None:
        """A new update was stored: make sure this process's thread runs, and nudge it."""
        with self._lock:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                self._pid, self._stopping = os.getpid(), False
                self._loop = self._nudged = None  # a loop of the parent process is not ours
                self._thread = threading.Thread(target=self._run, name="telegram-bot",
                                                 daemon=True)
                self._thread.start()
                # A worker stopped gracefully first finishes and marks the update in hand.
                atexit.register(self.stop)
        self._wake.set()
        self._nudge()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the update in hand and end the thread (tests, orderly shutdown)."""
        self._stopping = True
        self._wake.set()
        self._nudge()
        if self._thread is not None and self._pid == os.getpid():
            self._thread.join(timeout)

    def _nudge(self) -> None:
        """End the thread's wait now, from any thread."""
        loop, nudged = self._loop, self._nudged
        if loop is not None and nudged is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(nudged.set)

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _wait_for_wake(self) -> None:
        """Wait for a nudge or the poll, on the loop itself.

        Not in an executor thread (asyncio.to_thread): at interpreter exit Python joins those
        before the atexit hook that stops this thread runs, so every gunicorn worker took the
        whole poll (10 s) to exit, and then failed with "cannot schedule new futures".
        """
        assert self._nudged is not None
        self._nudged.clear()
        if self._wake.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._nudged.wait(), self._poll)

    async def _serve(self) -> None:
        self._loop, self._nudged = asyncio.get_running_loop(), asyncio.Event()
        bot = build_bot(self._deps.settings)
        while not self._stopping:
            self._wake.clear()
            try:
                await bot.initialize()
                await drain(self._deps, bot)
            except Exception:  # noqa: BLE001 - keep serving; the updates stay stored
                log.exception("the bot thread could not handle stored updates")
            if not self._stopping:
                await self._wait_for_wake()
        await bot.shutdown()
