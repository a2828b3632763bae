"""Every message a page flashes after a form, and every error a form shows,
is in the reader's language.

The pseudo-locale sweep (test_pseudo_locale.py) reads pages as they are opened;
a message shown once after a POST, or an error shown only when a form is
refused, is not on them. So the source is read instead: the text given to
`django.contrib.messages`, to `ValidationError` and to a form's `add_error` must
come from gettext (or a value built elsewhere), never a bare literal or
f-string, which would reach a German or Spanish worker in English.
"""

import ast
from pathlib import Path

from django.conf import settings

LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
SKIP_PARTS = {".venv", "tests", "migrations", "node_modules", "static", "var"}


def _is_literal_text(node: ast.AST) -> bool:
    """A string literal, f-string or concatenation with words in it."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_literal_text(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_literal_text(node.body) or _is_literal_text(node.orelse)
    return False


def _unmarked_messages(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if SKIP_PARTS & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
                and node.func.attr in LEVELS
            ):
                # add_message(request, level, text); the others (request, text).
                position = 2 if node.func.attr == "add_message" else 1
                text = node.args[position] if len(node.args) > position else None
                if text is not None and _is_literal_text(text):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.Call) and _shown_as_error(node):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def _shown_as_error(call: ast.Call) -> bool:
    """`ValidationError("...")` or `form.add_error(field, "...")` with bare text."""
    func = call.func
    name = getattr(func, "id", None) or getattr(func, "attr", None)
    if name == "ValidationError" and call.args:
        return _is_literal_text(call.args[0])
    if name == "add_error" and len(call.args) > 1:
        return _is_literal_text(call.args[1])
    return False


def test_every_flashed_message_and_form_error_is_marked_for_translation():
    assert _unmarked_messages(Path(settings.BASE_DIR)) == []


def test_the_check_finds_an_unmarked_message(tmp_path):
    (tmp_path / "views.py").write_text(
        "def view(request, name):\n"
        "    messages.success(request, f'Record opened for {name}.')\n"
        "    messages.info(request, _('Saved.'))\n"
        "    messages.error(request, 'Not saved.' + ' Try again.')\n"
        "    form.add_error('name', f'{name} is taken.')\n"
        "    form.add_error('name', gettext('Taken.'))\n"
        "    raise ValidationError('The group is full.')\n"
    )
    assert _unmarked_messages(tmp_path) == [
        "views.py:2",
        "views.py:4",
        "views.py:5",
        "views.py:7",
    ]
