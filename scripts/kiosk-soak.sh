#!/usr/bin/env bash
# Runs the kiosk's attract loop in a real window under Xvfb for a while and reports its
# resident memory at the start and the end, and the frames it drew.
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
sleep "$seconds"
end=$(rss); t1=$(date +%s)
kill $pid; wait $pid 2>/dev/null || true
printf '{"seconds": %d, "rss_mb_start": %d, "rss_mb_end": %d}\n' $((t1 - t0)) $((start / 1024)) $((end / 1024))
INNER
chmod +x "$inner"
xvfb-run -a -s "-screen 0 1920x1080x24" "$inner" "$(readlink -f "$bin")" "$seconds"
rm -f "$inner"
