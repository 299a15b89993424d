# Sourced by scripts/demo, scripts/test and the bench scripts: installs the Debian packages named in $@
# that are missing.
install_missing() {
    missing=
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "missing Debian packages:$missing — run as root or: sudo apt-get install$missing" >&2
        exit 1
    fi
    echo "installing:$missing" >&2
    # corosync and fence-virtd must not start as system services: the tests and benchmarks run their own,
    # inside network namespaces (a policy-rc.d that answers 101 tells the packages not to start anything)
    policy=/usr/sbin/policy-rc.d
    created_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
    fi
    apt-get update -qq
    status=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || status=$?
    [ -n "$created_policy" ] && rm -f "$policy"
    return $status
}
