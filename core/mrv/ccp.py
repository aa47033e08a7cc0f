"""The CCP label: each methodology option's ICVCM decision (data, `ccp_status.toml`) and the
label an issuance may carry, only when its methodology is approved and every condition passed.
"""

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

PASS, FAIL, NOT_ASSESSED = "pass", "fail", "not_assessed"
CCP, NOT_CCP = "CCP", "not CCP"


@dataclass(frozen=True)
class MethodologyStatus:
    """The ICVCM's decision on a methodology option, with its date and source."""

    status: str
    decided_on: str | None
    source: str

    @property
    def approved(self) -> bool:
        """Whether credits under this option may carry the CCP label at all."""
        return self.status.startswith("approved")


def methodology_status(methodology: str, version: str) -> MethodologyStatus:
    """The decision on this option and version, read from the packaged data file."""
    text = resources.files("core.mrv").joinpath("ccp_status.toml").read_text(encoding="utf-8")
    for entry in tomllib.loads(text)["decision"]:
        versions = entry.get("versions")
        if entry["methodology"] == methodology and (versions is None or version in versions):
            return MethodologyStatus(entry["status"], entry["decided_on"], entry["source"])
    return MethodologyStatus(
        "not assessed by the ICVCM", None, f"no decision listed for {methodology} {version}"
    )


def issuance_record(integrity: Mapping[str, Any] | None) -> tuple[str, str]:
    """The label an issuance may carry and the record of why (JSON), from the report's section.

    CCP only when the methodology is approved and every condition passed; anything else,
    a missing section included, is "not CCP".
    """
    if not integrity:
        return NOT_CCP, json.dumps({"all_passed": False, "reason": "no integrity section"})
    status = integrity["methodology_status"]
    approved = MethodologyStatus(**status).approved
    passed = bool(integrity["all_passed"]) and all(
        c["result"] == PASS for c in integrity["conditions"]
    )
    record = {
        "methodology_status": status,
        "methodology_approved": approved,
        "conditions": {c["name"]: c["result"] for c in integrity["conditions"]},
        "all_passed": passed,
    }
    label = CCP if approved and passed else NOT_CCP
    return label, json.dumps(record, sort_keys=True, separators=(",", ":"))
