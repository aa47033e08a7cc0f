"""The JSON extras of an outbound row: an e-mail subject and HTML, and attached files."""

import base64
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message; `inline` files are shown in the HTML (cid:name)."""

    name: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass(frozen=True)
class Payload:
    """What a plain text body cannot carry."""

    subject: str = ""
    html: str = ""
    files: tuple[Attachment, ...] = field(default_factory=tuple)
    # Inline buttons under a Telegram message: rows of (label, callback data).
    buttons: tuple[tuple[tuple[str, str], ...], ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        """The column's text."""
        return json.dumps(
            {
                "subject": self.subject,
                "html": self.html,
                "files": [
                    {
                        "name": f.name,
                        "type": f.content_type,
                        "inline": f.inline,
                        "b64": base64.b64encode(f.data).decode(),
                    }
                    for f in self.files
                ],
                "buttons": [[list(b) for b in row] for row in self.buttons],
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> "Payload":
        """Read the column back; an empty column is an empty payload."""
        if not text:
            return cls()
        raw = json.loads(text)
        files = tuple(
            Attachment(f["name"], f["type"], base64.b64decode(f["b64"]), bool(f.get("inline")))
            for f in raw.get("files", [])
        )
        buttons = tuple(tuple((str(b[0]), str(b[1])) for b in row)
                        for row in raw.get("buttons", []))
        return cls(raw.get("subject", ""), raw.get("html", ""), files, buttons)
