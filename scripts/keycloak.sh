#!/usr/bin/env bash
# Runs Keycloak 26.4.7 from its Maven distribution as one process on 127.0.0.1 (no Docker), with
# twinguard's realm (keycloak/twinguard-realm.json) imported, for tests and demo set-ups.
#
#   scripts/keycloak.sh fetch    get org.keycloak:keycloak-quarkus-dist through Maven and unpack it
#                                once into .tools/keycloak-26.4.7/
#   scripts/keycloak.sh start    start it (start-dev), import the realm, wait until the realm's
#                                discovery document answers, set the secrets (idempotent)
#   scripts/keycloak.sh users    set the example users' passwords and the twin clients' secrets
#                                again from the environment (start does this)
#   scripts/keycloak.sh status   say whether it runs and where; exit 0 only when the realm answers
#   scripts/keycloak.sh stop     stop the process `start` started (the state is kept)
#   scripts/keycloak.sh clean    stop, then delete the state (the next start imports the realm anew)
#
# Environment:
#   KEYCLOAK_PORT            the HTTP port on 127.0.0.1 (default 18080); an existing state keeps
#                            the ports it was first started with until `clean`
#   KEYCLOAK_HTTPS_PORT      the HTTPS port on 127.0.0.1 (default KEYCLOAK_PORT + 363, 18443), where
#                            clients may present a TLS client certificate (RFC 8705 tokens)
#   KEYCLOAK_CLIENT_CA       the PEM certificate of the CA whose client certificates Keycloak
#                            accepts on HTTPS: the ecosystem CA's ca-cert.pem (`twinguard ca init`).
#                            Without it, start makes a test CA in $KEYCLOAK_DIR/tls/ (P-256, with
#                            openssl) that tests issue twin certificates from
#   KEYCLOAK_DIR             the instance's directory (default .keycloak/): its H2 database, log,
#                            pid file, keycloak.properties (where it is) and credentials.properties
#   KEYCLOAK_JAVA_HOME       the JDK to run it with (default: the newest of 25, 21, 17 found in
#                            /usr/lib/jvm, $JAVA_HOME or PATH; Keycloak 26.4 supports those three)
#   KEYCLOAK_USER_PASSWORD   the password of every example user (alice, bob, audrey, paula, otto)
#   KEYCLOAK_CLIENT_SECRET   the client secret of every twin organisation's client
#   KEYCLOAK_START_TIMEOUT   seconds to wait for the realm to answer (default 600)
# Without KEYCLOAK_USER_PASSWORD or KEYCLOAK_CLIENT_SECRET, random values are made on first start.
# The values in force are written to $KEYCLOAK_DIR/credentials.properties (owner-only), where tests
# and demos read them; the realm file itself holds no password or secret. These credentials are
# for tests and demos only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=26.4.7
dist="$root/.tools/keycloak-$version"
realm_file="$root/keycloak/twinguard-realm.json"
realm=twinguard
# shellcheck source=lib/process.sh
. "$root/scripts/lib/process.sh"

log() { printf 'keycloak: %s\n' "$*" >&2; }
die() { printf 'keycloak: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%03d s' $((ms / 1000)) $((ms % 1000)); }

state=${KEYCLOAK_DIR:-$root/.keycloak}
case "$state" in /*) ;; *) state="$root/$state" ;; esac
if [ -f "$state/settings.env" ]; then
  # shellcheck source=/dev/null
  . "$state/settings.env"
fi
port=${KEYCLOAK_PORT:-18080}
case "$port" in *[!0-9]* | '') die "KEYCLOAK_PORT must be a number, not '$port'" ;; esac
https_port=${KEYCLOAK_HTTPS_PORT:-$((port + 363))}
case "$https_port" in *[!0-9]* | '') die "KEYCLOAK_HTTPS_PORT must be a number, not '$https_port'" ;; esac
base="http://127.0.0.1:$port"
tls="$state/tls"
issuer="$base/realms/$realm"
discovery="$issuer/.well-known/openid-configuration"
home="$state/home"
pid_file="$state/keycloak.pid"
log_file="$state/keycloak.log"

# ---------------------------------------------------------------------------------------------
# fetch

cmd_fetch() {
  if [ -x "$dist/bin/kc.sh" ] && grep -q "Version $version\$" "$dist/version.txt" 2>/dev/null; then
    log "Keycloak $version already in $dist"
    return
  fi
  command -v unzip >/dev/null || die "unzip is needed to unpack the distribution"
  mkdir -p "$root/.tools"
  # one fetcher at a time; the lock lives in a subshell so that Keycloak never inherits it
  (
    flock 8
    if [ -x "$dist/bin/kc.sh" ]; then
      log "Keycloak $version was unpacked meanwhile"
      exit 0
    fi
    start=$(now_ms)
    work=$(mktemp -d "$root/.tools/keycloak-fetch.XXXXXX")
    # shellcheck disable=SC2064 # expand now
    trap "rm -rf '$work'" EXIT
    log "fetching org.keycloak:keycloak-quarkus-dist:$version:zip through Maven"
    (cd "$work" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$version:zip" "-DoutputDirectory=$work")
    log "unpacking into $dist"
    unzip -q "$work/keycloak-quarkus-dist-$version.zip" -d "$work"
    mv "$work/keycloak-$version" "$dist"
    log "fetched and unpacked in $(elapsed "$start")"
  ) 8>"$dist.lock"
}

# ---------------------------------------------------------------------------------------------
# java

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

# Prints the JAVA_HOME to run Keycloak with.
pick_java() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then
    case "$(java_major "$KEYCLOAK_JAVA_HOME/bin/java")" in
      17 | 21 | 25) echo "$KEYCLOAK_JAVA_HOME"; return ;;
      *) die "KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME is not a JDK 17, 21 or 25" ;;
    esac
  fi
  local candidates=() c want
  for c in /usr/lib/jvm/*/bin/java; do [ -x "$c" ] && candidates+=("$c"); done
  [ -z "${JAVA_HOME:-}" ] || candidates+=("$JAVA_HOME/bin/java")
  c=$(command -v java || true)
  [ -z "$c" ] || candidates+=("$(readlink -f "$c")")
  for want in 25 21 17; do
    for c in "${candidates[@]}"; do
      if [ "$(java_major "$c")" = "$want" ]; then
        dirname "$(dirname "$(readlink -f "$c")")"
        return
      fi
    done
  done
  die "no JDK 17, 21 or 25 found (set KEYCLOAK_JAVA_HOME)"
}

# ---------------------------------------------------------------------------------------------
# the instance

# Keycloak keeps its database and build output under its home directory. The instance gets a home
# of its own that shares the distribution's jars, so instances never write into .tools/.
make_home() {
  mkdir -p "$home/bin" "$home/lib" "$home/data/import"
  cp "$dist/bin/kc.sh" "$home/bin/kc.sh"
  cp "$dist/lib/quarkus-run.jar" "$home/lib/"
  [ -d "$home/lib/quarkus" ] || cp -r "$dist/lib/quarkus" "$home/lib/quarkus"
  local d
  for d in lib/lib lib/app themes providers conf; do
    ln -sfn "$dist/$d" "$home/$d"
  done
  cp "$realm_file" "$home/data/import/$realm-realm.json"
}

pid_alive() {
  pid_file_alive "$pid_file"
}

realm_answers() {
  curl -fsS -o /dev/null --max-time 5 "$discovery" 2>/dev/null
}

# Keycloak's HTTPS listener: a server certificate for 127.0.0.1 and localhost issued by the
# instance's own CA, and the CA of the client certificates it accepts (see KEYCLOAK_CLIENT_CA).
make_tls() {
  command -v openssl >/dev/null || die "openssl is needed for Keycloak's HTTPS certificates"
  mkdir -p "$tls"
  (
    umask 077
    cd "$tls"
    if [ ! -f ca-cert.pem ]; then
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca-key.pem 2>/dev/null
      openssl req -x509 -new -key ca-key.pem -sha256 -days 365 -subj "/O=city.example/CN=twinguard test CA" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -out ca-cert.pem 2>/dev/null
    fi
    if [ ! -f server-cert.pem ]; then
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server-key.pem 2>/dev/null
      openssl req -new -key server-key.pem -subj "/CN=127.0.0.1" -out server.csr 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' >server.ext
      openssl x509 -req -in server.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -days 365 \
        -sha256 -extfile server.ext -out server-cert.pem 2>/dev/null
      rm -f server.csr server.ext
    fi
  )
  local client_ca=${KEYCLOAK_CLIENT_CA:-$tls/ca-cert.pem}
  [ -f "$client_ca" ] || die "KEYCLOAK_CLIENT_CA=$client_ca is not a file"
  cp "$client_ca" "$tls/client-ca.pem"
}

random_secret() {
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# The environment of the Keycloak process.
keycloak_env() {
  export JAVA_HOME="$java_home"
  # the temporary administrator of the master realm, made on the first start only; the script
  # uses it to set the twinguard realm's secrets
  export KC_BOOTSTRAP_ADMIN_USERNAME=admin
  KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$state/admin-password")
  export KC_BOOTSTRAP_ADMIN_PASSWORD
}

start_process() {
  [ -f "$state/admin-password" ] || (umask 077 && random_secret >"$state/admin-password")
  start_in_session "$pid_file" "$log_file" keycloak_env "$home/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$port" --https-port="$https_port" \
    --https-certificate-file="$tls/server-cert.pem" --https-certificate-key-file="$tls/server-key.pem" \
    --https-client-auth=request --truststore-paths="$tls/client-ca.pem" \
    --hostname="$base" --features=dpop \
    --db=dev-file --import-realm --log=console
}

wait_ready() {
  local start=$1 timeout=${KEYCLOAK_START_TIMEOUT:-600} next=10
  while ! realm_answers; do
    if ! pid_alive; then
      tail -n 30 "$log_file" >&2 || true
      die "Keycloak exited before the realm answered (log $log_file)"
    fi
    local waited=$((($(now_ms) - start) / 1000))
    if [ "$waited" -ge "$timeout" ]; then
      tail -n 30 "$log_file" >&2 || true
      cmd_stop
      die "the realm did not answer within $timeout s (KEYCLOAK_START_TIMEOUT); stopped Keycloak"
    fi
    if [ "$waited" -ge "$next" ]; then
      log "waiting for $discovery ($waited s)"
      next=$((next + 10))
    fi
    sleep 0.5
  done
}

write_properties() {
  cat >"$state/keycloak.properties" <<EOF
# written by scripts/keycloak.sh start: where the test Keycloak answers
url=$base
realm=$realm
issuer=$issuer
discovery=$discovery
jwks=$issuer/protocol/openid-connect/certs
token=$issuer/protocol/openid-connect/token
audience=twinguard-broker
# HTTPS, where a TLS client certificate issued by tls.client.ca binds a token to it (RFC 8705);
# tls.ca is the CA of Keycloak's server certificate
mtls.token=https://127.0.0.1:$https_port/realms/$realm/protocol/openid-connect/token
tls.ca=$tls/ca-cert.pem
tls.client.ca=$tls/client-ca.pem
EOF
  if [ -z "${KEYCLOAK_CLIENT_CA:-}" ]; then
    echo "tls.client.ca.key=$tls/ca-key.pem" >>"$state/keycloak.properties"
  fi
}

realm_hash() {
  sha256sum "$realm_file" | cut -d' ' -f1
}

cmd_start() {
  mkdir -p "$state"
  if pid_alive; then
    if realm_answers; then
      log "Keycloak already runs (pid $(cat "$pid_file"), $issuer)"
      [ ! -f "$state/realm.sha256" ] || [ "$(cat "$state/realm.sha256")" = "$(realm_hash)" ] ||
        log "warning: keycloak/twinguard-realm.json changed since it was imported: stop and start again to import it anew"
      write_properties
      cmd_users
      return
    fi
    log "Keycloak runs (pid $(cat "$pid_file")) but the realm does not answer yet"
  else
    if curl -sS -o /dev/null --max-time 2 "$base/" 2>/dev/null; then
      die "port $port on 127.0.0.1 is taken by another server: set KEYCLOAK_PORT"
    fi
    cmd_fetch
    local start
    java_home=$(pick_java)
    [ -f "$state/settings.env" ] ||
      printf 'KEYCLOAK_PORT=%s\nKEYCLOAK_HTTPS_PORT=%s\n' "$port" "$https_port" >"$state/settings.env"
    make_home
    make_tls
    if [ -f "$state/realm.sha256" ] && [ "$(cat "$state/realm.sha256")" != "$(realm_hash)" ]; then
      # the realm is imported only into an empty database: start from an empty one
      log "keycloak/twinguard-realm.json changed since it was imported: deleting $home/data/h2 to import it anew"
      rm -rf "$home/data/h2"
    fi
    start=$(now_ms)
    start_process
    log "started Keycloak $version (pid $(cat "$pid_file"), Java $(java_major "$java_home/bin/java") from $java_home, log $log_file)"
    wait_ready "$start"
    log "realm $realm answers at $issuer after $(elapsed "$start")"
  fi
  wait_ready "$(now_ms)"
  realm_hash >"$state/realm.sha256"
  write_properties
  cmd_users
}

# ---------------------------------------------------------------------------------------------
# credentials

# Reads key from credentials.properties, or prints nothing.
stored() {
  [ -f "$state/credentials.properties" ] || return 0
  sed -n "s/^$1=//p" "$state/credentials.properties" | head -1
}

# Calls the admin REST API; the bearer header lives in an owner-only file, not on the command line.
admin() {
  local method=$1 path=$2
  shift 2
  curl -fsS --max-time 30 -X "$method" -H @"$state/.admin-header" \
    -H 'Content-Type: application/json' "$@" "$base/admin/realms/$realm$path"
}

cmd_users() {
  realm_answers || die "the realm does not answer at $issuer: run scripts/keycloak.sh start"
  command -v jq >/dev/null || die "jq is needed to set the credentials"
  local token
  token=$(curl -fsS --max-time 30 -d grant_type=password -d client_id=admin-cli -d username=admin \
    --data-urlencode "password@$state/admin-password" \
    "$base/realms/master/protocol/openid-connect/token" | jq -r .access_token) ||
    die "cannot log in as the bootstrap administrator (state from another run? try scripts/keycloak.sh clean)"
  (umask 077 && printf 'Authorization: Bearer %s\n' "$token" >"$state/.admin-header")
  # shellcheck disable=SC2064 # expand now
  trap "rm -f '$state/.admin-header'" RETURN

  local password=${KEYCLOAK_USER_PASSWORD:-$(stored user.password)}
  [ -n "$password" ] || password=$(random_secret)
  local out="$state/credentials.properties.new"
  (umask 077 && {
    echo "# written by scripts/keycloak.sh: credentials of the test and demo realm, never for production"
    echo "user.password=$password"
  } >"$out")

  local user id
  for user in $(jq -r '.users[].username' "$realm_file"); do
    id=$(admin GET "/users?exact=true&username=$user" | jq -r '.[0].id // empty')
    [ -n "$id" ] || die "user $user is not in realm $realm"
    jq -n --arg p "$password" '{type: "password", value: $p, temporary: false}' |
      admin PUT "/users/$id/reset-password" --data-binary @- >/dev/null
  done

  local client secret rep
  for client in $(jq -r '.clients[] | select(.serviceAccountsEnabled == true) | .clientId' "$realm_file"); do
    secret=${KEYCLOAK_CLIENT_SECRET:-$(stored "client.$client.secret")}
    [ -n "$secret" ] || secret=$(random_secret)
    rep=$(admin GET "/clients?clientId=$client" | jq '.[0] // empty')
    [ -n "$rep" ] || die "client $client is not in realm $realm"
    id=$(jq -r .id <<<"$rep")
    jq --arg s "$secret" '.secret = $s' <<<"$rep" | admin PUT "/clients/$id" --data-binary @- >/dev/null
    echo "client.$client.secret=$secret" >>"$out"
  done
  mv "$out" "$state/credentials.properties"
  log "set the passwords of $(jq -r '[.users[].username] | join(", ")' "$realm_file") and the secrets of the twin clients ($state/credentials.properties)"
}

# ---------------------------------------------------------------------------------------------
# stop, status

cmd_stop() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  # the whole process group: kc.sh and the JVM it runs as its child
  if stop_pid_file "$pid_file" 10; then
    log "stopped Keycloak (pid $pid)"
  else
    log "not running ($state)"
  fi
}

cmd_status() {
  if ! pid_alive; then
    echo "keycloak: not running ($state)"
    return 1
  fi
  if realm_answers; then
    echo "keycloak: runs (pid $(cat "$pid_file")), realm $realm at $issuer"
  else
    echo "keycloak: runs (pid $(cat "$pid_file")), realm $realm does not answer at $issuer"
    return 1
  fi
}

cmd_clean() {
  cmd_stop
  rm -rf "$state"
  log "deleted $state"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  users) cmd_users ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  clean) cmd_clean ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
