"""Map a field path of a YAML document ("reactions[3].on", or a pydantic ``loc``) to its 1-based line.

``yaml.compose`` keeps the position of every node; the editor shows a problem next to the line it is
about. A path that goes deeper than the document does (a missing field) resolves to the deepest node
that exists: the mapping the field is missing from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_path(path: str) -> tuple[str | int, ...]:
    """``"bank.opening.calm[2]"`` → ``("bank", "opening", "calm", 2)``."""
    return tuple(int(index) if index else name for index, name in _STEP.findall(path))


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, or None when it is not valid YAML (the syntax error is reported elsewhere)."""
    try:
        return yaml.compose(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None


def line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The line of the node at ``loc`` (a mapping key's own line), else of its deepest existing ancestor."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)),
                         None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def replace_scalar(text: str, loc: Sequence[str | int], value: str) -> str | None:
    """``text`` with the scalar at ``loc`` replaced by ``value`` (comments and layout kept), or None when
    there is no scalar there."""
    root = compose(text)
    node = root
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
        else:
            return None
    if not isinstance(node, yaml.ScalarNode):
        return None
    rendered = value if re.fullmatch(r"[a-z][a-z0-9_-]*", value) else json.dumps(value, ensure_ascii=False)
    return text[:node.start_mark.index] + rendered + text[node.end_mark.index:]
