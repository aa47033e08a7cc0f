"""What `ledger issue` says before issuing: what it freezes and the tonnes forgone at U = p."""

import sys
from datetime import datetime

import click

from core.monitoring.shortfall import UsageShortfall, usage_shortfall
from core.mrv.parameters import Parameters
from core.reporting.model import MonitoringReport
from gateway.cli.context import CliError
from gateway.wiring import Services


def at_terminal() -> bool:
    """Whether a person can answer: stdin is a terminal (a script or a pipe is not)."""
    return sys.stdin.isatty()


def issue_warning(report: MonitoringReport, shortfall: UsageShortfall) -> list[str]:
    """The lines said before an issuance, in the words a coordinator acts on."""
    start, end = report.period_start, report.period_end
    lines = [
        f"Issuing {start}..{end} freezes it: a visit, stove change or KPT row falling into "
        'it is then refused by the imports unless given --adjustment "reason", and its '
        "vintages are never topped up later.",
    ]
    if shortfall.p is None:
        lines.append("No verification visit in the period: U = 0, nothing is credited for use.")
    elif shortfall.u_applied < shortfall.p and shortfall.issuable_at_p > shortfall.issuable_tonnes:
        more = (
            f"; {shortfall.more_stoves} more verified stoves would meet the 90/10 rule"
            if shortfall.more_stoves
            else ""
        )
        lines.append(
            f"U = {shortfall.u_applied:.4f} is credited instead of p = {shortfall.p:.4f}: the "
            f"period forgoes {shortfall.tonnes} t ({shortfall.issuable_tonnes} t now, "
            f"{shortfall.issuable_at_p} t at U = p){more}."
        )
    else:
        lines.append(f"U = p = {shortfall.p:.4f}: nothing is forgone to the 90/10 rule.")
    return lines


def confirm_issue(
    services: Services,
    parameters: Parameters,
    report: MonitoringReport,
    *,
    now: datetime,
    assume_yes: bool,
) -> None:
    """Warn on stderr; at a terminal ask (unless --yes), from a script go on as before."""
    shortfall = usage_shortfall(
        services.uow(),
        report,
        parameters=parameters,
        tz=services.settings.program_timezone,
        now=now,
        as_of=now,
    )
    for line in issue_warning(report, shortfall):
        click.echo(line, err=True)
    if assume_yes or not at_terminal():
        return
    period = f"{report.period_start}..{report.period_end}"
    question = f"Issue {report.er_issuable_tco2e} ITMOs for {period}?"
    if not click.confirm(question, default=False, err=True):
        raise CliError("not issued: the period stays open")
