#!/bin/sh
# Builds the plain tarball and the Debian package from the layout the dist module assembled; run by
# `mvn package` (dist module). Usage: build-packages.sh LAYOUT_DIR VERSION OUT_DIR
#
# The .deb is built with dpkg-deb from a staged tree: dpkg-deb is part of dpkg, so every Debian and Ubuntu
# host has it, the result is exactly what Debian's own tools produce (lintian checks it as such), and the
# build needs no packaging plugin of its own to keep current. Without dpkg-deb only the tarball is built.
set -eu
LAYOUT=$1
VERSION=$2
OUT=$3
SRC=$(cd "$(dirname "$0")" && pwd)
MAINTAINER=${JFENCED_DEB_MAINTAINER:-"jfenced developers <jfenced@localhost>"}
# a Maven snapshot sorts before its release in Debian's version order too
DEB_VERSION=$(printf '%s' "$VERSION" | sed 's/-SNAPSHOT$/~SNAPSHOT/; s/-/~/g')
# the same bytes for the same source: file times and gzip headers from SOURCE_DATE_EPOCH when set
EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}

mkdir -p "$OUT"

# The tarball: the relocatable layout (bin/, lib/, plugins/, conf/, man/), run as jfenced-VERSION/bin/jfenced.
tar --sort=name --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner \
    -C "$(dirname "$LAYOUT")" --transform "s,^$(basename "$LAYOUT"),jfenced-$VERSION," \
    -czf "$OUT/jfenced-$VERSION.tar.gz" "$(basename "$LAYOUT")"
echo "built $OUT/jfenced-$VERSION.tar.gz"

if ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "dpkg-deb not found: no Debian package built (install dpkg to build it)"
    exit 0
fi

STAGE="$OUT/deb-root"
rm -rf "$STAGE"
SHARE="$STAGE/usr/share/jfenced"
DOC="$STAGE/usr/share/doc/jfenced"
mkdir -p "$SHARE" "$STAGE/usr/sbin" "$STAGE/usr/bin" "$STAGE/lib/systemd/system" "$DOC" \
    "$STAGE/usr/share/man/man5" "$STAGE/usr/share/man/man8" "$STAGE/etc/logrotate.d" "$STAGE/DEBIAN"
cp -R "$LAYOUT/bin" "$LAYOUT/lib" "$LAYOUT/plugins" "$SHARE/"
# the launchers find lib/ and plugins/ through the link's target
ln -s ../share/jfenced/bin/jfenced "$STAGE/usr/sbin/jfenced"
ln -s ../share/jfenced/bin/jfencectl "$STAGE/usr/bin/jfencectl"
cp "$LAYOUT/conf/jfenced.service" "$STAGE/lib/systemd/system/"
cp "$LAYOUT/conf/fence_virt.conf.example" "$DOC/"
cp "$SRC/copyright" "$DOC/"
cp "$SRC/logrotate" "$STAGE/etc/logrotate.d/jfenced"
for page in "$LAYOUT"/man/man*/*; do
    section=$(basename "$(dirname "$page")")
    gzip -9n -c "$page" >"$STAGE/usr/share/man/$section/$(basename "$page").gz"
done
DATE=$(date -u -R -d "@$EPOCH")
printf 'jfenced (%s) unstable; urgency=medium\n\n  * Built from the jfenced source tree.\n\n -- %s  %s\n' \
    "$DEB_VERSION" "$MAINTAINER" "$DATE" | gzip -9n >"$DOC/changelog.gz"

SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s|@DEB_VERSION@|$DEB_VERSION|" -e "s|@MAINTAINER@|$MAINTAINER|" -e "s|@INSTALLED_SIZE@|$SIZE|" \
    "$SRC/debian/control.in" >"$STAGE/DEBIAN/control"
cp "$SRC/debian/conffiles" "$STAGE/DEBIAN/"
for script in postinst prerm postrm; do
    cp "$SRC/debian/$script" "$STAGE/DEBIAN/"
done

find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod 0644 {} +
chmod 0755 "$SHARE"/bin/* "$STAGE"/DEBIAN/postinst "$STAGE"/DEBIAN/prerm "$STAGE"/DEBIAN/postrm
find "$STAGE" -exec touch -h -d "@$EPOCH" {} +

DEB="$OUT/jfenced_${DEB_VERSION}_all.deb"
SOURCE_DATE_EPOCH=$EPOCH dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "built $DEB"
