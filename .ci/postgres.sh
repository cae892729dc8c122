# Sourced by .ci/run: a PostgreSQL server of our own on 127.0.0.1 for the web app's persistence
# tests (installed from Debian's packages if missing, a fresh cluster, run as the postgres
# user), and its URL exported as DRAGOMAN_TEST_POSTGRES_URL. Stopped when the shell exits.
# By hand: `source .ci/postgres.sh` (as root) before running the tests.

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
DRAGOMAN_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DRAGOMAN_PG_DATA=$(mktemp -d /tmp/dragoman-pg.XXXXXX)
# a free loopback port (a cluster left over from an earlier run cannot block this one)
DRAGOMAN_PG_PORT=${DRAGOMAN_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
chown postgres "$DRAGOMAN_PG_DATA"
su postgres -s /bin/sh -c "$DRAGOMAN_PG_BIN/initdb -D $DRAGOMAN_PG_DATA -A trust -U postgres" >/dev/null
su postgres -s /bin/sh -c "$DRAGOMAN_PG_BIN/pg_ctl -D $DRAGOMAN_PG_DATA -w -l $DRAGOMAN_PG_DATA/server.log \
    -o \"-c listen_addresses=127.0.0.1 -p $DRAGOMAN_PG_PORT -k $DRAGOMAN_PG_DATA\" start" >/dev/null
su postgres -s /bin/sh -c "$DRAGOMAN_PG_BIN/createdb -h 127.0.0.1 -p $DRAGOMAN_PG_PORT dragoman_test"
export DRAGOMAN_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$DRAGOMAN_PG_PORT/dragoman_test"
dragoman_pg_stop() {
    su postgres -s /bin/sh -c "$DRAGOMAN_PG_BIN/pg_ctl -D $DRAGOMAN_PG_DATA -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$DRAGOMAN_PG_DATA"
}
trap dragoman_pg_stop EXIT
echo "PostgreSQL $($DRAGOMAN_PG_BIN/postgres --version | awk '{print $3}') on 127.0.0.1:$DRAGOMAN_PG_PORT"
