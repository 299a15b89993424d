#!/bin/sh
# Builds the small Debian guest the real-guest tests boot, once per machine, and prints its directory:
# base.raw (an ext4 root file system made with mke2fs -d, so no loop mount is needed), vmlinuz and
# initrd.img (booted directly by qemu). Each guest runs on a qcow2 overlay of base.raw, so the image is
# only read. It is rebuilt only when a file is missing or this recipe changed (its hash is kept in
# "recipe"); the build takes a few minutes and downloads ~150 MB of Debian packages through apt.
#
# Usage: scripts/guest-image.sh [DIR]    (default /var/cache/jfenced/guest-image; needs root)
set -eu
dir=${1:-/var/cache/jfenced/guest-image}
recipe=$(sha256sum "$0" | cut -c1-16)

complete() {
    [ -f "$dir/recipe" ] && [ "$(cat "$dir/recipe")" = "$recipe" ] \
        && [ -f "$dir/base.raw" ] && [ -f "$dir/vmlinuz" ] && [ -f "$dir/initrd.img" ]
}

mkdir -p "$(dirname "$dir")"
# two test runs at once build it once: the second waits for the first
exec 9>"$dir.lock"
flock 9
if complete; then
    echo "$dir"
    exit 0
fi

. "$(dirname "$0")/packages.sh"
install_missing mmdebstrap e2fsprogs qemu-utils >&2

work=$(mktemp -d "$dir.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
# The guest: systemd (qemu-guest-agent is started by udev when its virtio port appears), a kernel for
# direct boot, the real fence_virt / fence_xvm clients, ip, and socat to give fence_virt -D a tty on a
# virtio-serial port. Timers that would wake the emulated CPU are masked; there is no root password
# and no network login: the tests run commands through the guest agent.
mmdebstrap --mode=root --variant=minbase --format=directory \
    --include=systemd-sysv,udev,dbus,linux-image-amd64,fence-virt,qemu-guest-agent,iproute2,socat \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='echo jfguest > "$1/etc/hostname"' \
    --customize-hook='echo "/dev/vda / ext4 rw 0 1" > "$1/etc/fstab"' \
    --customize-hook='mkdir -p "$1/etc/cluster"' \
    --customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer systemd-timesyncd.service 2>/dev/null || true' \
    bookworm "$rootfs" >&2
cp "$rootfs"/boot/vmlinuz-* "$work/vmlinuz"
cp "$rootfs"/boot/initrd.img-* "$work/initrd.img"
mke2fs -q -t ext4 -L root -d "$rootfs" "$work/base.raw" 3G >&2
rm -rf "$rootfs"
echo "$recipe" > "$work/recipe"
rm -rf "$dir"
mv "$work" "$dir"
trap - EXIT
echo "$dir"
