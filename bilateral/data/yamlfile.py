"""Read small YAML documents (parameters files, ``-p`` values) without letting aliases expand
them into a huge document ("billion laughs"): the node graph is measured before it is built."""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_BYTES = 1 << 20  # a parameters file is a few lines
MAX_NODES = 100_000  # scalars, lists and mappings after every alias is expanded


class YamlError(ValueError):
    """A YAML document that cannot be read, or is too large once expanded."""


def load_yaml(text: str) -> object:
    """Parse one YAML document safely; raise :class:`YamlError` with one sentence."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise YamlError(" ".join(str(exc).split())) from None
    if node is None:
        return None
    size = _expanded_size(node, {}, set())
    if size > MAX_NODES:
        raise YamlError(f"expands to more than {MAX_NODES:,} values through its aliases "
                        f"(*name); write the values out instead")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise YamlError(" ".join(str(exc).split())) from None


def load_yaml_file(path: str | Path) -> object:
    """Read and parse a YAML file of at most ``MAX_BYTES``; raise :class:`YamlError`."""
    from bilateral.data.files import regular_file_problem  # noqa: PLC0415

    problem = regular_file_problem(path)
    if problem:
        raise YamlError(problem)
    with open(path, "rb") as stream:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise YamlError(f"is larger than {MAX_BYTES:,} bytes; a parameters file is a few lines")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlError("is not UTF-8 text") from None
    return load_yaml(text)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """Count the values a node stands for, counting a shared (aliased) node at every use."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise YamlError("refers to itself through an alias")
    open_nodes.add(key)
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, sizes, open_nodes)
            if total > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            total += _expanded_size(name, sizes, open_nodes) + _expanded_size(
                value, sizes, open_nodes)
            if total > MAX_NODES:
                break
    open_nodes.discard(key)
    sizes[key] = total
    return total
