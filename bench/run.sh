#!/usr/bin/env bash
# bench/run.sh: takeback's performance figures against plain tools (issue 7).
#
# Builds takeback and the generator (bench/gen), writes synthetic Takeouts,
# starts `rclone serve webdav` on 127.0.0.1 with a random password, and
# prints one line per figure on standard output:
#
#   figure: NAME VALUE UNIT [RATIO [PASS|FAIL]]
#
# Progress and notes go to standard error, as "bench: …" lines. It installs
# nothing: it needs go, rclone, gzip and GNU time (/usr/bin/time). See
# bench/README.md for the figures, what each one measures, and the knobs:
#
#   BENCH_LARGE=1      also measure memory at 50,000 photos (adds a few minutes)
#   BENCH_RUNS=3       runs per timing; the best one counts
#   BENCH_JOBS=4       takeback --jobs and rclone --transfers
#   BENCH_PROFILE=0    skip the CPU profile of the import
#   BENCH_OUT=DIR      where figures, log and profile are kept (default /tmp/takeback-bench)
#   BENCH_WORK=DIR     where the Takeouts and the server's files go (default: a temporary
#                      folder, removed at the end; needs about 6 GB free)
#   BENCH_KEEP=1       keep the work folder
#   BENCH_UP_PHOTOS, BENCH_UP_PHOTO_SIZE, BENCH_UP_VIDEOS, BENCH_UP_PART_SIZE,
#   BENCH_MEM_PHOTOS, BENCH_MEM_PHOTO_SIZE, BENCH_TGZ_PHOTOS: the sizes
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-3}
JOBS=${BENCH_JOBS:-4}
LARGE=${BENCH_LARGE:-0}
PROFILE=${BENCH_PROFILE:-1}
KEEP=${BENCH_KEEP:-0}
OUT=${BENCH_OUT:-/tmp/takeback-bench}
MEM_PHOTOS=${BENCH_MEM_PHOTOS:-4700} # with edited copies and 20 videos: about 5,000 items
MEM_PHOTO_SIZE=${BENCH_MEM_PHOTO_SIZE:-24KB}
LARGE_PHOTOS=47000 # with edited copies and 200 videos: about 50,000 items
UP_PHOTOS=${BENCH_UP_PHOTOS:-300}
UP_PHOTO_SIZE=${BENCH_UP_PHOTO_SIZE:-3MB}
UP_VIDEOS=${BENCH_UP_VIDEOS:-3}
UP_PART_SIZE=${BENCH_UP_PART_SIZE:-400MB}
TGZ_PHOTOS=${BENCH_TGZ_PHOTOS:-100}

note() { echo "bench: $*" >&2; }

# --- what it needs ---------------------------------------------------------
missing=()
command -v go >/dev/null || missing+=("go (Go 1.26: https://go.dev/dl/)")
command -v rclone >/dev/null || missing+=("rclone (sudo apt-get install -y rclone)")
command -v gzip >/dev/null || missing+=("gzip (sudo apt-get install -y gzip)")
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  missing+=("GNU time as /usr/bin/time (sudo apt-get install -y time)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  for m in "${missing[@]}"; do echo "bench: missing $m" >&2; done
  exit 1
fi

mkdir -p "$OUT"
if [ -n "${BENCH_WORK:-}" ]; then
  WORK=$BENCH_WORK
  mkdir -p "$WORK"
  OWN_WORK=0
else
  WORK=$(mktemp -d /tmp/takeback-bench-work.XXXXXX)
  OWN_WORK=1
fi
LOG=$OUT/log.txt
FIGURES=$OUT/figures.txt
: >"$LOG"
: >"$FIGURES"
SRV_PID=""
START=$(date +%s%N)

cleanup() {
  local status=$?
  if [ -n "$SRV_PID" ]; then
    kill "$SRV_PID" 2>/dev/null || true
    wait "$SRV_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "bench: FAILED (status $status); the end of $LOG:" >&2
    tail -n 25 "$LOG" >&2 || true
  fi
  if [ "$OWN_WORK" = 1 ] && [ "$KEEP" != 1 ]; then
    rm -rf "$WORK"
  else
    note "work files kept in $WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# figure NAME VALUE UNIT [RATIO [VERDICT]]
figure() {
  echo "figure: $*"
  echo "figure: $*" >>"$FIGURES"
}

# run_ms OUTPUT CMD...: runs CMD with its standard output into OUTPUT and
# its errors into the log; prints the wall time in milliseconds.
run_ms() {
  local out=$1 s e
  shift
  echo "+ $*" >>"$LOG"
  s=$(date +%s%N)
  "$@" >"$out" 2>>"$LOG"
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}

# best_ms OUTPUT CMD...: the best of RUNS runs of run_ms.
best_ms() {
  local best="" t i
  for ((i = 0; i < RUNS; i++)); do
    t=$(run_ms "$@")
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

# rss_kb CMD...: runs CMD (output into the log) under GNU time; prints its
# peak resident set size in KiB.
rss_kb() {
  echo "+ $*" >>"$LOG"
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >>"$LOG" 2>&1
  tail -n 1 "$WORK/rss"
}

secs() { awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
per_item() { awk -v big="$1" -v tiny="$2" -v n="$3" 'BEGIN { printf "%.0f", (big - tiny) * 1024 / n }'; }
mbps() { awk -v bytes="$1" -v ms="$2" 'BEGIN { printf "%.1f", bytes / 1048576 / (ms / 1000) }'; }
elapsed() { echo $((($(date +%s%N) - START) / 1000000000)); }

# gen NAME FLAGS...: writes a Takeout into WORK/NAME; sets the global array
# PARTS to its parts and GEN (the gen: summary line).
gen() {
  local name=$1
  shift
  local s
  s=$(date +%s%N)
  mapfile -t PARTS < <("$WORK/gen" -out "$WORK/$name" "$@" 2>"$WORK/$name.summary")
  GEN=$(grep '^gen: media=' "$WORK/$name.summary")
  if [ ${#PARTS[@]} -eq 0 ] || [ -z "$GEN" ]; then
    cat "$WORK/$name.summary" >&2
    return 1
  fi
  note "$name: $(echo "$GEN" | sed 's/^gen: //; s/ seconds=.*//') ($(secs $((($(date +%s%N) - s) / 1000000))) s)"
}
# field KEY: a value of the last gen summary.
field() { echo "$GEN" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(go env GOVERSION), $(rclone version 2>/dev/null | head -n 1); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- build -----------------------------------------------------------------
note "building takeback and the generator"
go build -o "$WORK/takeback" ./cmd/takeback
go build -o "$WORK/gen" ./bench/gen
TB=$WORK/takeback

# --- Takeouts ----------------------------------------------------------------
note "writing the synthetic Takeouts into $WORK"
gen tiny -photos 10 -videos 1 -albums 1 -photo-size "$MEM_PHOTO_SIZE" -video-size 256KB
TINY=("${PARTS[@]}")
TINY_ITEMS=$(field media)
TINY_BYTES=$(field media_bytes)
gen mem -photos "$MEM_PHOTOS" -videos 20 -albums 10 -photo-size "$MEM_PHOTO_SIZE" -video-size 1MB -part-size 64MB
MEM=("${PARTS[@]}")
MEM_ITEMS=$(field media)
MEM_BYTES=$(field media_bytes)
if [ "$LARGE" = 1 ]; then
  gen large -photos "$LARGE_PHOTOS" -videos 200 -albums 50 -photo-size "$MEM_PHOTO_SIZE" -video-size 1MB -part-size 512MB
  LARGE_PARTS=("${PARTS[@]}")
  LARGE_ITEMS=$(field media)
  LARGE_BYTES=$(field media_bytes)
fi
gen up -photos "$UP_PHOTOS" -videos "$UP_VIDEOS" -albums 5 -photo-size "$UP_PHOTO_SIZE" -video-size 20MB \
  -part-size "$UP_PART_SIZE" -extract "$WORK/up-extracted"
UP=("${PARTS[@]}")
UP_ITEMS=$(field media)
UP_BYTES=$(field media_bytes)
EXTRACTED=$WORK/up-extracted/Takeout
# The same Takeout with its photos and videos stored, not deflated (Takeout
# does either): the upload without the cost of inflating.
gen upstore -store-media -photos "$UP_PHOTOS" -videos "$UP_VIDEOS" -albums 5 -photo-size "$UP_PHOTO_SIZE" -video-size 20MB \
  -part-size "$UP_PART_SIZE"
UPSTORE=("${PARTS[@]}")
gen tgz -format tgz -photos "$TGZ_PHOTOS" -videos 1 -albums 3 -photo-size "$UP_PHOTO_SIZE" -video-size 20MB -part-size 2GB
TGZ=("${PARTS[@]}")

# --- the WebDAV server ---------------------------------------------------------
SRV_ROOT=$WORK/server
mkdir -p "$SRV_ROOT"
: >"$WORK/rclone.conf"
PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
# RCLONE_USER and RCLONE_PASS are rclone's --user and --pass, given through
# its environment so that the password is on no command line.
RCLONE_USER=bench RCLONE_PASS=$PASSWORD rclone serve webdav --config "$WORK/rclone.conf" \
  --addr 127.0.0.1:0 "$SRV_ROOT" >"$WORK/server.log" 2>&1 &
SRV_PID=$!
URL=""
for _ in $(seq 150); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n 1 || true)
  [ -n "$URL" ] && break
  kill -0 "$SRV_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then
  cat "$WORK/server.log" >&2
  note "rclone serve webdav did not start"
  exit 1
fi
note "rclone serve webdav at $URL, serving $SRV_ROOT"

# The rclone client's remote "bench:", from the environment only.
export RCLONE_CONFIG=$WORK/rclone.conf
export RCLONE_CONFIG_BENCH_TYPE=webdav RCLONE_CONFIG_BENCH_URL=$URL RCLONE_CONFIG_BENCH_VENDOR=other
export RCLONE_CONFIG_BENCH_USER=bench
RCLONE_CONFIG_BENCH_PASS=$(printf '%s' "$PASSWORD" | rclone obscure -)
export RCLONE_CONFIG_BENCH_PASS
export TAKEBACK_PASSWORD=$PASSWORD

# fresh NAME: an empty folder on the server, created through it.
fresh() {
  rclone mkdir "bench:$1" 2>>"$LOG"
}
# check_upload NAME ITEMS BYTES: the folder holds ITEMS files of BYTES bytes in
# all; then it is removed (nothing reads it again, so rclone's listing cache
# does not matter) and the dirty pages are written out before the next run.
check_upload() {
  local files bytes
  files=$(find "$SRV_ROOT/$1" -type f | wc -l)
  bytes=$(find "$SRV_ROOT/$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
  rm -rf "${SRV_ROOT:?}/$1"
  sync
  if [ "$files" -ne "$2" ] || [ "$bytes" -ne "$3" ]; then
    note "$1 holds $files files, $bytes bytes; want $2 files, $3 bytes"
    return 1
  fi
}
# import_args FOLDER: IMPORT is takeback's import command into FOLDER (the
# password comes from TAKEBACK_PASSWORD).
import_args() {
  IMPORT=("$TB" import --webdav "$URL/$1/" --user bench --only photos --jobs "$JOBS")
}

# --- memory --------------------------------------------------------------------
note "peak memory (GNU time %M)"
memory() { # memory LABEL ITEMS BYTES ARCHIVES...
  local label=$1 items=$2 bytes=$3 rss ms
  shift 3
  rss=$(rss_kb "$TB" preview "$@")
  figure "preview_rss_$label" "$(mib "$rss")" MiB
  if [ "$label" = tiny ]; then
    PREVIEW_TINY=$rss
  else
    figure "items_$label" "$items" items
    figure "preview_bytes_per_item_$label" "$(per_item "$rss" "$PREVIEW_TINY" "$items")" B/item
  fi
  fresh "mem-$label"
  import_args "mem-$label"
  ms=$(date +%s%N)
  rss=$(rss_kb "${IMPORT[@]}" "$@")
  ms=$((($(date +%s%N) - ms) / 1000000))
  check_upload "mem-$label" "$items" "$bytes"
  figure "import_rss_$label" "$(mib "$rss")" MiB
  if [ "$label" = tiny ]; then
    IMPORT_TINY=$rss
  else
    figure "import_bytes_per_item_$label" "$(per_item "$rss" "$IMPORT_TINY" "$items")" B/item
    figure "import_wall_$label" "$(secs "$ms")" s
  fi
}
memory tiny "$TINY_ITEMS" "$TINY_BYTES" "${TINY[@]}"
memory 5k "$MEM_ITEMS" "$MEM_BYTES" "${MEM[@]}"
if [ "$LARGE" = 1 ]; then
  memory 50k "$LARGE_ITEMS" "$LARGE_BYTES" "${LARGE_PARTS[@]}"
fi

# --- preview speed ---------------------------------------------------------------
note "preview against reading the archives (warm cache, best of $RUNS)"
cat "${UP[@]}" >/dev/null
"$TB" preview "${UP[@]}" >/dev/null 2>>"$LOG"
CAT_MS=$(best_ms /dev/null cat "${UP[@]}")
PREVIEW_MS=$(best_ms /dev/null "$TB" preview "${UP[@]}")
figure cat_zip "$(secs "$CAT_MS")" s
figure preview_zip "$(secs "$PREVIEW_MS")" s "$(ratio "$PREVIEW_MS" "$CAT_MS")"

cat "${MEM[@]}" >/dev/null
CAT_MEM_MS=$(best_ms /dev/null cat "${MEM[@]}")
PREVIEW_MEM_MS=$(best_ms /dev/null "$TB" preview "${MEM[@]}")
figure cat_zip_5k "$(secs "$CAT_MEM_MS")" s
figure preview_zip_5k "$(secs "$PREVIEW_MEM_MS")" s "$(ratio "$PREVIEW_MEM_MS" "$CAT_MEM_MS")"

cat "${TGZ[@]}" >/dev/null
GZIP_MS=$(best_ms /dev/null gzip -dc "${TGZ[@]}")
PREVIEW_TGZ_MS=$(best_ms /dev/null "$TB" preview "${TGZ[@]}")
figure gzip_dc_tgz "$(secs "$GZIP_MS")" s
figure preview_tgz "$(secs "$PREVIEW_TGZ_MS")" s "$(ratio "$PREVIEW_TGZ_MS" "$GZIP_MS")"

# --- upload throughput ---------------------------------------------------------------
note "upload: takeback import from the zip vs rclone copy of the extracted files ($UP_ITEMS files, $UP_BYTES bytes, $JOBS at a time, best of $RUNS)"
cat "${UP[@]}" >/dev/null
find "$EXTRACTED" -type f -print0 | xargs -0 cat >/dev/null
cat "${UPSTORE[@]}" >/dev/null
TB_BEST="" RC_BEST="" TS_BEST=""
for ((r = 1; r <= RUNS; r++)); do
  fresh "tb-$r"
  sync
  import_args "tb-$r"
  t=$(run_ms "$LOG" "${IMPORT[@]}" "${UP[@]}")
  check_upload "tb-$r" "$UP_ITEMS" "$UP_BYTES"
  note "run $r: takeback import $(secs "$t") s"
  if [ -z "$TB_BEST" ] || [ "$t" -lt "$TB_BEST" ]; then TB_BEST=$t; fi

  fresh "rc-$r"
  sync
  t=$(run_ms "$LOG" rclone copy "$EXTRACTED" "bench:rc-$r" --transfers "$JOBS")
  check_upload "rc-$r" "$UP_ITEMS" "$UP_BYTES"
  note "run $r: rclone copy $(secs "$t") s"
  if [ -z "$RC_BEST" ] || [ "$t" -lt "$RC_BEST" ]; then RC_BEST=$t; fi

  fresh "ts-$r"
  sync
  import_args "ts-$r"
  t=$(run_ms "$LOG" "${IMPORT[@]}" "${UPSTORE[@]}")
  check_upload "ts-$r" "$UP_ITEMS" "$UP_BYTES"
  note "run $r: takeback import, media stored $(secs "$t") s"
  if [ -z "$TS_BEST" ] || [ "$t" -lt "$TS_BEST" ]; then TS_BEST=$t; fi
done
figure upload_rclone_copy "$(secs "$RC_BEST")" s
figure upload_rclone_copy_rate "$(mbps "$UP_BYTES" "$RC_BEST")" MiB/s
figure upload_takeback_rate "$(mbps "$UP_BYTES" "$TB_BEST")" MiB/s
UP_RATIO=$(ratio "$TB_BEST" "$RC_BEST")
VERDICT=FAIL
awk -v r="$UP_RATIO" 'BEGIN { exit !(r <= 1.0) }' && VERDICT=PASS
figure upload_takeback "$(secs "$TB_BEST")" s "$UP_RATIO" "$VERDICT"
UP_RATIO=$(ratio "$TS_BEST" "$RC_BEST")
VERDICT=FAIL
awk -v r="$UP_RATIO" 'BEGIN { exit !(r <= 1.0) }' && VERDICT=PASS
figure upload_takeback_stored_rate "$(mbps "$UP_BYTES" "$TS_BEST")" MiB/s
figure upload_takeback_stored "$(secs "$TS_BEST")" s "$UP_RATIO" "$VERDICT"

# --- CPU profile of the import -------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
  note "CPU profile of the import (go test -bench ImportWebDAV -cpuprofile)"
  BENCH_ARCHIVES="$WORK/up/*.zip" BENCH_JOBS=$JOBS go test ./bench -run '^$' -bench ImportWebDAV \
    -benchtime 1x -count 1 -cpuprofile "$OUT/cpu.pprof" -o "$OUT/bench.test" >>"$LOG" 2>&1
  go tool pprof -top -nodecount 30 "$OUT/bench.test" "$OUT/cpu.pprof" >"$OUT/pprof-top.txt" 2>>"$LOG"
  go tool pprof -top -cum -nodecount 40 "$OUT/bench.test" "$OUT/cpu.pprof" >"$OUT/pprof-cum.txt" 2>>"$LOG"
  note "profile: $OUT/cpu.pprof (go tool pprof -http=: $OUT/bench.test $OUT/cpu.pprof); top:"
  awk 'f && n++ < 12; /flat%/ { f = 1 }' "$OUT/pprof-top.txt" >&2
fi

note "figures in $FIGURES, log in $LOG; finished in $(elapsed) s; load average $(cut -d' ' -f1-3 /proc/loadavg) (other processes skew the timings)"
