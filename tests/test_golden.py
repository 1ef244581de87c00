"""The shipped variants render to the text recorded in tests/golden/ (see golden/outputs.py)."""

import json

import pytest
from golden.outputs import GOLDEN, execute, text_outputs, variants

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("variant", variants())
def test_variant_text_matches_recording(variant, tmp_path):
    recorded = json.loads((GOLDEN / f"{variant}.json").read_text(encoding="utf-8"))
    assert text_outputs(execute(variant, tmp_path)) == recorded
