"""The monitoring report as JSON: the dict of `MonitoringReport.as_dict()`, numbers as numbers."""

import json
from collections.abc import Mapping
from typing import Any


def render(report: Mapping[str, Any]) -> str:
    """Serialise a report dict with its keys in report order, refusing NaN or infinity."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
