#!/usr/bin/env bash
# Starts MariaDB and PostgreSQL from Debian's packages on loopback, in throw-away data folders,
# creates a test database with an owner login (the tests load the demo SIS through it) and a
# read-only login (what the adapter connects as), and prints the variables the tests read.
# Two more databases with the same logins: a scratch one (tests that build their own schema, like
# `mappings init`) and one for `npm run bench`'s large district, so neither disturbs the test SIS.
#
#   eval "$(bash .ci/start-databases.sh)"     # by hand: installs nothing, expects the packages
#
# Ports: MariaDB 3307, PostgreSQL 5433 (off the defaults so a local server is not disturbed).
set -euo pipefail

ROOT="${ONEROSTER_DB_ROOT:-$(mktemp -d /tmp/oneroster-db.XXXXXX)}"
chmod 755 "$ROOT"   # the postgres user must reach its data folder
MYSQL_PORT="${MYSQL_PORT:-3307}"
PG_PORT="${PG_PORT:-5433}"
DB=oneroster_test
DATABASES=(oneroster_test oneroster_scratch oneroster_bench)
OWNER_PW=owner_pw_for_tests
RO_PW=readonly_pw_for_tests

log() { echo "$*" >&2; }

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$what did not start"; return 1
}

start_mariadb() {
  mkdir -p "$ROOT/mysql"
  mariadb-install-db --user=root --datadir="$ROOT/mysql/data" --auth-root-authentication-method=socket >"$ROOT/mysql/install.log" 2>&1
  mariadbd --user=root --datadir="$ROOT/mysql/data" --socket="$ROOT/mysql/mysqld.sock" --pid-file="$ROOT/mysql/mysqld.pid" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --skip-name-resolve --log-error="$ROOT/mysql/error.log" \
    --innodb-buffer-pool-size=256M --character-set-server=utf8mb4 --collation-server=utf8mb4_bin >/dev/null 2>&1 &
  wait_for MariaDB mariadb-admin --socket="$ROOT/mysql/mysqld.sock" ping
  {
    echo "CREATE USER IF NOT EXISTS 'sis_owner'@'127.0.0.1' IDENTIFIED BY '$OWNER_PW';"
    echo "CREATE USER IF NOT EXISTS 'oneroster_ro'@'127.0.0.1' IDENTIFIED BY '$RO_PW';"
    for db in "${DATABASES[@]}"; do
      echo "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
      echo "GRANT ALL PRIVILEGES ON $db.* TO 'sis_owner'@'127.0.0.1';"
      echo "GRANT SELECT, SHOW VIEW ON $db.* TO 'oneroster_ro'@'127.0.0.1';"
    done
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$ROOT/mysql/mysqld.sock" -uroot
  log "MariaDB on 127.0.0.1:$MYSQL_PORT (data $ROOT/mysql)"
  echo "export ONEROSTER_TEST_MYSQL_URL=mysql://sis_owner:$OWNER_PW@127.0.0.1:$MYSQL_PORT/$DB"
  echo "export ONEROSTER_TEST_MYSQL_READONLY_URL=mysql://oneroster_ro:$RO_PW@127.0.0.1:$MYSQL_PORT/$DB"
  echo "export ONEROSTER_TEST_MYSQL_SOCKET=$ROOT/mysql/mysqld.sock"
  echo "export ONEROSTER_TEST_MYSQL_SCRATCH_URL=mysql://sis_owner:$OWNER_PW@127.0.0.1:$MYSQL_PORT/oneroster_scratch"
  echo "export ONEROSTER_BENCH_MYSQL_URL=mysql://sis_owner:$OWNER_PW@127.0.0.1:$MYSQL_PORT/oneroster_bench"
  echo "export ONEROSTER_BENCH_MYSQL_READONLY_URL=mysql://oneroster_ro:$RO_PW@127.0.0.1:$MYSQL_PORT/oneroster_bench"
}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$ROOT/pg"
  chown -R postgres "$ROOT/pg"
  # PostgreSQL refuses to run as root.
  runuser -u postgres -- "$bin/initdb" -D "$ROOT/pg/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >"$ROOT/pg/initdb.log" 2>&1
  runuser -u postgres -- "$bin/pg_ctl" -D "$ROOT/pg/data" -l "$ROOT/pg/server.log" -w \
    -o "-p $PG_PORT -k $ROOT/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
  local psql=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
  "${psql[@]}" -d postgres <<SQL
CREATE ROLE sis_owner LOGIN PASSWORD '$OWNER_PW';
CREATE ROLE oneroster_ro LOGIN PASSWORD '$RO_PW';
ALTER ROLE oneroster_ro SET default_transaction_read_only = on;
SQL
  for db in "${DATABASES[@]}"; do
    "${psql[@]}" -d postgres -c "CREATE DATABASE $db OWNER sis_owner;"
    "${psql[@]}" -d "$db" <<SQL
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO sis_owner;
GRANT USAGE ON SCHEMA public TO oneroster_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE sis_owner IN SCHEMA public GRANT SELECT ON TABLES TO oneroster_ro;
SQL
  done
  log "PostgreSQL on 127.0.0.1:$PG_PORT (data $ROOT/pg)"
  echo "export ONEROSTER_TEST_PG_URL=postgres://sis_owner:$OWNER_PW@127.0.0.1:$PG_PORT/$DB"
  echo "export ONEROSTER_TEST_PG_READONLY_URL=postgres://oneroster_ro:$RO_PW@127.0.0.1:$PG_PORT/$DB"
  echo "export ONEROSTER_TEST_PG_DATA=$ROOT/pg/data"
  echo "export ONEROSTER_TEST_PG_SCRATCH_URL=postgres://sis_owner:$OWNER_PW@127.0.0.1:$PG_PORT/oneroster_scratch"
  echo "export ONEROSTER_BENCH_PG_URL=postgres://sis_owner:$OWNER_PW@127.0.0.1:$PG_PORT/oneroster_bench"
  echo "export ONEROSTER_BENCH_PG_READONLY_URL=postgres://oneroster_ro:$RO_PW@127.0.0.1:$PG_PORT/oneroster_bench"
}

start_mariadb
start_postgres
echo "export ONEROSTER_DB_ROOT=$ROOT"
