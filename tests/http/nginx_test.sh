#!/usr/bin/env bash
# The HTTP client against a real nginx (Debian's nginx-light) on 127.0.0.1,
# proven from nginx's own access log (status and $body_bytes_sent per request):
#  1. a download to a file: 200 with the whole file;
#  2. a conditional GET (If-None-Match, then If-Modified-Since): 304, 0 body bytes;
#  3. a download cut at half (the local file truncated to half), resumed with
#     Range + If-Range: 206 and only the missing half on the wire;
#  4. a location with `max_ranges 0;` (no Range support): 200, a clean restart;
#  5. a file that changed on the server (If-Range mismatch): 200, the new file;
#  6. 404;
#  7. HTTPS with a self-signed certificate is refused (verification is on), when
#     openssl is there to make the certificate.
# nginx runs as the current user with everything (config, pid, logs, temp
# paths) in a temporary folder. Exit 77 (skipped) when nginx is not installed.
# Usage: nginx_test.sh HTTP_GET
set -euo pipefail
http_get="$1"
. "$(dirname "$0")/../../tools/dev/local-nginx.sh"
if [ -z "$(local_nginx_bin)" ]; then
    echo "SKIPPED: nginx is not installed (apt-get install nginx-light)"
    exit 77
fi

work=$(mktemp -d)
cleanup() {
    local_nginx_stop
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    echo "--- access.log"; cat "$work/access.log" 2>/dev/null || true
    echo "--- error.log"; cat "$work/nginx/error.log" 2>/dev/null || true
    exit 1
}

mkdir -p "$work/www/norange" "$work/tmp" "$work/local"
head -c 3000000 /dev/urandom >"$work/www/pack.kpack"
cp "$work/www/pack.kpack" "$work/www/norange/pack.kpack"
echo ok >"$work/www/index.html" # the readiness probe
size=$(stat -c %s "$work/www/pack.kpack")
half=$((size / 2))

tls_listen=""
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
        -keyout "$work/tls.key" -out "$work/tls.crt" >/dev/null 2>&1 || fail "openssl could not make a certificate"
fi

start_nginx() {
    local port="$1" tls_port="$2"
    tls_listen=""
    [ -f "$work/tls.crt" ] && tls_listen="listen 127.0.0.1:$tls_port ssl; ssl_certificate $work/tls.crt; ssl_certificate_key $work/tls.key;"
    local_nginx_start "$work/nginx" "$port" "$work/access.log" '$request_uri $status $body_bytes_sent range=$http_range' \
        "$tls_listen root $work/www; location /norange/ { max_ranges 0; }"
}

port="" tls_port=""
for _ in 1 2 3 4 5; do
    candidate=$("$http_get" --free-port)
    candidate_tls=$("$http_get" --free-port)
    [ "$candidate" != "$candidate_tls" ] || continue
    if start_nginx "$candidate" "$candidate_tls"; then port="$candidate" tls_port="$candidate_tls"; break; fi
done
[ -n "$port" ] || fail "nginx did not start"
base="http://127.0.0.1:$port"
: >"$work/access.log" # forget the readiness probes

# field NAME: a value from the last http_get output in $out
field() { sed -n "s/^$1=//p" <<<"$out" | head -1; }
# last_log: "URI STATUS BYTES range=..." of nginx's latest request
last_log() { tail -n 1 "$work/access.log"; }
expect_log() {
    local want="$1" got
    got=$(last_log)
    [ "$got" = "$want" ] || fail "access log: want '$want', got '$got'"
}
get() { out=$("$http_get" "$@") || fail "http_get $*: $out"; }

# 1. First download.
get "$base/pack.kpack" --to "$work/local/pack.part"
[ "$(field status)" = 200 ] || fail "first download: $out"
cmp -s "$work/local/pack.part" "$work/www/pack.kpack" || fail "first download differs"
expect_log "/pack.kpack 200 $size range=-"
etag=$(field etag)
lastmod=$(field lastModified)
[ -n "$etag" ] && [ -n "$lastmod" ] || fail "no validators: $out"

# 2. Unchanged: 304 and zero body bytes, by ETag and by date.
get "$base/pack.kpack" --etag "$etag"
[ "$(field status)" = 304 ] && [ "$(field bodyBytes)" = 0 ] || fail "If-None-Match: $out"
expect_log "/pack.kpack 304 0 range=-"
get "$base/pack.kpack" --since "$lastmod"
[ "$(field status)" = 304 ] && [ "$(field bodyBytes)" = 0 ] || fail "If-Modified-Since: $out"
expect_log "/pack.kpack 304 0 range=-"

# 3. Cut at half, resumed: 206 and only the second half crosses the wire.
truncate -s "$half" "$work/local/pack.part"
get "$base/pack.kpack" --to "$work/local/pack.part" --resume --if-range "$etag"
[ "$(field status)" = 206 ] && [ "$(field resumed)" = 1 ] || fail "resume: $out"
[ "$(field bodyBytes)" = $((size - half)) ] || fail "resume body bytes: $out"
cmp -s "$work/local/pack.part" "$work/www/pack.kpack" || fail "resumed file differs"
expect_log "/pack.kpack 206 $((size - half)) range=bytes=$half-"

# 4. No Range support: a clean restart with the whole file.
get "$base/norange/pack.kpack" --to "$work/local/norange.part"
norange_etag=$(field etag)
truncate -s "$half" "$work/local/norange.part"
get "$base/norange/pack.kpack" --to "$work/local/norange.part" --resume --if-range "$norange_etag"
[ "$(field status)" = 200 ] && [ "$(field restarted)" = 1 ] || fail "no-range restart: $out"
[ "$(field bodyBytes)" = "$size" ] || fail "no-range body bytes: $out"
cmp -s "$work/local/norange.part" "$work/www/norange/pack.kpack" || fail "restarted file differs"
expect_log "/norange/pack.kpack 200 $size range=bytes=$half-"

# 5. Published anew while half-downloaded: If-Range does not match, the new file comes whole.
truncate -s "$half" "$work/local/pack.part"
sleep 1.1 # a new second, so nginx's ETag (mtime-size) and Last-Modified change
head -c 2000000 /dev/urandom >"$work/www/pack.kpack"
newsize=2000000
get "$base/pack.kpack" --to "$work/local/pack.part" --resume --if-range "$etag"
[ "$(field status)" = 200 ] && [ "$(field restarted)" = 1 ] || fail "If-Range mismatch: $out"
cmp -s "$work/local/pack.part" "$work/www/pack.kpack" || fail "new file differs"
expect_log "/pack.kpack 200 $newsize range=bytes=$half-"

# 6. 404: a status, not a transport error.
get "$base/missing.kpack"
[ "$(field status)" = 404 ] && [ -z "$(field error)" ] || fail "404: $out"
expect_log "/missing.kpack 404 $(field bodyBytes) range=-"

# 7. HTTPS against a certificate no CA vouches for: refused before any request.
tls_result="HTTPS not tried (no openssl)"
if [ -n "$tls_listen" ]; then
    lines=$(wc -l <"$work/access.log")
    if out=$("$http_get" "https://127.0.0.1:$tls_port/pack.kpack" --to "$work/local/tls.part"); then
        fail "a self-signed certificate was accepted: $out"
    fi
    [ "$(field status)" = 0 ] || fail "self-signed HTTPS: $out"
    grep -q "^error=GET https://127.0.0.1:$tls_port/pack.kpack: .*certificate" <<<"$out" || fail "self-signed HTTPS error: $out"
    [ "$(wc -l <"$work/access.log")" = "$lines" ] || fail "a request got through the TLS handshake"
    [ ! -s "$work/local/tls.part" ] || fail "bytes were written from an unverified server"
    tls_result="self-signed HTTPS refused"
fi

echo "nginx $("$(local_nginx_bin)" -v 2>&1 | sed 's/.*\///'): 200, 304 (0 bytes) x2, 206 ($((size - half)) of $size bytes), no-range 200 restart, If-Range 200, 404, $tls_result: all as expected"
