#!/usr/bin/env bash
# deploy/find-python.sh VERSION: prints the path of a Python VERSION interpreter (3.10 or 3.11),
# looking at $PYTHON310 / $PYTHON311, pyenv, then PATH; explains what to do when there is none.
set -u
version=$1
var="PYTHON${version//./}"
candidates=("${!var:-}")
candidates+=("$HOME"/.pyenv/versions/"$version".*/bin/python"$version")
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv root)"/versions/"$version".*/bin/python"$version")
fi
candidates+=("$(command -v "python$version" 2>/dev/null)" "/usr/bin/python$version" "/usr/local/bin/python$version")
for candidate in "${candidates[@]}"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import venv' >/dev/null 2>&1; then
    echo "$candidate"
    exit 0
  fi
done
cat >&2 <<MSG
error: Python $version was not found.
  Rasa Open Source 3.6 needs Python 3.10 (.venv-rasa); everything else runs on Python 3.11 (.venv).
  Install it, for example with 'pyenv install $version', or point to it: make $var=/path/to/python$version
MSG
exit 1
