#!/usr/bin/env bash
# Builds a Raspberry Pi OS Lite (64-bit, bookworm) SD card image with edge-agent installed and enabled,
# from the official image pinned below (checked by SHA-256) and the .deb of this build. See README.md here.
#
#   sudo install/image/build-image.sh --deb install/target/edge-agent_<version>_all.deb [options]
#
#   --deb FILE              the package to install (required)
#   --out FILE              the image to write; default edge-agent-<version>-raspios-bookworm-arm64-lite.img
#                           next to the .deb; FILE.xz and FILE.xz.sha256 are written beside it
#   --config FILE           a factory config, put on the boot partition as edge-agent.yaml: installed by
#                           the first boot (per-site images)
#   --environment FILE      /etc/edge-agent/environment (NAME=value lines for ${env:NAME}), root-only
#   --ntp "SERVER ..."      NTP servers for systemd-timesyncd, for factory networks that block the internet's
#   --debian-snapshot TS    install Debian packages as snapshot.debian.org had them at TS (20250520T000000Z)
#                           instead of from today's mirror, to rebuild an earlier image exactly
#   --cache DIR             where the downloaded base image is kept; default ~/.cache/edge-agent-image
#
# Needs root, curl, xz, sha256sum, parted, losetup, e2fsck, resize2fs, and on a host that is not arm64,
# qemu-user-static with binfmt_misc (Debian: apt install qemu-user-static binfmt-support).
set -euo pipefail

# The last Raspberry Pi OS Lite 64-bit release on Debian 12 (bookworm), the release the package is tested
# on. Change all three together.
base_url=https://downloads.raspberrypi.com/raspios_lite_arm64/images/raspios_lite_arm64-2025-05-13/2025-05-13-raspios-bookworm-arm64-lite.img.xz
base_sha256=62d025b9bc7ca0e1facfec74ae56ac13978b6745c58177f081d39fbb8041ed45
base_name=2025-05-13-raspios-bookworm-arm64-lite.img.xz
# Room for the Java runtime (~200 MB installed) and the agent; the root partition grows to the whole card
# at the device's first boot anyway.
grow=1G

deb=""
out=""
config=""
environment=""
ntp=""
snapshot=""
cache="${HOME:-/root}/.cache/edge-agent-image"

usage() {
    sed -n '5,20s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

log() { echo "build-image: $*" >&2; }

while [[ $# -gt 0 ]]; do
    [[ $1 == -h || $1 == --help ]] && usage
    [[ $# -ge 2 ]] || usage
    case "$1" in
        --deb) deb=$(realpath "$2") ;;
        --out) out=$(realpath -m "$2") ;;
        --config) config=$(realpath "$2") ;;
        --environment) environment=$(realpath "$2") ;;
        --ntp) ntp=$2 ;;
        --debian-snapshot) snapshot=$2 ;;
        --cache) cache=$(realpath -m "$2") ;;
        *) usage ;;
    esac
    shift 2
done

[[ -n $deb && -f $deb ]] || { log "--deb FILE is required and must exist"; usage; }
[[ $(id -u) -eq 0 ]] || { log "run it as root: it mounts the image through a loop device"; exit 2; }
for tool in curl xz sha256sum parted losetup e2fsck resize2fs dpkg-deb chroot; do
    command -v "$tool" >/dev/null || { log "$tool is missing"; exit 2; }
done
if [[ $(uname -m) != aarch64 && ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    log "this host cannot run arm64 programs: install qemu-user-static and binfmt-support"
    exit 2
fi
if [[ -n $config ]]; then
    # The same check the device's first boot makes, here where a mistake is cheap.
    if command -v edge-agent >/dev/null; then
        edge-agent config validate "$config"
    else
        log "no edge-agent on this host to check $config with; the device's first boot will check it"
    fi
fi

version=$(dpkg-deb --field "$deb" Version)
out=${out:-$(dirname "$deb")/edge-agent-$version-raspios-bookworm-arm64-lite.img}

mkdir -p "$cache"
base="$cache/$base_name"
if [[ ! -f $base ]] || ! echo "$base_sha256  $base" | sha256sum --check --status; then
    log "downloading $base_url"
    curl --fail --location --retry 3 --output "$base.part" "$base_url"
    mv "$base.part" "$base"
fi
echo "$base_sha256  $base" | sha256sum --check --quiet || { log "$base is not the pinned image"; exit 1; }

log "unpacking the base image into $out"
xz --decompress --stdout "$base" >"$out"
truncate --size="+$grow" "$out"
parted --script "$out" resizepart 2 100%

mnt=$(mktemp -d)
loop=""
# A subshell, so that `set +e` (clean up as much as possible) stays inside it.
cleanup() (
    set +e
    for m in dev/pts dev proc sys boot/firmware ""; do
        mountpoint -q "$mnt/$m" && umount "$mnt/$m"
    done
    [[ -n $loop ]] && losetup --detach "$loop"
    rmdir "$mnt"
)
trap cleanup EXIT

loop=$(losetup --find --show --partscan "$out")
# Partition devices appear through udev, which can lag behind losetup.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [[ -b ${loop}p2 ]] && break
    sleep 0.5
done
# Exit status 1 means e2fsck corrected something, which is what it is for here.
e2fsck -p -f "${loop}p2" || [[ $? -eq 1 ]]
resize2fs "${loop}p2"
mount "${loop}p2" "$mnt"
mount "${loop}p1" "$mnt/boot/firmware"
mount --bind /dev "$mnt/dev"
mount --bind /dev/pts "$mnt/dev/pts"
mount -t proc proc "$mnt/proc"
mount -t sysfs sysfs "$mnt/sys"

in_image() { chroot "$mnt" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

# Services must not start inside the build; DNS for apt comes from the host.
printf '#!/bin/sh\nexit 101\n' >"$mnt/usr/sbin/policy-rc.d"
chmod 0755 "$mnt/usr/sbin/policy-rc.d"
cp --remove-destination /etc/resolv.conf "$mnt/etc/resolv.conf.build"
mv "$mnt/etc/resolv.conf" "$mnt/etc/resolv.conf.image"
mv "$mnt/etc/resolv.conf.build" "$mnt/etc/resolv.conf"
if [[ -n $snapshot ]]; then
    cp "$mnt/etc/apt/sources.list" "$mnt/etc/apt/sources.list.image"
    sed -i "s|http://deb.debian.org/debian-security|http://snapshot.debian.org/archive/debian-security/$snapshot|;
            s|http://deb.debian.org/debian|http://snapshot.debian.org/archive/debian/$snapshot|" "$mnt/etc/apt/sources.list"
fi

log "installing $(basename "$deb") and its Java runtime"
cp "$deb" "$mnt/tmp/edge-agent.deb"
in_image apt-get -o Acquire::Check-Valid-Until=false update
in_image apt-get install --yes --no-install-recommends systemd-timesyncd /tmp/edge-agent.deb
in_image systemctl enable edge-agent.service systemd-timesyncd.service

if [[ -n $ntp ]]; then
    mkdir -p "$mnt/etc/systemd/timesyncd.conf.d"
    printf '[Time]\nNTP=%s\n' "$ntp" >"$mnt/etc/systemd/timesyncd.conf.d/edge-agent.conf"
fi

# Power loss. The agent fsyncs its buffer once a second, and ext4's default data=ordered journal keeps
# fsynced data and all metadata consistent, so a power cut costs at most that second (README.md: why not
# data=journal). What the image adds: noatime, so reads do not write; fsck.repair=yes, so a card that was
# unplugged while writing is repaired at boot without anyone at a console (Raspberry Pi OS has both today:
# this keeps them if a base image changes); and the hardware watchdog, so a hung device reboots itself.
sed -i -E '/^[^#]+[[:space:]]\/[[:space:]]+ext4[[:space:]]/{/noatime/!s/(ext4[[:space:]]+)([^[:space:]]+)/\1\2,noatime/}' \
    "$mnt/etc/fstab"
grep -q 'fsck.repair=yes' "$mnt/boot/firmware/cmdline.txt" ||
    sed -i '1s/$/ fsck.repair=yes/' "$mnt/boot/firmware/cmdline.txt"
mkdir -p "$mnt/etc/systemd/system.conf.d"
printf '[Manager]\nRuntimeWatchdogSec=15s\n' >"$mnt/etc/systemd/system.conf.d/edge-agent-watchdog.conf"

if [[ -n $config ]]; then
    cp "$config" "$mnt/boot/firmware/edge-agent.yaml"
fi
if [[ -n $environment ]]; then
    install -m 0600 -o root -g root "$environment" "$mnt/etc/edge-agent/environment"
fi

# What went in, package by package: with the base image's hash and the .deb, the record to rebuild from.
# shellcheck disable=SC2016 # ${Package} is dpkg-query's field syntax, not the shell's.
in_image dpkg-query --show --showformat='${Package}\t${Version}\n' >"$out.packages"

in_image apt-get clean
rm -f "$mnt/usr/sbin/policy-rc.d" "$mnt/tmp/edge-agent.deb"
mv "$mnt/etc/resolv.conf.image" "$mnt/etc/resolv.conf"
if [[ -n $snapshot ]]; then
    mv "$mnt/etc/apt/sources.list.image" "$mnt/etc/apt/sources.list"
    rm -rf "$mnt/var/lib/apt/lists/"*
fi
cleanup
trap - EXIT

log "compressing"
xz --threads=0 --force --keep "$out"
(cd "$(dirname "$out")" && sha256sum "$(basename "$out").xz" >"$(basename "$out").xz.sha256")
log "done: $out.xz ($(cut -d' ' -f1 "$out.xz.sha256")); package list in $out.packages"
