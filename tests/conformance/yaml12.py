"""A strict YAML 1.2 core-schema reader, built on PyYAML's parser.

PyYAML resolves plain scalars with YAML 1.1 rules (`yes` is a bool, `0755` is octal, `1:20` is
base 60, `2024-01-01` is a date). The loader here swaps in the YAML 1.2 core schema (the one a JSON
reading agrees with), so the value a document *means* can be compared with what 1.1 readers such
as Kubernetes' Go YAML and the KFP SDK's PyYAML will read.
"""

import re

import yaml

_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader whose plain-scalar resolution follows the YAML 1.2 core schema."""

    yaml_implicit_resolvers: dict = {}

    def construct_core_int(self, node):
        """Reads a core-schema int: decimal (leading zeros allowed), `0o` octal or `0x` hex."""
        text = self.construct_scalar(node)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_core_float(self, node):
        """Reads a core-schema float, including `.inf` and `.nan`."""
        text = self.construct_scalar(node).lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if text == ".nan":
            return float("nan")
        return float(text)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Loader.construct_core_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", Yaml12Loader.construct_core_float)


def load_all_yaml12(text: str) -> list:
    """Every document of `text`, read with YAML 1.2 core-schema rules."""
    return list(yaml.load_all(text, Loader=Yaml12Loader))
