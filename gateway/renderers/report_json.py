"""The monitoring report as JSON: the dict of `MonitoringReport.as_dict()`, numbers as numbers."""

import json
from collections.abc import Mapping
from typing import Any


def render(report: Mapping[str, Any], lang: str = "en") -> str:
    """Serialise a report dict with its keys in report order, refusing NaN or infinity.

    The same in every `lang`: JSON is the report's data (its digest is the ledger's), keys
    and the computation's sentences in English; the HTML page is what a person reads.
    """
    del lang  # the renderers share one signature; JSON is language-free
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
