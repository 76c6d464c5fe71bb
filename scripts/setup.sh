#!/usr/bin/env bash
# Set up kg on a fresh Debian machine: a virtual environment in .venv with kg installed.
# With --test, also the test extras and the system packages the tests drive (Chromium,
# Apache Jena, the OWL API and a JDK, Virtuoso Open Source).
set -euo pipefail
cd "$(dirname "$0")/.."

test_deps=0
[ "${1:-}" = "--test" ] && test_deps=1

# one line per step on standard error, so a minute of installing is never silent
step() { printf 'setup: %s\n' "$*" >&2; }

if [ "$test_deps" = 1 ]; then
  packages=()
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  # Apache Jena's riot: the independent RDF toolchain the tests check the exports with
  [ -f /usr/share/java/jena-core.jar ] || packages+=(libapache-jena-java)
  command -v java >/dev/null || packages+=(default-jre-headless)
  # the OWL API (the library Protege is built on) and a JDK to compile tests/owl/ against it:
  # tests/test_owl.py checks the OWL 2 DL profile and a load + save through it
  [ -f /usr/share/java/owlapi-distribution.jar ] || packages+=(libowlapi-java)
  command -v javac >/dev/null || packages+=(default-jdk-headless)
  # a CJK font, so that Chinese labels in the report and the PNG charts are drawn, not boxes
  fc-list 2>/dev/null | grep -qiE "wenquanyi|noto sans cjk|noto serif cjk" || \
    packages+=(fonts-wqy-microhei)
  # only the server binaries: the metapackage would start a system instance
  command -v virtuoso-t >/dev/null || packages+=(virtuoso-opensource-7-bin)
  if [ ${#packages[@]} -gt 0 ]; then
    step "installing the Debian packages the tests drive: ${packages[*]}"
    if [ "$(id -u)" = 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
    "${apt[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends \
      "${packages[@]}" >/dev/null
  fi
fi

step "creating the virtual environment .venv"
python3 -m venv .venv
step "updating pip in .venv"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$test_deps" = 1 ]; then
  step "installing kg with its dependencies and the test tools into .venv (a minute or two)"
  .venv/bin/python -m pip install -q -e '.[test]'
else
  step "installing kg and its dependencies into .venv (about a minute)"
  .venv/bin/python -m pip install -q -e .
fi
step "done: run kg as .venv/bin/kg (e.g. .venv/bin/kg build), or activate the venv first:" \
  "source .venv/bin/activate"
