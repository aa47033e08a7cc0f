"""What the ledger's annual report needs from outside the ledger: the buyer's monitoring
report an issuance rests on (checked against its manifest and the issued figures) and the
authorization version the agreed electronic format exports state."""

from datetime import date
from pathlib import Path

import click

from core.ledger.usecases import ReportReferences
from core.settings import Settings
from gateway.cli.context import CliError
from gateway.renderers.buyer_package import check_package


def report_references(
    package: Path | None, verification: str, report_digest: str, start: date, end: date
) -> ReportReferences | None:
    """The references an issuance records; a package must be intact and of these figures."""
    if package is None and not verification:
        return None
    if package is None:
        return ReportReferences(verification_report=verification)
    try:
        digest, summary, problems = check_package(package)
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read monitoring report {package}: {exc}") from exc
    if problems:
        raise CliError(f"monitoring report {package} fails its manifest: {problems[0]}")
    if (summary.get("period_start"), summary.get("period_end")) != (str(start), str(end)):
        raise CliError(f"monitoring report {package} is not of the period {start}..{end}")
    if summary.get("report_digest") != report_digest:
        raise CliError(
            f"monitoring report {package} was computed from other evidence than this issuance "
            f"(report digest {str(summary.get('report_digest'))[:12]}, now {report_digest[:12]}): "
            "write it again with `qoncha monitoring-report`"
        )
    return ReportReferences(
        monitoring_report_id=str(summary["monitoring_report_id"]),
        monitoring_report_sha256=digest,
        verification_report=verification,
    )


def authorization_version(settings: Settings) -> str:
    """ITMO_AUTHORIZATION_VERSION, as the agreed electronic format tables state it."""
    return settings.itmo_authorization_version.strip()


def warn_unauthorized(version: str) -> None:
    """Say on stderr, once a table is written, that it states no authorization version."""
    if not version:
        click.echo("qoncha: warning: ITMO_AUTHORIZATION_VERSION is not set", err=True)
