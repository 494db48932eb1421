# Sourced by the bench scripts: a throw-away PostgreSQL 15 on 127.0.0.1 in a temp folder, trust auth,
# server defaults otherwise (fsync and synchronous commit on: the durability the gateway promises).
# Needs PGBIN (checked by the caller before anything starts), PG_PORT and die(). initdb/pg_ctl refuse to run as root: as root they run as 'postgres'.
PG_STARTED=0
PG_DIR=""

as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_start DIR [extra server options]: initdb DIR and start the server (socket in DIR, log DIR/server.log)
pg_start() {
  PG_DIR=$1; shift
  mkdir -p "$PG_DIR"
  [[ $EUID -eq 0 ]] && chown postgres: "$PG_DIR"
  as_pg "$PGBIN/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR.initdb.log" 2>&1 \
    || { cat "$PG_DIR.initdb.log" >&2; die "initdb failed"; }
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -o "-p $PG_PORT -h 127.0.0.1 -k $PG_DIR $*" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
  PG_STARTED=1
}

# pg_stop: for the EXIT trap; a fast stop, else an immediate one
pg_stop() {
  [[ $PG_STARTED -eq 1 ]] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -m fast -t 30 stop >/dev/null 2>&1 \
    || as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -m immediate -t 30 stop >/dev/null 2>&1
}

psql_q() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
