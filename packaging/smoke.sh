#!/usr/bin/env bash
# The installed app, used as a person would: run from outside the source tree with a fresh
# home folder, no venv on PATH. The same script runs in .ci/run (the .deb) and in
# .github/workflows/installers.yml (the .deb, the Windows installer, the macOS .dmg).
#   bash packaging/smoke.sh VERSION [HOME_DIR]
# REELROOM_GUI / REELROOM_CLI name the installed programs (default: reelroom, reelroom-cli on
# PATH); MENU_ENTRY, when set, is the launcher the installer must have made (the .desktop
# file, the Start menu shortcut, the .app). On Linux with no DISPLAY an Xvfb is started for
# the run, and windows are found by title with xdotool.
set -euo pipefail
VERSION=${1:?usage: smoke.sh VERSION [HOME_DIR]}
SMOKE_HOME=${2:-$(mktemp -d /tmp/reelroom-smoke-home.XXXXXX)}
GUI=${REELROOM_GUI:-reelroom}
CLI=${REELROOM_CLI:-reelroom-cli}
WORK=$(mktemp -d /tmp/reelroom-smoke.XXXXXX)
cd "$WORK"
mkdir -p "$SMOKE_HOME"
export HOME=$SMOKE_HOME
# the default library of a user with this home, not a test folder
unset REELROOM_HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME VIRTUAL_ENV PYTHONPATH
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { echo "-- smoke: $*"; }
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }

LINUX=0
if [ "$(uname -s)" = Linux ]; then LINUX=1; fi
if [ "$LINUX" = 1 ] && [ -z "${DISPLAY:-}" ]; then
  # Xvfb picks a free display itself and writes its number (-displayfd): choosing one here
  # could race with another X server starting at the same moment
  Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$WORK/display" >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
  [ -s "$WORK/display" ] || fail "Xvfb did not start"
  DISPLAY=":$(head -n1 "$WORK/display")"
  export DISPLAY
fi

step "$CLI --version"
got=$("$CLI" --version)
[ "$got" = "reelroom $VERSION" ] || fail "--version printed '$got', expected 'reelroom $VERSION'"

step "$CLI doctor"
"$CLI" doctor > doctor.txt || true
cat doctor.txt
grep -qE '^OK +ffmpeg ' doctor.txt || fail "doctor: ffmpeg is not OK"
grep -qE '^OK +libvlc .*video output' doctor.txt || fail "doctor: libvlc with a video output is not OK"
grep -qE '^OK +Qt ' doctor.txt || fail "doctor: Qt is not OK"
LIBRARY=$(sed -nE 's/^OK +library +(.*) \(schema.*/\1/p' doctor.txt)
[ -n "$LIBRARY" ] || fail "doctor names no library"

step "$CLI self-test"
"$CLI" self-test || fail "self-test"

# a project made with the CLI, in the user's library, then bundled
"$CLI" project new "Smoke film" >/dev/null
"$CLI" shot add "Smoke film" --title "Harbour" --prompt "a harbour at dawn" >/dev/null
"$CLI" shot add "Smoke film" --title "Gulls" --prompt "gulls over the water" >/dev/null
step "generate (the offline animatic provider, through the queue) and export the film"
"$CLI" queue add "Smoke film" --all-without-take >/dev/null || fail "queue add"
"$CLI" queue run >/dev/null || fail "queue run"
"$CLI" export "Smoke film" --out smoke.mp4 --preset 480p >/dev/null 2>&1 || fail "export"
[ -s smoke.mp4 ] || fail "the export wrote no film"
"$CLI" bundle export "Smoke film" smoke.reelroom >/dev/null
[ -s smoke.reelroom ] || fail "bundle export wrote nothing"
step "timelines (OTIO and CMX 3600 EDL adapters)"
"$CLI" timeline export "Smoke film" --otio smoke.otio >/dev/null || fail "OTIO export"
"$CLI" timeline export "Smoke film" --edl smoke.edl >/dev/null || fail "EDL export"
grep -q "TITLE: Smoke film" smoke.edl || fail "the EDL has no title"

projects() { "$CLI" --json project list | grep -c '"name"' || true; }
wait_window() {  # TITLE-REGEX SECONDS: Linux finds the window; elsewhere the app must stay up
  local pid=$3
  for _ in $(seq $(($2 * 5))); do
    if [ "$LINUX" = 1 ]; then
      xdotool search --name "$1" >/dev/null 2>&1 && return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  [ "$LINUX" = 0 ]  # still running after the wait: as far as we can see without X, it is up
}

step "$GUI opens its window"
"$GUI" > gui.log 2>&1 &
gui=$!; PIDS+=("$gui")
wait_window "Reelroom" 30 "$gui" || { cat gui.log; fail "no window named Reelroom appeared"; }
kill "$gui"; wait "$gui" 2>/dev/null || true

step "$GUI smoke.reelroom opens the bundle"
before=$(projects)
"$GUI" smoke.reelroom > gui-bundle.log 2>&1 &
gui=$!; PIDS+=("$gui")
wait_window "Smoke film.* — Reelroom" 60 "$gui" || { cat gui-bundle.log; fail "the bundle did not open"; }
for _ in $(seq 150); do [ "$(projects)" -gt "$before" ] && break; sleep 0.2; done
kill "$gui"; wait "$gui" 2>/dev/null || true
[ "$(projects)" -eq $((before + 1)) ] || fail "the bundle was not imported as a new project"

if [ -n "${MENU_ENTRY:-}" ]; then
  step "the menu entry $MENU_ENTRY"
  [ -e "$MENU_ENTRY" ] || fail "the installer made no menu entry at $MENU_ENTRY"
fi
echo "$LIBRARY" > "$SMOKE_HOME/library-path"
step "passed (library: $LIBRARY)"
