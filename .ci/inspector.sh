#!/usr/bin/env bash
# Drive `icusync demo` (from the zipapp) with an independent MCP client: the
# MCP Inspector CLI on Node 22, both from the npm registry.
set -euo pipefail
# GET a URL and print the body, failing unless it answers 200 (python3, so curl need not be installed).
healthy() { python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())' "$1"; }
zipapp=$(realpath "$1")
work=$(mktemp -d)
trap 'kill $demo 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund node@22 @modelcontextprotocol/inspector >/dev/null)
export PATH="$work/node_modules/.bin:$PATH"
port=18766
(cd "$work" && exec python3 "$zipapp" demo --port $port --data "$work/data" >"$work/demo.log" 2>&1) &
demo=$!
# The demo prints two connector URLs: the demo athlete's, then the demo coach's.
printed() { sed -n "s/^Connector URL for the demo $1[^:]*: //p" "$work/demo.log"; }
for _ in $(seq 1 100); do
  url=$(printed athlete)
  coach_url=$(printed coach)
  if [ -n "$url" ] && [ -n "$coach_url" ] && healthy "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
inspector() { mcp-inspector --cli "$url" --transport http "$@"; }
tools=$(inspector --method tools/list)
for name in get_athlete_profile get_fitness list_activities get_calendar create_workouts; do
  grep -q "\"name\": \"$name\"" <<<"$tools" || { echo "tools/list lacks $name"; exit 1; }
done
inspector --method tools/call --tool-name get_fitness --tool-arg oldest="last 2 weeks" | grep -q '"fitness"'
inspector --method tools/call --tool-name get_calendar | grep -q 'days_to_go'
# The coach's connection lists the athletes it reaches and reads one of them by name.
coach() { mcp-inspector --cli "$coach_url" --transport http "$@"; }
coach --method tools/list | grep -q '"name": "list_athletes"' || { echo "the coach's tools/list lacks list_athletes"; exit 1; }
coach --method tools/call --tool-name get_fitness --tool-arg athlete=Jake | grep -q 'Athlete: Jake'
echo "inspector: tools/list and tools/call work against icusync demo, for an athlete and for a coach"
