"""Keep the two gettext catalogs in step with the code (``make translations``, issue 19).

Extracts every message key the code and the pages use (pybabel's extractors, the keywords of
``babel.cfg``), then updates ``simulator/locale/{zh_CN,en}/LC_MESSAGES/messages.po``: a new key is added
with an empty text to fill in, a key nobody uses any more is dropped. Texts already written are kept.
``tests/unit/test_translations.py`` fails until every key has its text in both languages.

    .venv/bin/python scripts/translations.py          # update both catalogs
    .venv/bin/python scripts/translations.py --check  # only say what would change (exit 1 if anything)
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "simulator" / "locale"
LOCALES = ("zh_CN", "en")
PY_KEYWORDS = {"translate": (1,), "ntranslate": (1, 2), "N_": None, "say": (1,)}


def extract() -> dict[str | tuple[str, str], None]:
    """Every key in first-use order; a counted message is its (singular, plural) pair."""
    keys: dict[str | tuple[str, str], None] = {}
    sources = [(ROOT / "simulator", [("**.py", "python")], {}, PY_KEYWORDS),
               (ROOT / "web" / "templates", [("**.html", "jinja2")],
                {"**.html": {"extensions": "jinja2.ext.i18n"}}, None)]
    for folder, method_map, options_map, keywords in sources:
        kwargs = {"keywords": keywords} if keywords else {}
        for _f, _l, message, _c, _ctx in extract_from_dir(str(folder), method_map=method_map,
                                                         options_map=options_map, **kwargs):
            if isinstance(message, tuple):
                message = (message[0], message[1]) if len(message) > 1 and message[1] else message[0]
            if message:
                keys.setdefault(message, None)
    return keys


def update(locale: str, keys: dict, write: bool) -> list[str]:
    path = LOCALE / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        old: Catalog = read_po(f, locale=locale, domain="messages")
    singular = {k if isinstance(k, str) else k[0]: k for k in keys}
    changes = []
    for message in list(old):
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) not in singular:
            changes.append(f"{locale}: drop {message.id!r}")
            old.delete(message.id)
    for key in keys:
        if (key if isinstance(key, str) else key[0]) not in old:
            changes.append(f"{locale}: add {key!r} (write its text)")
            old.add(key, ("", "") if isinstance(key, tuple) and locale == "en" else "" if isinstance(key, str) else ("",))
    if write and changes:
        buf = io.BytesIO()
        write_po(buf, old, width=120, no_location=True)
        path.write_bytes(buf.getvalue())
    return changes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    keys = extract()
    changes = [c for locale in LOCALES for c in update(locale, keys, write=not args.check)]
    print("\n".join(changes) or "the catalogs hold exactly the keys the code uses")
    if args.check and changes:
        sys.exit(1)


if __name__ == "__main__":
    main()
