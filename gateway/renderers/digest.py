"""The coordinator digest as staff read it (Spanish): a short text, HTML, a CSV and a PNG chart."""

import csv
import html
import io
from typing import Any

from core.monitoring.digest import Digest
from core.outbox.payload import Attachment, Payload

CHART_NAME = "digest-chart.png"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def digest_text(digest: Digest) -> str:
    """The short text of Telegram (and the e-mail's plain part)."""
    d, week = digest, digest.programme_week
    lines = [
        f"Resumen semanal {d.week} - {d.coordinator.name or 'coordinador'}",
        f"Distritos: {', '.join(d.coordinator.districts) or 'ninguno'}",
        f"Reportes: {sum(x.reports for x in d.districts)} "
        f"(semana anterior {sum(x.reports_prev for x in d.districts)}); "
        f"respuesta {_pct(d.rate())} (antes {_pct(d.rate(previous=True))})",
        f"Programa: {_pct(week.share_reporting_use if week else None)} reporta uso, "
        f"{_num(week.mean_days_used if week else None)} dias en promedio",
        f"Instalaciones: {sum(x.installations for x in d.districts)}; visitas de verificacion: "
        f"{sum(x.visited for x in d.districts)} de {sum(x.sample_main for x in d.districts)}",
    ]
    for x in d.districts:
        lines.append(
            f"- {x.district}: {x.reports}/{x.stoves} reportes, fogon {_pct(x.stacking_share)}"
        )
    waiting = [x for x in d.districts if x.review_open]
    lines.append(f"Mensajes por revisar: {sum(x.review_open for x in d.districts)}"
                 + (" (/revisar)" if waiting else ""))
    lines += [f"  {x.district}: {x.review_open}, el mas antiguo de {x.review_oldest_days} dias"
              for x in waiting]
    lines.append(f"Reclamos abiertos: {len(d.tickets)}")
    lines += [f"  #{t.id} {t.stove_code} ({t.district}) {t.age_days} dias" for t in d.tickets[:5]]
    lines.append(f"Hogares en silencio: {d.silent_count}")
    lines += [f"  {s.phone} {s.name} ({s.district}) {s.weeks_silent} sem." for s in d.silent]
    start, end = d.er_period
    lines.append(f"RE provisional {start}..{end}: {d.er_to_date:.2f} tCO2e (sin verificar)")
    return "\n".join(lines)


def digest_csv(digest: Digest) -> bytes:
    """One row per district with the digest's figures, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "week",
            "district",
            "stoves",
            "reports",
            "reports_prev_week",
            "installations",
            "visited",
            "sample_main",
            "stacking_share",
            "er_to_date_tco2e_provisional",
            "review_open",
            "review_oldest_days",
        ]
    )
    for x in digest.districts:
        writer.writerow(
            [
                digest.week,
                x.district,
                x.stoves,
                x.reports,
                x.reports_prev,
                x.installations,
                x.visited,
                x.sample_main,
                "" if x.stacking_share is None else f"{x.stacking_share:.4f}",
                f"{x.er_to_date:.4f}",
                x.review_open,
                x.review_oldest_days,
            ]
        )
    return out.getvalue().encode()


def digest_chart(digest: Digest) -> bytes:
    """PNG of the last 12 weeks: response rate and share of days used (programme-wide)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    weeks = digest.chart
    figure = Figure(figsize=(6.4, 2.8), layout="constrained")
    axes: Any = figure.subplots()
    xs = list(range(len(weeks)))
    axes.plot(xs, [_nan(w.response_rate) for w in weeks], marker="o", label="respuesta")
    axes.plot(
        xs,
        [_nan(None if w.mean_days_used is None else w.mean_days_used / 7) for w in weeks],
        marker="s",
        label="dias de uso / 7",
    )
    axes.set_xticks(xs, [w.week[5:] for w in weeks])
    axes.set_ylim(0, 1.05)
    axes.set_title(f"Ultimas {len(weeks)} semanas (programa)")
    axes.legend(loc="lower left", fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def digest_payloads(digest: Digest) -> tuple[str, str, str]:
    """(text, Telegram payload, e-mail payload) ready for the outbox."""
    text = digest_text(digest)
    chart = Attachment(CHART_NAME, "image/png", digest_chart(digest), inline=True)
    table = Attachment(f"resumen-{digest.week}.csv", "text/csv", digest_csv(digest))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    page = f'<html><body>{body}<p><img src="cid:{CHART_NAME}" alt="grafico"></p></body></html>'
    subject = f"Resumen semanal {digest.week}"
    return (
        text,
        Payload(files=(chart,)).to_json(),
        Payload(subject=subject, html=page, files=(chart, table)).to_json(),
    )
