"""`qoncha ledger issue`: a monitored period's issuable tonnes as ITMO blocks, one per vintage."""

from datetime import date
from pathlib import Path
from typing import Any

import click

from core.ledger.itmo import ItmoIdentity
from core.ledger.usecases import IssuanceResult, ReportReferences, issue_period
from core.settings import Settings
from gateway.cli.adjustment import acting_user
from gateway.cli.context import get_services
from gateway.cli.ledger_annual import report_references
from gateway.cli.ledger_calls import BY, ledger_call
from gateway.cli.ledger_warning import confirm_issue
from gateway.cli.options import period, period_options
from gateway.cli.parameters import parameters_in_force
from gateway.cli.report import period_report


@click.command()
@period_options("First day, YYYY-MM-DD (required).", "Last day, inclusive (required).")
@BY
@click.option(
    "--monitoring-report",
    "package",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="The period's package from `monitoring-report` (folder or zip): checked, then referenced.",
)
@click.option(
    "--verification-report",
    "verification",
    default="",
    help="The verifier's report this issuance rests on, as they name it (e.g. its number).",
)
@click.option("--yes", "assume_yes", is_flag=True, help="Issue without asking at a terminal.")
@click.pass_context
def issue(
    ctx: click.Context,
    start: date | None,
    end: date | None,
    actor: str | None,
    package: Path | None,
    verification: str,
    assume_yes: bool,
) -> None:
    """Issue the monitored period's issuable tonnes as ITMO blocks, one per vintage.

    It first says what issuing freezes and the tonnes forgone against U = p; at a terminal
    it asks before issuing (--yes skips the question), from a script it goes on.
    """
    first, last = period(start, end)
    services = get_services(ctx)
    parameters = parameters_in_force(services)
    now = services.clock()
    # SMS received from now on never change the issued report: it counts those before `now`.
    report = period_report(services, parameters, first, last, now=now, as_of=now)
    figures = report.as_dict()
    references = report_references(package, verification.strip(), report.digest, first, last)
    confirm_issue(services, parameters, report, now=now, assume_yes=assume_yes)
    result = ledger_call(
        lambda: issue_period(
            services.uow(),
            period_start=first,
            period_end=last,
            issuable_tonnes=int(figures["er_issuable_tco2e"]),
            er_tco2e=float(figures["er_tco2e"]),
            stove_days_by_year={int(y): d for y, d in figures["stove_days_by_year"].items()},
            report_digest=report.digest,  # the sha256 the report itself prints
            methodology_version=parameters.methodology_version,
            identity=_identity(services.settings),
            actor=acting_user(actor),
            now=now,
            parameters_json=parameters.to_json(),
            integrity=figures.get("integrity"),
            references=references,
        )
    )
    _say_issued(result, references, figures["integrity"], first, last)


def _say_issued(
    result: IssuanceResult,
    references: ReportReferences | None,
    integrity: dict[str, Any],
    first: date,
    last: date,
) -> None:
    """What was issued: its blocks and identifiers, the references and the label it carries."""
    click.echo(
        f"issuance {result.issuance_id}: {first}..{last}, {result.issuable_tonnes} ITMOs "
        f"in {len(result.blocks)} block(s)"
    )
    if references is not None:
        click.echo(
            f"  monitoring report {references.monitoring_report_id or '-'} "
            f"(sha256 {references.monitoring_report_sha256 or '-'}), "
            f"verification report {references.verification_report or '-'}"
        )
    for block in result.blocks:
        click.echo(
            f"  block {block.block_id}  vintage {block.vintage}  {block.quantity} ITMOs  "
            f"{block.first_identifier} .. {block.last_identifier}"
        )
    status = integrity["methodology_status"]
    passed = "yes" if integrity["all_passed"] else "no"
    click.echo(
        f"  label: {result.ccp_label} (methodology {status['status']} "
        f"{status['decided_on'] or ''}; every integrity condition passed: {passed})"
    )


def _identity(settings: Settings) -> ItmoIdentity:
    """The ITMO identity from the ITMO_* settings, refused in one line if unusable."""
    return ledger_call(
        lambda: ItmoIdentity(
            cooperative_approach_id=settings.itmo_cooperative_approach_id,
            originating_registry=settings.itmo_originating_registry,
            first_transferring_party=settings.itmo_first_transferring_party,
        )
    )
