#!/bin/sh
# A Docker daemon that never touches the machine's network: dockerd runs inside a network namespace of
# its own, so its bridges and every container address exist only there; no iptables rules, no
# masquerading, its own data root, exec root and socket. The guest image of the Pacemaker tests is built
# here from Debian's packages (mmdebstrap | docker import) once and kept in the data root; nothing is
# pulled.
#
#   scripts/docker-rig.sh start   starts dockerd (if not running) and builds the guest image if missing
#   scripts/docker-rig.sh env     prints the variables the tests need, for eval
#   scripts/docker-rig.sh stop    stops dockerd by its pid, unmounts what it left, deletes the namespace
#
# Needs root, docker.io and mmdebstrap (scripts/test installs them).
set -eu

NS=jfenced-docker
RUN=/run/jfenced-docker
DATA=${JFENCED_DOCKER_DATA:-/var/lib/jfenced-docker}
SOCK=$RUN/docker.sock
PIDFILE=$RUN/dockerd.pid
LOG=$RUN/dockerd.log
# Bump the tag when the package list changes: the image is rebuilt only when its tag is missing.
IMAGE=jfenced-guest:bookworm-1
PACKAGES=corosync,pacemaker,pacemaker-cli-utils,fence-virt,procps,iproute2

docker_cli() {
    docker -H "unix://$SOCK" "$@"
}

running() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

start_dockerd() {
    mkdir -p "$RUN" "$DATA"
    ip netns list | grep -qw "^$NS" || ip netns add "$NS"
    ip -n "$NS" link set lo up
    # The default bridge gets a range of its own; networks the tests create come from the pool. Both exist
    # only inside the namespace.
    nsenter --net="/run/netns/$NS" -- dockerd --data-root "$DATA" --exec-root "$RUN/exec" \
        --pidfile "$PIDFILE" -H "unix://$SOCK" --iptables=false --ip-masq=false --ip-forward=false \
        --bip 10.229.0.1/24 --default-address-pool base=10.229.128.0/17,size=24 \
        >"$LOG" 2>&1 &
    for _ in $(seq 1 300); do
        docker_cli version >/dev/null 2>&1 && return 0
        kill -0 $! 2>/dev/null || break
        sleep 0.1
    done
    echo "dockerd did not start; its log:" >&2
    cat "$LOG" >&2
    return 1
}

build_image() {
    docker_cli image inspect "$IMAGE" >/dev/null 2>&1 && return 0
    echo "building the guest image $IMAGE (once per machine, about a minute)" >&2
    start=$(date +%s)
    mmdebstrap --quiet --variant=minbase --include="$PACKAGES" \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        bookworm - | docker_cli import -c 'CMD ["sleep","infinity"]' - "$IMAGE" >/dev/null
    echo "guest image $IMAGE built in $(( $(date +%s) - start )) s" >&2
}

stop_dockerd() {
    if running; then
        pid=$(cat "$PIDFILE")
        kill "$pid"
        for _ in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    # Mounts dockerd leaves behind (overlays, netns files of containers) would pin the data root.
    for m in $(awk -v d="$DATA/" -v r="$RUN/" 'index($2, d) == 1 || index($2, r) == 1 { print $2 }' /proc/mounts \
            | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
    if ip netns list | grep -qw "^$NS"; then
        ip netns del "$NS"
    fi
    rm -rf "$RUN"
}

case "${1:-}" in
start)
    running || start_dockerd
    build_image
    ;;
env)
    echo "DOCKER_HOST=unix://$SOCK; export DOCKER_HOST"
    echo "JFENCED_DOCKER_NETNS=$NS; export JFENCED_DOCKER_NETNS"
    echo "JFENCED_GUEST_IMAGE=$IMAGE; export JFENCED_GUEST_IMAGE"
    ;;
stop)
    stop_dockerd
    ;;
*)
    echo "usage: $0 start|env|stop" >&2
    exit 2
    ;;
esac
