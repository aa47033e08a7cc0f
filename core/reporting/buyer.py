"""The buyer's monitoring report (mrv.md "Monitoring report for the buyer"): pure rules.

Switzerland's CO2 Ordinance (SR 641.711) Art. 9: a monitoring report covers at most 3
years, is filed within one year after its period ends and states reductions per calendar
year; Art. 8: nothing is credited past the crediting end (31 December 2030 unless the
parameters file moves it). The package's data and files are written in gateway/.
"""

from datetime import date
from typing import Any

from core.ledger.itmo import split_by_vintage
from core.mrv.crediting import CreditingEnd

MAX_YEARS = 3
NOT_ASSESSED = "not assessed"


def _years_later(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_buyer_period(start: date, end: date, crediting_end: CreditingEnd) -> None:
    """Refuse a period longer than 3 years or ending after the crediting end (ValueError)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if end >= _years_later(start, MAX_YEARS):
        raise ValueError(
            f"a monitoring report covers at most {MAX_YEARS} years: {start}..{end} is longer "
            "(CO2 Ordinance Art. 9)"
        )
    if end > crediting_end.value:
        raise ValueError(
            f"the period ends after the crediting end {crediting_end.value} "
            f"({crediting_end.source}); a parameters file may move it with its own source"
        )


def filing_deadline(end: date) -> date:
    """The last day to file the report: one year after its period ends (Art. 9)."""
    return _years_later(end, 1)


def reductions_by_year(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's reductions per calendar year, shared by stove-days as vintages are."""
    days = {int(year): int(n) for year, n in report["stove_days_by_year"].items()}
    total = sum(days.values())
    tonnes = split_by_vintage(int(report["er_issuable_tco2e"]), days)
    er = float(report["er_tco2e"])
    return [
        {
            "year": year,
            "stove_days": n,
            "er_tco2e": er * n / total if total else 0.0,
            "issuable_tco2e": tonnes[year],
        }
        for year, n in sorted(days.items())
    ]


def integrity_status(report: dict[str, Any]) -> str:
    """Whether every integrity condition passed: passed, failed, or not assessed."""
    section = report.get("integrity")
    if not isinstance(section, dict) or not isinstance(section.get("all_passed"), bool):
        return NOT_ASSESSED
    return "passed" if section["all_passed"] else "failed"


def package_id(start: date, end: date, report_digest: str) -> str:
    """The report's identifier: its period and the head of its content digest."""
    return f"QMR-{start:%Y%m%d}-{end:%Y%m%d}-{report_digest[:12]}"


def buyer_summary(
    report: dict[str, Any], *, crediting_end: CreditingEnd, report_digest: str
) -> dict[str, Any]:
    """The buyer's front page: identifier, period, deadline, reductions per year, integrity."""
    start, end = (
        date.fromisoformat(report["period_start"]),
        date.fromisoformat(report["period_end"]),
    )
    return {
        "monitoring_report_id": package_id(start, end, report_digest),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "filing_deadline": filing_deadline(end).isoformat(),
        "crediting_end": {
            "value": crediting_end.value.isoformat(),
            "source": crediting_end.source,
        },
        "er_tco2e": report["er_tco2e"],
        "er_issuable_tco2e": report["er_issuable_tco2e"],
        "reductions_by_year": reductions_by_year(report),
        "integrity_all_passed": integrity_status(report),
        "integrity": report.get("integrity", NOT_ASSESSED),
        "report_digest": report_digest,
        "methodology": report["generated_with"].get("methodology"),
        "methodology_version": report["generated_with"].get("methodology_version"),
    }
