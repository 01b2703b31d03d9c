"""The one result type every checker returns: a problem found at a place in a document."""

from dataclasses import dataclass
from typing import Iterable, Sequence, Union

PathPart = Union[str, int]


@dataclass(frozen=True)
class Problem:
    """A reason a real engine would reject (or misread) a document.

    `path` locates the offending value inside the document (keys and list indexes);
    `checker` names who objected (`argo-v4-schema`, `kfp-sdk`, `yaml11`, ...) so a reader knows
    which engine's rule it is; `message` carries the checker's own words.
    """

    path: Sequence[PathPart]
    checker: str
    message: str

    def render(self, file: str, doc: int) -> str:
        """Formats the problem as `FILE:doc N:PATH: [checker] message` on one line."""
        message = " ".join(self.message.split())
        return f"{file}:doc {doc}:{render_path(self.path)}: [{self.checker}] {message}"


def render_path(path: Iterable[PathPart]) -> str:
    """Writes a document path as `spec.templates[0].dag`, or `.` for the document itself."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "."
