#!/bin/sh
# Builds the plain tarball, the Debian package and (where rpmbuild exists) an RPM from the layout the dist module assembled; run by
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

# Every bundled library must be named in the copyright file with its license; jfenced's own jars (their
# entries are under org/jfenced/, names a zip keeps in plain text) fall under "Files: *".
PATTERNS=$(sed -n 's/^Files://p' "$SRC/copyright")
for jar in "$LAYOUT"/lib/*.jar; do
    grep -q 'org/jfenced/' "$jar" && continue
    covered=no
    set -f  # the patterns are the copyright file's, not names of files here
    for pattern in $PATTERNS; do
        # shellcheck disable=SC2254
        case "usr/share/jfenced/lib/$(basename "$jar")" in
            $pattern) [ "$pattern" = "*" ] || covered=yes ;;
        esac
    done
    set +f
    if [ $covered = no ]; then
        echo "$(basename "$jar") is bundled but $SRC/copyright does not say under which license" >&2
        exit 1
    fi
done

STAGE="$OUT/deb-root"
rm -rf "$STAGE"
SHARE="$STAGE/usr/share/jfenced"
DOC="$STAGE/usr/share/doc/jfenced"
mkdir -p "$SHARE" "$STAGE/usr/sbin" "$STAGE/usr/bin" "$STAGE/lib/systemd/system" "$DOC" \
    "$STAGE/usr/share/man/man5" "$STAGE/usr/share/man/man8" "$STAGE/etc/logrotate.d" "$STAGE/DEBIAN"
# no class-data sharing archive: one fits only the directory it was made in (libexec/make-cds-archives
# makes them on the host, and removing the package removes them)
cp -R "$LAYOUT/bin" "$LAYOUT/lib" "$LAYOUT/libexec" "$LAYOUT/plugins" "$SHARE/"
rm -f "$SHARE"/lib/*.jsa
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
chmod 0755 "$SHARE"/bin/* "$SHARE"/libexec/* "$STAGE"/DEBIAN/postinst "$STAGE"/DEBIAN/prerm "$STAGE"/DEBIAN/postrm
find "$STAGE" -exec touch -h -d "@$EPOCH" {} +

DEB="$OUT/jfenced_${DEB_VERSION}_all.deb"
# gzip, not xz: the jars are compressed already, and xz would spend a minute to save nothing
SOURCE_DATE_EPOCH=$EPOCH dpkg-deb --root-owner-group -Zgzip --build "$STAGE" "$DEB" >/dev/null
echo "built $DEB"

# The RPM packs the same staged tree, where rpmbuild exists (Debian's package rpm has it).
if command -v rpmbuild >/dev/null 2>&1; then
    RPM_VERSION=${VERSION%-SNAPSHOT}
    RPM_RELEASE=$([ "$RPM_VERSION" = "$VERSION" ] && echo 1 || echo 0.snapshot)
    TOP="$OUT/rpmbuild"
    rm -rf "$TOP"
    mkdir -p "$TOP/SPECS"
    sed -e "s|@RPM_VERSION@|$RPM_VERSION|" -e "s|@RPM_RELEASE@|$RPM_RELEASE|" -e "s|@STAGE@|$STAGE|" \
        "$SRC/rpm/jfenced.spec.in" >"$TOP/SPECS/jfenced.spec"
    SOURCE_DATE_EPOCH=$EPOCH rpmbuild -bb --quiet --define "_topdir $TOP" --define "_build_id_links none" \
        --define "use_source_date_epoch_as_buildtime 1" --define "__os_install_post %{nil}" "$TOP/SPECS/jfenced.spec"
    cp "$TOP"/RPMS/noarch/*.rpm "$OUT/"
    echo "built $OUT/jfenced-$RPM_VERSION-$RPM_RELEASE.noarch.rpm"
fi
