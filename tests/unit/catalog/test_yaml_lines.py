"""Field paths of a YAML document map to the line an editor should point at."""

from __future__ import annotations

from simulator.catalog.yaml_lines import compose, line_of, parse_path, replace_scalar

DOC = """\
# a comment
id: demo
name:
  zh: 演示
  en: Demo
reactions:
  - "on": greeting
    delta: {anger: -0.1}
  - "on": threat
    delta: {anger: 0.3}
"""


def test_a_dotted_path_with_indexes_parses_into_steps():
    assert parse_path("reactions[1].delta.anger") == ("reactions", 1, "delta", "anger")
    assert parse_path("bank.opening.calm[2]") == ("bank", "opening", "calm", 2)


def test_each_field_resolves_to_its_own_line():
    root = compose(DOC)
    assert line_of(root, ("id",)) == 2
    assert line_of(root, ("name", "en")) == 5
    assert line_of(root, ("reactions", 1, "on")) == 9
    assert line_of(root, ("reactions", 1)) == 9


def test_a_missing_field_resolves_to_the_mapping_it_is_missing_from():
    root = compose(DOC)
    assert line_of(root, ("name", "fr")) == 3
    assert line_of(root, ("reactions", 7, "on")) == 6


def test_invalid_yaml_has_no_lines():
    assert line_of(compose("a: [unclosed"), ("a",)) is None


def test_replacing_a_scalar_keeps_comments_and_layout():
    out = replace_scalar(DOC, ("name", "zh"), "演示(副本)")
    assert out == DOC.replace("zh: 演示", 'zh: "演示(副本)"')
    assert replace_scalar(DOC, ("id",), "demo-2") == DOC.replace("id: demo", "id: demo-2")
    assert replace_scalar(DOC, ("nothing",), "x") is None
