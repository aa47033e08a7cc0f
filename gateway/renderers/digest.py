"""The coordinator digest as staff read it (Spanish): a short text, HTML, a CSV and a PNG chart."""

import csv
import io

from jinja2 import Environment, PackageLoader, select_autoescape

from core.monitoring.digest import Digest
from core.monitoring.digest_queue import DigestMessages
from core.outbox.payload import Attachment, Payload
from gateway.renderers.digest_chart import digest_chart
from gateway.telegram_sender import split_caption

CHART_NAME = "digest-chart.png"
TICKETS_LISTED = 5
DISTRICTS_NAMED = 6  # in the text's second line; each has its own line further down


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _days(n: int) -> str:
    return "1 día" if n == 1 else f"{n} días"


def console_url(public_base_url: str) -> str:
    """The staff console's address on the public origin; empty when none is configured."""
    return f"{public_base_url.rstrip('/')}/console/" if public_base_url else ""


def headline(d: Digest) -> list[tuple[str, str, str]]:
    """(label, figure, remark) of the digest's headline, shared by the text and the e-mail."""
    week, start, end = d.programme_week, *d.er_period
    return [
        ("Reportes", str(sum(x.reports for x in d.districts)),
         f"semana anterior {sum(x.reports_prev for x in d.districts)}"),
        ("Respuesta", _pct(d.rate()), f"antes {_pct(d.rate(previous=True))}"),
        ("Reporta uso (programa)", _pct(week.share_reporting_use if week else None),
         f"{_num(week.mean_days_used if week else None)} días en promedio"),
        ("Instalaciones", str(sum(x.installations for x in d.districts)), ""),
        ("Visitas de verificación", f"{sum(x.visited for x in d.districts)} de "
         f"{sum(x.sample_main for x in d.districts)}", "muestra principal"),
        ("Reclamos abiertos", str(len(d.tickets)), ""),
        ("Hogares en silencio", str(d.silent_count), ""),
        (f"RE provisional {start}..{end}", f"{d.er_to_date:.2f} tCO2e", "sin verificar"),
    ]  # fmt: skip


def digest_text(digest: Digest, console: str = "") -> str:
    """The text of Telegram (and the e-mail's plain part): headline first, then the lists."""
    d, figures = digest, headline(digest)
    names = d.coordinator.districts
    more = f" y {len(names) - DISTRICTS_NAMED} más" if len(names) > DISTRICTS_NAMED else ""
    lines = [
        f"Resumen semanal {d.week} - {d.coordinator.name or 'coordinador'}",
        f"Distritos: {', '.join(names[:DISTRICTS_NAMED]) or 'ninguno'}{more}",
    ]
    for label, figure, remark in figures[:5] + figures[7:]:  # counts listed below
        lines.append(f"{label}: {figure}" + (f" ({remark})" if remark else ""))
    if console:
        lines.append(f"Consola: {console}")
    for x in d.districts:
        lines.append(
            f"- {x.district}: {x.reports}/{x.stoves} reportes, fogón {_pct(x.stacking_share)}"
        )
    waiting = [x for x in d.districts if x.review_open]
    lines.append(f"Mensajes por revisar: {sum(x.review_open for x in d.districts)}"
                 + (" (/revisar)" if waiting else ""))
    lines += [f"  {x.district}: {x.review_open}, el más antiguo de {_days(x.review_oldest_days)}"
              for x in waiting]
    lines.append(f"Reclamos abiertos: {len(d.tickets)}")
    lines += [f"  #{t.id} {t.stove_code} ({t.district}) {_days(t.age_days)}"
              for t in d.tickets[:TICKETS_LISTED]]
    lines.append(f"Hogares en silencio: {d.silent_count}")
    lines += [f"  {s.phone} {s.name} ({s.district}) {s.weeks_silent} sem." for s in d.silent]
    return "\n".join(lines)


def digest_csv(digest: Digest) -> bytes:
    """One row per district with the digest's figures, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["week", "district", "stoves", "reports", "reports_prev_week", "installations",
         "visited", "sample_main", "stacking_share", "er_to_date_tco2e_provisional",
         "review_open", "review_oldest_days"]
    )  # fmt: skip
    for x in digest.districts:
        writer.writerow(
            [digest.week, x.district, x.stoves, x.reports, x.reports_prev, x.installations,
             x.visited, x.sample_main,
             "" if x.stacking_share is None else f"{x.stacking_share:.4f}",
             f"{x.er_to_date:.4f}", x.review_open, x.review_oldest_days]
        )  # fmt: skip
    return out.getvalue().encode()


def digest_html(digest: Digest, console: str = "") -> str:
    """The e-mail's HTML (UTF-8, inline styles for mail clients): headline, districts, lists."""
    env = Environment(
        loader=PackageLoader("gateway", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters.update(pct=_pct, days=_days)
    return env.get_template("digest_email.html").render(
        d=digest,
        headline=headline(digest),
        console=console,
        chart=CHART_NAME,
        tickets=digest.tickets[:TICKETS_LISTED],
    )


def digest_payloads(digest: Digest, *, public_base_url: str = "") -> DigestMessages:
    """The digest's rows for the outbox; the Telegram caption stays within the Bot API's limit."""
    console = console_url(public_base_url)
    text = digest_text(digest, console)
    chart = Attachment(CHART_NAME, "image/png", digest_chart(digest.chart), inline=True)
    table = Attachment(f"resumen-{digest.week}.csv", "text/csv", digest_csv(digest))
    caption, rest = split_caption(text)
    subject = f"Resumen semanal {digest.week}"
    return DigestMessages(
        text=text,
        caption=caption,
        follow_up=rest,
        telegram_payload=Payload(files=(chart,)).to_json(),
        email_payload=Payload(
            subject=subject, html=digest_html(digest, console), files=(chart, table)
        ).to_json(),
    )
