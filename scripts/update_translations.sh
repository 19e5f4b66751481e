#!/usr/bin/env bash
# Regenerates the zh-Hans catalogue after user-facing text changed. Needs GNU gettext (apt-get install
# gettext) on the developer's machine only; the compiled .mo is committed so running Lingong does not.
# Source strings are written in Simplified Chinese, so the zh_Hans catalogue maps each one to itself;
# translators add other languages with `django-admin makemessages -l <code>` the same way.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/src/lingong"
export DJANGO_SETTINGS_MODULE=lingong.settings PYTHONPATH="$ROOT/src"
"$ROOT/.venv/bin/django-admin" makemessages -l zh_Hans --no-obsolete \
  --ignore "static/*" --ignore "*/tests/*" --ignore "bench/*" --ignore "matching/*"
PO=locale/zh_Hans/LC_MESSAGES/django.po
msgen "$PO" -o "$PO"
"$ROOT/.venv/bin/python" - "$PO" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r'^"Plural-Forms:.*$', r'"Plural-Forms: nplurals=1; plural=0;\\n"', text, flags=re.M)
text = re.sub(r'^"Language: .*$', r'"Language: zh_Hans\\n"', text, flags=re.M)
text = re.sub(r'^"Project-Id-Version: .*$', r'"Project-Id-Version: lingong\\n"', text, flags=re.M)
text = re.sub(r'^"Last-Translator: .*$', r'"Last-Translator: Lingong developers\\n"', text, flags=re.M)
text = re.sub(r'^"Language-Team: .*$', r'"Language-Team: zh-Hans\\n"', text, flags=re.M)
text = re.sub(r'^"PO-Revision-Date: .*$', r'"PO-Revision-Date: 2026-11-29 00:00+0800\\n"', text, flags=re.M)
# Chinese has one plural form: keep msgstr[0] only.
text = re.sub(r'^msgstr\[1\] .*\n(^".*\n)*', "", text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
PY
msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo "$PO"
echo "Updated $PO"
