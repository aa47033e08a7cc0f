"""/web: a one-time link into the console for the member who asks, and only for them."""

import re

from tests.e2e.telegram_support import BotEnv

ROSA = 111


def test_web_gives_a_one_time_link_that_signs_the_member_in(bot_env: BotEnv) -> None:
    bot_env.enrol(ROSA, role="coordinator", districts=("Chinchao",))
    bot_env.say(ROSA, "/web")
    reply = bot_env.last(ROSA)
    found = re.search(r"/console/entrar/[\w-]+", reply)
    assert found is not None and "PUBLIC_BASE_URL" in reply  # no public address configured
    first = bot_env.client.post(found.group(0))
    assert first.status_code == 302 and "qoncha_console=" in first.headers["Set-Cookie"]
    assert "Rosa" in bot_env.client.get("/console/").text
    assert bot_env.client.post(found.group(0)).status_code == 403  # spent


def test_web_from_someone_not_on_staff_gives_no_link(bot_env: BotEnv) -> None:
    bot_env.say(222, "/web")
    assert "/console/entrar/" not in "\n".join(bot_env.replies(222))
