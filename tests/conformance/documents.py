"""Finding the YAML files to check and splitting them into documents.

Files are plain `.yaml`/`.yml` or insta snapshots (`.snap`): a snapshot starts with a header block
between two `---` lines, and a snapshot whose body starts with `error:` records a compile error
rather than YAML, so it has nothing to check.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional

import yaml

import yaml12

YAML_SUFFIXES = (".yaml", ".yml", ".snap")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One YAML document of a file, read two ways.

    `data` is what a YAML 1.1 reader (Kubernetes, the KFP SDK) sees and what the engine checks run
    on; `meant` is the YAML 1.2 core-schema reading, i.e. what the writer meant.
    """

    number: int
    data: object
    meant: object


@dataclass
class LoadedFile:
    """A file's documents and YAML text (a snapshot's body), or why it could not be read (`error`),
    or why it was skipped."""

    path: Path
    documents: List[Document]
    text: str = ""
    error: Optional[str] = None
    skipped: Optional[str] = None


def find_files(arguments: List[str]) -> Iterator[Path]:
    """Expands the command-line arguments: files as given, directories recursively, sorted."""
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        else:
            yield path


def snapshot_body(text: str) -> str:
    """Strips insta's header (the first `---` ... `---` block) from a snapshot's text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return text
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "".join(lines[index + 1 :])
    return text


def load_file(path: Path) -> LoadedFile:
    """Reads a file into documents; a parse failure becomes `error`, a recorded compile error `skipped`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return LoadedFile(path, [], error=f"cannot read: {error}")
    if path.suffix == ".snap":
        text = snapshot_body(text)
        if text.lstrip().startswith("error:"):
            return LoadedFile(path, [], skipped="recorded compile error")
    try:
        read_11 = list(yaml.load_all(text, Loader=_FAST_LOADER))
        read_12 = yaml12.load_all_yaml12(text)
    except yaml.YAMLError as error:
        return LoadedFile(path, [], error=f"not valid YAML: {error}")
    documents = [
        Document(number, data, meant)
        for number, (data, meant) in enumerate(zip(read_11, read_12), start=1)
        if data is not None or meant is not None
    ]
    return LoadedFile(path, documents, text)
