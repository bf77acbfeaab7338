#!/usr/bin/env bash
# kiosk-bench.sh: figures for the touch kiosk itself, where tools/bench/kiosk-bench measures the
# content pipeline. At 1920x1080 by default:
#   first-frame  process start to the first frame, headless, with the sample pack and a generated
#                2,000-entry pack (median of --runs fresh processes)
#   rss          peak RSS of a headless session on the 2,000-entry pack: open the biggest theme,
#                scroll, open entries (photos become textures)
#   idle         CPU of a kiosk left alone for --idle-seconds, windowed on Xvfb (X11) and, for
#                comparison, on SDL's offscreen driver
#   scroll       thread CPU time per frame while dragging through a 500-entry list, on the software
#                renderer and on SDL's GLES2 renderer (llvmpipe)
# It prints figures as they are measured and a table against the targets of the issue at the end.
# A missed target is a figure, not a failure: the exit status is 1 only when a measurement could
# not be taken (a kiosk crashed, a script step failed, a tool is missing).
# See tools/bench/README.md, section "Kiosk".
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: tools/bench/kiosk-bench.sh [options]

  --runs N            fresh processes per first-frame figure (default 10)
  --idle-seconds S    idle measurement window after a 3 s warm-up (default 30)
  --entries N         entries in the generated pack (default 2000)
  --list-entries N    of these, entries in the theme that is scrolled (default 500)
  --photos N          distinct photos in the generated pack, shared by all entries (default 200)
  --size WxH          screen size (default 1920x1080)
  --display N         first X display number to try for Xvfb (default 97)
  --only LIST         first-frame,rss,idle,scroll (default: all)
  --quick             tiny sizes and 3 s idle: a smoke test, its figures mean nothing
  --build             (re)build the release preset first (otherwise only when the binaries are missing)
  --json              one JSON object at the end instead of text lines
  --tmpdir DIR        where the work folder goes (default: system temp)
  --keep              keep the work folder (packs, scripts, kiosk logs) and print where it is
  -h, --help          this help
EOF
}

root=$(cd "$(dirname "$0")/../.." && pwd)
kiosk=$root/build/release/kiosk/kiosk
kpack=$root/build/release/tools/kiosk-pack
pubkey=$root/content/demo-keys/demo.pub
seckey=$root/content/demo-keys/demo.key

runs=10 idle_s=30 entries=2000 list_entries=500 photos=200 size=1920x1080 display=97
rss_rounds=3 scroll_drags=5
only=first-frame,rss,idle,scroll quick=0 build=0 json=0 tmpbase=${TMPDIR:-/tmp} keep=0
# A fixed wall clock (a Wednesday morning): opening hours and "open now" badges are the same every run.
now=2026-05-20T10:00

while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift ;;
    --idle-seconds) idle_s=$2; shift ;;
    --entries) entries=$2; shift ;;
    --list-entries) list_entries=$2; shift ;;
    --photos) photos=$2; shift ;;
    --size) size=$2; shift ;;
    --display) display=$2; shift ;;
    --only) only=$2; shift ;;
    --quick) quick=1 ;;
    --build) build=1 ;;
    --json) json=1 ;;
    --tmpdir) tmpbase=$2; shift ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "kiosk-bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ]; then
    runs=2 idle_s=3 entries=150 list_entries=100 photos=8 rss_rounds=1 scroll_drags=1
fi
[ "$list_entries" -le "$entries" ] || { echo "kiosk-bench.sh: --list-entries must not exceed --entries" >&2; exit 2; }
width=${size%x*} height=${size#*x}
wants() { [[ ",$only," == *",$1,"* ]]; }

# ---------------------------------------------------------------- output

declare -a fig_keys=() fig_values=() notes=()
fig() { # KEY VALUE UNIT [NOTE]
    fig_keys+=("$1")
    fig_values+=("$2")
    [ "$json" = 1 ] || printf '%-36s %12s %-6s  %s\n' "$1" "$2" "$3" "${4:-}"
}
note() {
    notes+=("$1")
    [ "$json" = 1 ] || printf '# %s\n' "$1"
}
die() { echo "kiosk-bench.sh: $*" >&2; exit 1; }
value_of() { # KEY -> value or empty
    local i
    for i in "${!fig_keys[@]}"; do [ "${fig_keys[$i]}" = "$1" ] && { echo "${fig_values[$i]}"; return; }; done
    echo ""
}
# Order statistics of numbers on stdin (nearest-rank percentiles, as tools/bench/measure.cpp).
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1; printf "%.1f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f-%.1f", lo, hi }'; }
now_ns() { date +%s%N; }

# ---------------------------------------------------------------- work folder, cleanup

declare -a pids=()
work=$(mktemp -d "$tmpbase/kiosk-bench-XXXXXX")
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -KILL "$p" 2>/dev/null || true
    done
    if [ "$keep" = 1 ]; then echo "# work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- binaries

if [ "$build" = 1 ] || [ ! -x "$kiosk" ] || [ ! -x "$kpack" ]; then
    echo "# building the release preset (cmake --preset release, -j2) ..." >&2
    (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j2 >"$work/build.log" 2>&1) ||
        { tail -20 "$work/build.log" >&2; die "build failed"; }
fi

cores=$(nproc)
model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
note "kiosk-bench.sh at $size on $cores cores ($model), load average $(cut -d' ' -f1-3 /proc/loadavg)"

cat >"$work/kiosk.json" <<EOF
{
  "data_dir": "$work/data",
  "channels": ["beispiel", "kiosk-bench"],
  "languages": ["de", "en", "tr", "uk"],
  "default_language": "de",
  "idle_seconds": 90,
  "attract_seconds": 180,
  "kiosk_mode": true
}
EOF
mkdir -p "$work/data"
kiosk_args=(--config "$work/kiosk.json" --size "$size" --trust-pubkey "$pubkey" --now "$now")

# ---------------------------------------------------------------- packs

sample_pack=$work/sample.kpack
build_sample_pack() {
    [ -f "$sample_pack" ] && return
    "$kpack" build "$root/content/sample" -o "$sample_pack" --sign "$seckey" --quiet >"$work/sample-build.log" 2>&1 ||
        { cat "$work/sample-build.log" >&2; die "building the sample pack failed"; }
}

# Photos: a few noisy base images (gradient, shapes, grain, so JPEG decoding costs what a photo
# costs), each turned into many distinct photos by hue shift and offset, 25 per convert call and
# two calls at a time; about 10 s for 200. 1440x1080 at quality 85, ~170 KB: what kiosk-pack makes
# of a phone photo, so the build ships them as they are. Without ImageMagick, the sample's
# drawings under new names.
make_photos() { # DIR N
    local dir=$1 n=$2 i b
    mkdir -p "$dir"
    if ! command -v convert >/dev/null; then
        local -a src=("$root"/content/sample/images/*.jpg)
        for ((i = 0; i < n; i++)); do cp "${src[i % ${#src[@]}]}" "$(printf '%s/photo-%03d.jpg' "$dir" "$i")"; done
        note "ImageMagick missing: the $n photos are copies of content/sample/images (small flat drawings)"
        return
    fi
    local -a grads=('#3a6ea5-#f2c14e' '#2e7d32-#c5e1a5' '#6a4c93-#f8bbd0' '#c2410c-#fde68a')
    for ((b = 0; b < 4; b++)); do
        convert -size 1440x1080 "gradient:${grads[b]}" \
            -fill '#c0392b' -draw "circle $((300 + b * 200)),400 $((500 + b * 200)),600" \
            -fill '#f5f5f5' -draw "rectangle 800,$((500 + b * 60)) 1300,$((900 + b * 30))" \
            \( -size 1440x1080 xc:gray50 -attenuate 0.3 +noise Gaussian \) -compose overlay -composite \
            "$work/base-$b.miff"
    done
    local batch=25 first
    for ((first = 0; first < n; first += batch)); do
        local cmd=(convert "$work/base-$(((first / batch) % 4)).miff")
        for ((i = first; i < first + batch && i < n; i++)); do
            cmd+=(\( +clone -modulate "100,$((80 + i % 40)),$(((i * 37) % 200))" -roll "+$(((i * 97) % 1440))+$(((i * 53) % 1080))"
                -strip -quality 85 -write "$(printf '%s/photo-%03d.jpg' "$dir" "$i")" +delete \))
        done
        cmd+=(null:)
        printf '%q ' "${cmd[@]}" >"$work/photos-$first.sh"
    done
    printf '%s\0' "$work"/photos-*.sh | xargs -0 -P2 -n1 bash
    rm -f "$work"/base-*.miff
}

# A source folder like staff would make: 9 themes, the first (familie) holding --list-entries
# entries, the rest spread over the other 8; every entry has a photo, opening hours, texts of
# realistic length with umlauts. Titles of the big theme all contain "Familienpunkt", so a
# script can open "the first visible entry" without knowing where the list was scrolled to.
make_source() { # DIR
    local dir=$1
    mkdir -p "$dir"
    cat >"$dir/pack.json" <<'EOF'
{
  "format": 1,
  "channel": "kiosk-bench",
  "title": {"de": "Stadtteilkompass – Messpaket", "en": "Neighbourhood compass – benchmark pack"},
  "languages": ["de", "en", "tr", "uk"],
  "site": {"name": {"de": "Familienzentrum Grumme (Messdaten)", "en": "Grumme family centre (benchmark data)"},
           "about": {"de": "Erzeugte Einträge für Messungen.", "en": "Generated entries for measurements."}},
  "themes": [
    {"id": "familie", "title": {"de": "Familie & Beratung", "en": "Family & counselling"}, "icon": "family_restroom", "colour": "#6A4C93", "order": 1},
    {"id": "kitas", "title": {"de": "Kitas & Schulen", "en": "Day care & schools"}, "icon": "school", "colour": "#1E63A8", "order": 2},
    {"id": "spielplaetze", "title": {"de": "Spielplätze", "en": "Playgrounds"}, "icon": "park", "colour": "#2E7D32", "order": 3},
    {"id": "sport", "title": {"de": "Sport & Bewegung", "en": "Sport & exercise"}, "icon": "sports_soccer", "colour": "#C2410C", "order": 4},
    {"id": "jugend", "title": {"de": "Jugend", "en": "Youth"}, "icon": "groups", "colour": "#0F766E", "order": 5},
    {"id": "generationen", "title": {"de": "Generationen", "en": "Generations"}, "icon": "elderly", "colour": "#8A5A2B", "order": 6},
    {"id": "patenschaften", "title": {"de": "Patenschaften", "en": "Mentoring"}, "icon": "volunteer_activism", "colour": "#B83B5E", "order": 7},
    {"id": "sprache", "title": {"de": "Sprache & Integration", "en": "Language & integration"}, "icon": "translate", "colour": "#455A64", "order": 8},
    {"id": "gesundheit", "title": {"de": "Gesundheit", "en": "Health"}, "icon": "favorite", "colour": "#AD1457", "order": 9}
  ],
  "images": {"max_width": 1920, "max_height": 1080, "jpeg_quality": 85}
}
EOF
    make_photos "$dir/images" "$photos"
    awk -v n="$entries" -v list="$list_entries" -v photos="$photos" 'BEGIN {
        srand(1)
        split("kitas spielplaetze sport jugend generationen patenschaften sprache gesundheit", themes, " ")
        split("Kita|Spielplatz|Sportgruppe|Jugendtreff|Erzählcafé|Patenschaft|Sprachcafé|Gesundheitsberatung", prefix, "|")
        split("kita playground offer place offer sponsorship offer counselling", kinds, " ")
        split("Sonnenschein Regenbogen Pusteblume Löwenzahn Sternschnuppe Wirbelwind Märchenland Grashüpfer Kunterbunt Glühwürmchen Spatzennest Überflieger", names, " ")
        split("Grumme|Hofstede|Riemke|Hamme|Gerthe|Altenbochum|Wiemelhausen|Langendreer|Wattenscheid|Weitmar|Laer|Querenburg", districts, "|")
        split("Grümerbaumstraße|Josephinenstraße|Am Kortländer|Dorstener Straße|Herner Straße|Bergstraße|Hofsteder Straße|Königsallee|Castroper Straße|Wittener Straße", streets, "|")
        split("Mo-Fr 09:00-17:00; PH off|Mo-Do 08:00-16:00; Fr 08:00-13:00|Tu,Th 14:00-18:00; Sa 10:00-13:00|Mo-Fr 07:00-16:30; PH off|We 15:00-19:00", hours, "|")
        printf "\357\273\277ID;Thema;Art;Titel;Titel:en;Kurzbeschreibung;Kurzbeschreibung:en;Beschreibung;Träger;Adresse;PLZ;Ort;Telefon;E-Mail;Webseite;Öffnungszeiten;Alter von;Alter bis;Kosten;Sprachen;Stichworte;Bild;Geprüft am\r\n"
        for (i = 0; i < n; i++) {
            if (i < list) { t = "familie"; p = "Familienpunkt"; kind = "counselling" }
            else { k = (i - list) % 8 + 1; t = themes[k]; p = prefix[k]; kind = kinds[k] }
            nm = names[int(rand() * 12) + 1]; d = districts[int(rand() * 12) + 1]; st = streets[int(rand() * 10) + 1]
            title = sprintf("%s %s %s %04d", p, nm, d, i)
            age = int(rand() * 12); cost = rand() < 0.6 ? "kostenlos" : "3 € pro Treffen"
            desc = sprintf("\"Im %s %s in %s treffen sich Familien, Kinder und Nachbarinnen. Wir beraten zu Fragen rund um Erziehung, Schule, Ämter und Gesundheit, helfen beim Ausfüllen von Anträgen und vermitteln weiter, wenn es nötig ist. Die Beratung ist vertraulich und auf Wunsch auch auf Türkisch, Arabisch oder Ukrainisch möglich.\r\n\r\nJeden Monat gibt es außerdem ein offenes Frühstück, einen Spielenachmittag und Ausflüge in die Umgebung. Kommen Sie einfach vorbei – eine Anmeldung ist nicht nötig, für größere Gruppen freuen wir uns über einen kurzen Anruf.\"", p, nm, d)
            printf "bench-%04d;%s;%s;%s;%s %s %s %04d;Offenes Angebot für Familien in %s: Beratung, Treffen und Hilfe im Alltag, ohne Anmeldung.;Open offer for families in %s: advice, meetings and everyday help, no registration needed.;%s;Familienzentrum %s e. V.;%s %d;44%03d;Bochum;0234 %07d;info%d@example.org;https://example.org/%d;\"%s\";%d;%d;%s;de, tr, uk;Familie, Beratung, Eltern, %s;photo-%03d.jpg;2026-10-01\r\n", \
                i, t, kind, title, p, nm, d, i, d, d, desc, d, st, int(rand() * 120) + 1, int(rand() * 900) + 100, int(rand() * 9000000) + 1000000, i, i, hours[int(rand() * 5) + 1], age, age + int(rand() * 10) + 2, cost, d, i % photos
        }
    }' >"$dir/angebote.csv"
}

big_pack=$work/big.kpack
build_big_pack() {
    [ -f "$big_pack" ] && return
    local t0 t1
    t0=$(now_ns)
    make_source "$work/source"
    t1=$(now_ns)
    note "generated a source of $entries entries and $photos photos in $(((t1 - t0) / 1000000)) ms"
    "$kpack" build "$work/source" -o "$big_pack" --sign "$seckey" --quiet >"$work/big-build.log" 2>&1 ||
        { tail -30 "$work/big-build.log" >&2; die "building the generated pack failed"; }
    t0=$(now_ns)
    note "built and signed $(basename "$big_pack") ($(($(stat -c %s "$big_pack") / 1000000)) MB) in $(((t0 - t1) / 1000000)) ms"
}

# ---------------------------------------------------------------- measurements

# Runs the headless kiosk with KIOSK_BENCH=1; stdout to FILE.out, stderr to FILE.err.
bench_kiosk() { # FILE kiosk-args...
    local out=$1
    shift
    KIOSK_BENCH=1 "$kiosk" "$@" >"$out.out" 2>"$out.err" || {
        tail -5 "$out.err" >&2
        die "kiosk failed: $kiosk $*"
    }
}
line_value() { # FILE KEY [FIELD]: the value after KEY on the line starting with KEY
    awk -v k="$2" -v f="${3:-2}" '$1 == k { print $f; exit }' "$1"
}

first_frame() { # LABEL PACK
    local label=$1 pack=$2 i t0 t1 ff renderer
    local -a inproc=() process=() stages=()
    # One run first, not counted: the pack and the fonts in the page cache, as on a kiosk that has run before.
    bench_kiosk "$work/ff-$label-warm" --headless "${kiosk_args[@]}" --pack "$pack"
    for ((i = 0; i < runs; i++)); do
        t0=$(now_ns)
        bench_kiosk "$work/ff-$label-$i" --headless "${kiosk_args[@]}" --pack "$pack"
        t1=$(now_ns)
        ff=$(line_value "$work/ff-$label-$i.out" first-frame-ms)
        [ -n "$ff" ] || die "no 'first-frame-ms' line from the kiosk: is it built from this tree? (try --build)"
        inproc+=("$ff")
        stages+=("$(awk '$1 == "startup-ms" { print $3, $5 - $3, $7 - $5, $9 - $7; exit }' "$work/ff-$label-$i.out")")
        process+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')")
    done
    renderer=$(line_value "$work/ff-$label-0.out" renderer)
    fig "first_frame.${label}_process_ms" "$(printf '%s\n' "${process[@]}" | median)" ms \
        "exec to exit right after the first frame; median of $runs, range $(printf '%s\n' "${process[@]}" | range)"
    fig "first_frame.${label}_ms" "$(printf '%s\n' "${inproc[@]}" | median)" ms \
        "main() to the first SDL_RenderPresent ($renderer renderer); range $(printf '%s\n' "${inproc[@]}" | range)"
    # Where the time goes (medians of each stage): SDL, ImGui set-up + verifying and opening the
    # pack, the font atlas (built by stb_truetype, uploaded), the first frame itself.
    fig "first_frame.${label}_sdl_ms" "$(printf '%s\n' "${stages[@]}" | cut -d' ' -f1 | median)" ms "SDL video + renderer up"
    fig "first_frame.${label}_content_ms" "$(printf '%s\n' "${stages[@]}" | cut -d' ' -f2 | median)" ms \
        "ImGui set-up, verify the pack's signature, open it"
    fig "first_frame.${label}_fonts_ms" "$(printf '%s\n' "${stages[@]}" | cut -d' ' -f3 | median)" ms "build and upload the font atlas"
    fig "first_frame.${label}_draw_ms" "$(printf '%s\n' "${stages[@]}" | cut -d' ' -f4 | median)" ms "the first frame: UI, render, present"
}

peak_rss_kb() { # FILE kiosk-args...: runs the kiosk, prints its peak RSS in KiB
    local out=$1
    shift
    if [ -x /usr/bin/time ]; then
        KIOSK_BENCH=1 /usr/bin/time -f 'peak-rss-kb %M' -o "$out.time" "$kiosk" "$@" >"$out.out" 2>"$out.err" ||
            { tail -5 "$out.err" >&2; die "kiosk failed: $kiosk $*"; }
        line_value "$out.time" peak-rss-kb
    else
        # No GNU time: VmHWM (the kernel's high-water mark of RSS) read while the process runs.
        KIOSK_BENCH=1 "$kiosk" "$@" >"$out.out" 2>"$out.err" &
        local pid=$! hwm=0 v
        pids+=("$pid")
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            [ -n "$v" ] && hwm=$v
            sleep 0.02
        done
        wait "$pid" || { tail -5 "$out.err" >&2; die "kiosk failed: $kiosk $*"; }
        echo "$hwm"
    fi
}
kb_to_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }

measure_rss() {
    local r kb
    # The biggest theme, scrolled with flicks, entries opened at different places (each
    # detail page decodes its photo at full size), the detail page scrolled, back to the list.
    {
        echo "tap #theme:familie"
        echo "expect-screen theme"
        for ((r = 0; r < rss_rounds; r++)); do
            for _ in 1 2 3; do echo "drag $((width / 2)),$((height * 85 / 100)) $((width / 2)),$((height * 20 / 100)) 250"; done
            echo "tap \"Familienpunkt\""
            echo "expect-screen detail"
            echo "drag $((width / 2)),$((height * 80 / 100)) $((width / 2)),$((height * 30 / 100)) 300"
            echo "tap #nav:back"
            echo "expect-screen theme"
        done
        echo "tap #nav:home"
        echo "tap #theme:sport"
        echo "tap \"Sportgruppe\""
        echo "expect-screen detail"
    } >"$work/rss.script"
    kb=$(peak_rss_kb "$work/rss-big" --headless "${kiosk_args[@]}" --pack "$big_pack" --script "$work/rss.script")
    fig rss.big_peak_mb "$(kb_to_mb "$kb")" MB \
        "peak RSS, $entries-entry pack: theme of $list_entries, $((rss_rounds * 3)) flicks, $((rss_rounds + 1)) entries opened; software renderer"
    kb=$(peak_rss_kb "$work/rss-sample" --headless "${kiosk_args[@]}" --pack "$sample_pack")
    fig rss.sample_first_frame_mb "$(kb_to_mb "$kb")" MB "peak RSS of a first-frame run with the sample pack (the floor)"
}

# CPU of a running kiosk: utime + stime of all its threads, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ctx_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }

# Starts the kiosk in its interactive loop (env from the caller), waits for the first frame and
# a 3 s warm-up, then measures idle_s seconds without input. Sets idle_pct, idle_wakeups,
# idle_minutes, idle_rss_mb, idle_renderer, idle_first_frame.
idle_run() { # LABEL env-assignments...
    local label=$1 i pid c0 c1 x0 x1 t0 t1 tck
    shift
    env "$@" KIOSK_BENCH=1 "$kiosk" "${kiosk_args[@]}" --pack "$sample_pack" >"$work/idle-$label.out" 2>"$work/idle-$label.err" &
    pid=$!
    pids+=("$pid")
    for ((i = 0; i < 150; i++)); do
        grep -q '^first-frame-ms' "$work/idle-$label.out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || { tail -5 "$work/idle-$label.err" >&2; die "the kiosk ($label) ended early"; }
        sleep 0.1
    done
    grep -q '^first-frame-ms' "$work/idle-$label.out" || die "the kiosk ($label) drew no frame in 15 s"
    sleep 3
    tck=$(getconf CLK_TCK)
    c0=$(cpu_ticks "$pid") x0=$(ctx_switches "$pid") t0=$(now_ns)
    sleep "$idle_s"
    c1=$(cpu_ticks "$pid") x1=$(ctx_switches "$pid") t1=$(now_ns)
    # The kiosk wakes once a minute for the clock: say whether this window held such a frame.
    idle_minutes=$((t1 / 60000000000 - t0 / 60000000000))
    idle_pct=$(awk -v c="$((c1 - c0))" -v h="$tck" -v t="$((t1 - t0))" 'BEGIN { printf "%.2f", c / h / (t / 1e9) * 100 }')
    idle_wakeups=$(awk -v x="$((x1 - x0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.1f", x / (t / 1e9) }')
    idle_rss_mb=$(kb_to_mb "$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")")
    idle_renderer=$(line_value "$work/idle-$label.out" renderer)
    idle_first_frame=$(line_value "$work/idle-$label.out" first-frame-ms)
    # Kiosk mode ignores SDL_QUIT, which is what SIGTERM becomes: nothing to save, so SIGKILL.
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

measure_idle() {
    local tck i
    tck=$(getconf CLK_TCK)
    note "idle: $idle_s s after a 3 s warm-up, utime+stime from /proc (1 tick = $(awk -v h="$tck" -v s="$idle_s" 'BEGIN { printf "%.3f", 100 / h / s }') % here)"
    if command -v Xvfb >/dev/null; then
        # The first free display from --display on; a lock file means another server has it.
        local d=$display xpid
        while [ -e "/tmp/.X$d-lock" ] || [ -e "/tmp/.X11-unix/X$d" ]; do d=$((d + 1)); done
        Xvfb ":$d" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
        xpid=$!
        pids+=("$xpid")
        for ((i = 0; i < 50; i++)); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
        [ -e "/tmp/.X11-unix/X$d" ] || die "Xvfb :$d did not start (see $work/xvfb.log with --keep)"
        idle_run x11 DISPLAY=":$d" SDL_VIDEODRIVER=x11
        fig idle.x11_cpu_pct "$idle_pct" "%" \
            "of one core: full screen on Xvfb :$d, $idle_renderer renderer, sample pack; $idle_minutes minute change(s) in the window"
        fig idle.x11_wakeups_per_s "$idle_wakeups" "/s" "context switches of all kiosk threads"
        fig idle.x11_peak_rss_mb "$idle_rss_mb" MB "VmHWM of the same kiosk ($idle_renderer renderer)"
        fig first_frame.x11_ms "$idle_first_frame" ms "main() to the first frame on Xvfb, one run"
        kill -KILL "$xpid" 2>/dev/null || true
        wait "$xpid" 2>/dev/null || true
    else
        note "Xvfb not installed (apt-get install xvfb): no X11 idle figure"
    fi
    idle_run offscreen -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
    fig idle.offscreen_cpu_pct "$idle_pct" "%" "the same on SDL's offscreen driver, which polls every 1 ms in SDL 2.26 (so does kmsdrm)"
    fig idle.offscreen_wakeups_per_s "$idle_wakeups" "/s"
}

measure_scroll() {
    # Long drags through the list (a finger moving slowly over most of the screen, 1.5 s each),
    # five down (--quick: one) and one back up. Frames of the drags and of the fling after each are timed.
    local r x=$((width / 2)) lo=$((height * 90 / 100)) hi=$((height * 18 / 100))
    {
        echo "tap #theme:familie"
        echo "expect-screen theme"
        echo "expect-text \"$list_entries Einträge\""
        for ((r = 0; r < scroll_drags; r++)); do echo "drag $x,$lo $x,$hi 1500"; done
        echo "drag $x,$hi $x,$lo 1500"
        echo "expect-screen theme"
    } >"$work/scroll.script"
    local label renderer f
    for label in software gles2; do
        f=$work/scroll-$label
        if [ "$label" = software ]; then
            bench_kiosk "$f" --headless "${kiosk_args[@]}" --pack "$big_pack" --script "$work/scroll.script"
        else
            # SDL_RENDER_DRIVER in the environment beats the kiosk's "software" hint: SDL's GLES2
            # renderer through EGL on the offscreen driver, rasterised by Mesa's llvmpipe threads,
            # so the main thread does what it does with a GPU: build the UI, submit the draw calls.
            if ! SDL_RENDER_DRIVER=opengles2 KIOSK_BENCH=1 "$kiosk" --headless "${kiosk_args[@]}" --pack "$sample_pack" \
                >"$work/gl-probe.out" 2>&1 || [ "$(line_value "$work/gl-probe.out" renderer)" != opengles2 ]; then
                note "no GLES2 renderer on SDL's offscreen driver here (Mesa EGL missing?): software figures only"
                continue
            fi
            (
                export SDL_RENDER_DRIVER=opengles2
                bench_kiosk "$f" --headless "${kiosk_args[@]}" --pack "$big_pack" --script "$work/scroll.script"
            )
        fi
        renderer=$(line_value "$f.out" renderer)
        fig "scroll.${label}_frame_cpu_median_ms" "$(line_value "$f.out" frame-cpu-ms 3)" ms \
            "thread CPU per frame, $(line_value "$f.out" frame-cpu-ms 9) frames of $((scroll_drags + 1)) long drags + flings, $renderer renderer"
        fig "scroll.${label}_frame_cpu_p99_ms" "$(line_value "$f.out" frame-cpu-ms 5)" ms "max $(line_value "$f.out" frame-cpu-ms 7) ms"
        fig "scroll.${label}_frame_ui_cpu_median_ms" "$(line_value "$f.out" frame-ui-cpu-ms 3)" ms \
            "the UI alone, up to ImGui::Render: layout, texts, decoding photos for new cards"
        fig "scroll.${label}_frame_ui_cpu_p99_ms" "$(line_value "$f.out" frame-ui-cpu-ms 5)" ms "max $(line_value "$f.out" frame-ui-cpu-ms 7) ms"
    done
}

# ---------------------------------------------------------------- run

if wants first-frame || wants rss || wants idle || wants scroll; then build_sample_pack; fi
if wants first-frame || wants rss || wants scroll; then build_big_pack; fi
section() { # NAME FUNCTION...: runs it and notes how long it took
    local t0 name=$1
    shift
    t0=$(now_ns)
    "$@"
    note "$name took $((($(now_ns) - t0) / 1000000000)) s"
}
first_frames() {
    first_frame sample "$sample_pack"
    first_frame big "$big_pack"
}
if wants first-frame; then section first-frame first_frames; fi
if wants rss; then section rss measure_rss; fi
if wants idle; then section idle measure_idle; fi
if wants scroll; then section scroll measure_scroll; fi

# ---------------------------------------------------------------- summary

summary_row() { # LABEL KEY TARGET UNIT
    local v
    v=$(value_of "$2")
    [ -n "$v" ] || return 0
    local verdict
    verdict=$(awk -v v="$v" -v t="$3" 'BEGIN { print (v + 0 < t + 0) ? "met" : "MISSED" }')
    printf '%-58s %10s %-3s %10s %-3s  %s\n' "$1" "$v" "$4" "< $3" "$4" "$verdict"
}
if [ "$json" = 1 ]; then
    {
        echo "{"
        for i in "${!fig_keys[@]}"; do printf '  "%s": %s,\n' "${fig_keys[$i]}" "${fig_values[$i]}"; done
        printf '  "notes": ['
        for i in "${!notes[@]}"; do
            [ "$i" = 0 ] || printf ', '
            printf '"%s"' "$(printf '%s' "${notes[$i]}" | sed 's/\\/\\\\/g; s/"/\\"/g')"
        done
        printf ']\n}\n'
    }
else
    echo
    echo "Targets (issue):"
    printf '%-58s %14s %14s\n' "figure" "measured" "target"
    summary_row "first frame, sample pack, headless (exec to exit)" first_frame.sample_process_ms 100 ms
    summary_row "first frame, sample pack, headless (main to present)" first_frame.sample_ms 100 ms
    summary_row "idle CPU, X11 (% of one core)" idle.x11_cpu_pct 0.5 "%"
    summary_row "peak RSS, $entries-entry pack, software renderer" rss.big_peak_mb 64 MB
    summary_row "scroll frame CPU p99, software renderer" scroll.software_frame_cpu_p99_ms 8 ms
    summary_row "scroll frame CPU p99, GLES2 renderer (main thread)" scroll.gles2_frame_cpu_p99_ms 8 ms
    [ "$quick" = 1 ] && echo "(--quick: smoke-test sizes, these figures mean nothing)"
fi
exit 0
