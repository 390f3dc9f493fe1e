#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) answer for the tests.
# Running ones are used as they are; stopped ones are started; absent ones are installed with apt and started.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
listening() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { for _ in $(seq 1 30); do listening "$1" && return 0; sleep 1; done; echo "Nothing answers on port $1." >&2; return 1; }
apt_install() { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"; }

if ! listening 5432; then
    installed_now=""
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
        echo "Installing PostgreSQL"
        apt_install postgresql
        installed_now=yes
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    if [ -n "$installed_now" ]; then
        # A cluster we just created for the tests: let the local postgres user in over TCP without a password,
        # as on our development machines (never done to a PostgreSQL that was already there).
        hba="/etc/postgresql/$version/main/pg_hba.conf"
        $sudo sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    fi
    if listening 5432; then  # the package started it already: pick up the pg_hba change
        $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    else
        echo "Starting PostgreSQL $version"
        $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start
    fi
    wait_for 5432
fi

if ! listening 6379; then
    command -v redis-server >/dev/null || { echo "Installing Redis"; apt_install redis-server; }
    echo "Starting Redis"
    $sudo mkdir -p /var/lib/redis /var/log/redis
    $sudo redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/datalek-test.log
    wait_for 6379
fi
