"""A real headless Chromium (the system's, never a download) against the app on a real server.

The app is served on 127.0.0.1 by werkzeug's WSGI server in a thread; the browser is the
Debian `chromium` driven through `chromedriver` by Selenium. Absent outside CI, the browser
tests are skipped with the reason; in CI (CI=true) they must run, so absence fails.
"""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = Path(os.environ.get("QONCHA_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("QONCHA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
PHONE = (390, 844)  # CSS pixels of a common phone, portrait


def require_browser() -> None:
    """Skip (fail in CI) when the system's Chromium or its driver is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    message = (f"browser tests need {' and '.join(missing)} "
               "(apt-get install chromium chromium-driver)")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class LiveServer:
    """The app on a free port of 127.0.0.1, served from a thread until stopped."""

    def __init__(self, app: Flask) -> None:
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # serve_forever notices shutdown() only between polls (0.5 s by default).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def start(self) -> "LiveServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def chromium(profile: Path) -> Iterator[object]:
    """A headless Chromium with a fresh profile and nothing that calls home."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.set_page_load_timeout(60)
    # A click does not wait for the page it leads to: finding an element of that page does.
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()
