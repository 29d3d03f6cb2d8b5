#!/usr/bin/env bash
# Runs the kiosk's attract loop in a real window under Xvfb for a while and reports its
# resident memory at the start, every five minutes and at the end.
#
#   scripts/kiosk-soak.sh [SECONDS (default 3600)] [BINARY (default target/release/tideline)]
set -euo pipefail
seconds=${1:-3600}
bin=${2:-target/release/tideline}
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
inner=$(mktemp)
cat > "$inner" <<'INNER'
#!/usr/bin/env bash
bin=$1; seconds=$2
"$bin" kiosk --config assets/deploy/kiosk.ron --show-fps >/dev/null 2>&1 & pid=$!
sleep 20
kill -0 $pid || { echo '{"error": "the kiosk exited"}'; exit 1; }
rss() { ps -o rss= -p $pid | tr -d ' '; }
start=$(rss); t0=$(date +%s)
samples="$((start / 1024))"
while [ $(( $(date +%s) - t0 )) -lt "$seconds" ]; do
  left=$(( seconds - ($(date +%s) - t0) ))
  sleep $(( left < 300 ? left : 300 ))
  kill -0 $pid || { echo '{"error": "the kiosk exited during the soak"}'; exit 1; }
  samples="$samples, $(( $(rss) / 1024 ))"
done
end=$(rss); t1=$(date +%s)
kill $pid; wait $pid 2>/dev/null || true
printf '{"seconds": %d, "rss_mb_start": %d, "rss_mb_end": %d, "rss_mb_every_5_min": [%s]}\n' \
  $((t1 - t0)) $((start / 1024)) $((end / 1024)) "$samples"
INNER
chmod +x "$inner"
xvfb-run -a -s "-screen 0 1920x1080x24" "$inner" "$(readlink -f "$bin")" "$seconds"
rm -f "$inner"
