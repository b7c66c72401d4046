#!/usr/bin/env bash
# Prints the path of the trained Rasa model that matches the current training data, config, custom
# NLU components and the spelling normaliser they run first (spelling/: code and SMS lexicon), training it
# first when no such model exists. The model's name carries a hash of everything that shapes it, so
# `make run` and `make test` train once per change, never twice.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(
  { { find config.yml bot/domain bot/data -type f -name '*.yml'; find bot/components spelling -type f \( -name '*.py' -o -name '*.yml' \); } |
      LC_ALL=C sort | xargs sha256sum
    sha256sum requirements/rasa.txt; } | sha256sum | cut -c1-16
)
model="models/cdm-$hash.tar.gz"
if [ ! -f "$model" ]; then
  echo "Training the Rasa model (training data or config changed)..." >&2
  mkdir -p models var
  # A lock, so that two `make` targets started together train once.
  exec 9>var/.train.lock
  flock 9
  if [ ! -f "$model" ]; then
    .venv-rasa/bin/rasa train --config config.yml --domain bot/domain --data bot/data \
      --out models --fixed-model-name "cdm-$hash" >&2
  fi
fi
echo "$model"
