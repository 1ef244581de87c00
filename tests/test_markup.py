"""bilateral.data.markup: text from event tables is shown as text, never as markup."""

from bilateral.data.markup import escape_markdown, escape_mpl


def test_escaping():
    assert escape_markdown("<script>x</script> *a*") == r"&lt;script&gt;x&lt;/script&gt; \*a\*"
    assert escape_mpl("$5") == r"\$5"


def test_markdown_escaping_flattens_lines_and_hides_dollars():
    assert escape_markdown("a\n- b") == r"a \- b"
    assert escape_markdown("US$ 5 & [x](y)") == r"US&#36; 5 &amp; \[x\]\(y\)"
