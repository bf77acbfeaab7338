# Sourced by the web refresh tests and benchmark: Debian's nginx (nginx-light) as the current
# user on 127.0.0.1, with its configuration, pid, logs and temporary paths all in one folder.
#
#   . tools/dev/local-nginx.sh
#   local_nginx_bin                          # prints nginx's path, or nothing when not installed
#   local_nginx_start DIR PORT ACCESS_LOG LOG_FORMAT SERVER_DIRECTIVES
#       writes DIR/nginx.conf with one server on 127.0.0.1:PORT (plus SERVER_DIRECTIVES, e.g.
#       "root /srv/www; location /x/ { max_ranges 0; }"), logs requests to ACCESS_LOG in
#       LOG_FORMAT (nginx variables escaped as \$status ...), starts nginx in the foreground as a
#       child and waits until the port accepts connections. Sets LOCAL_NGINX_PID; returns 1 when
#       nginx did not come up (e.g. the port was taken meanwhile).
#   local_nginx_stop                         # stops it (safe to call twice, e.g. from a trap)

local_nginx_bin() {
    if command -v nginx >/dev/null; then command -v nginx
    elif [ -x /usr/sbin/nginx ]; then echo /usr/sbin/nginx
    fi
}

local_nginx_start() {
    local dir="$1" port="$2" access_log="$3" log_format="$4" server="$5" nginx user_line=""
    nginx=$(local_nginx_bin)
    [ -n "$nginx" ] || return 1
    mkdir -p "$dir/tmp"
    # nginx's master drops its workers to "nobody" when started by root; keep them as root then,
    # so they can read a 0700 temporary folder. A non-root user needs nothing.
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    cat >"$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    default_type application/octet-stream;
    log_format kiosk '$log_format';
    access_log $access_log kiosk;
    server {
        listen 127.0.0.1:$port;
        $server
    }
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
    LOCAL_NGINX_PID=$!
    local _
    for _ in $(seq 1 50); do
        if ! kill -0 "$LOCAL_NGINX_PID" 2>/dev/null; then
            wait "$LOCAL_NGINX_PID" 2>/dev/null || true
            LOCAL_NGINX_PID=""
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    local_nginx_stop
    return 1
}

local_nginx_stop() {
    if [ -n "${LOCAL_NGINX_PID:-}" ]; then
        kill "$LOCAL_NGINX_PID" 2>/dev/null || true
        wait "$LOCAL_NGINX_PID" 2>/dev/null || true
        LOCAL_NGINX_PID=""
    fi
}
