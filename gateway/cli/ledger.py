"""`qoncha ledger …`: issue monitored periods as ITMOs, move blocks, export and verify.

Each subcommand lives in a module named for what it does (`ledger_issue`, `ledger_blocks`,
`ledger_exports`, `ledger_verify`); this module only gathers them under one group.
"""

from gateway.cli import main
from gateway.cli.ledger_blocks import MOVES, show
from gateway.cli.ledger_exports import export, freeze
from gateway.cli.ledger_issue import issue
from gateway.cli.ledger_verify import verify


@main.group()
def ledger() -> None:
    """The ITMO ledger: serial blocks per vintage, moved by appended records."""


for _command in (issue, show, *MOVES, export, freeze, verify):
    ledger.add_command(_command)
