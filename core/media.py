"""Evidence files (visit and installation photos) kept under MEDIA_ROOT by their SHA-256.

The name is the content's hash, so an auditor can check a file against the hash the visit
keeps, and the same photo sent twice is stored once.
"""

import hashlib
import os
import tempfile
from pathlib import Path

_IMAGE_STARTS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # JPEG, PNG


def is_image(content: bytes) -> bool:
    """Whether the bytes begin as a JPEG, PNG or WebP file does: evidence must be a picture."""
    webp = content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    return webp or content.startswith(_IMAGE_STARTS)


def media_path(root: str | Path, sha256: str) -> Path:
    """Where a file with this hash lives: two-level fan-out keeps folders small."""
    return Path(root) / sha256[:2] / f"{sha256}.jpg"


def store_media(root: str | Path, content: bytes) -> str:
    """Write `content` once under its SHA-256 (atomically); return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    target = media_path(root, digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest
