#!/usr/bin/env bash
# Builds an arm64 SD card image for Raspberry Pi 3 and 4 from Debian's own archive only (bookworm: Debian's
# kernel, raspi-firmware, a headless OpenJDK 17, systemd-timesyncd) with edge-agent installed and enabled.
# No loop mounts, no binfmt: debootstrap's first stage unpacks the packages here, the second stage runs in
# qemu-system-aarch64 (Debian's own arm64 kernel booting the unpacked tree as its initramfs), and the file
# systems are made from folders (mkfs.ext4 -d, mtools) and put together with sfdisk. See README.md here.
#
#   sudo install/image/build-debian-image.sh --deb install/target/edge-agent_<version>_all.deb [options]
#
#   --deb FILE              the package to install (required)
#   --out FILE              the image to write; default edge-agent-<version>-debian-bookworm-arm64.img next
#                           to the .deb; FILE.packages, FILE.xz and FILE.xz.sha256 are written beside it
#   --config FILE           a factory config, put on the boot partition as edge-agent.yaml: installed by
#                           the first boot (per-site images)
#   --environment FILE      /etc/edge-agent/environment (NAME=value lines for ${env:NAME}), root-only
#   --ntp "SERVER ..."      NTP servers for systemd-timesyncd, for factory networks that block the internet's
#   --mirror URL            the Debian archive; default http://deb.debian.org/debian. For a rebuild from
#                           pinned inputs: http://snapshot.debian.org/archive/debian/20250520T000000Z
#   --cache DIR             where downloaded packages are kept; default ~/.cache/edge-agent-image/debs
#   --no-xz                 leave the image uncompressed (for the boot test)
#
# Needs root (file ownership in the image), debootstrap, qemu-system-aarch64, mkfs.ext4 (e2fsprogs 1.43+),
# mkfs.vfat, mtools, sfdisk, cpio, xz: apt install debootstrap qemu-system-arm dosfstools mtools fdisk cpio
set -euo pipefail

suite=bookworm
mirror=http://deb.debian.org/debian
# What the image holds beyond debootstrap's minimal base: Debian's kernel and the Pi's boot firmware
# (non-free-firmware), systemd as init with networkd, resolved and timesyncd, the Java runtime the .deb
# depends on, fsck for the FAT boot partition, sfdisk for the first boot's resize (not cloud-guest-utils'
# growpart: it pulls in Python, whose configure is minutes of emulation and 30 MB on the card).
packages=linux-image-arm64,raspi-firmware,systemd-sysv,udev,kmod,initramfs-tools,systemd-timesyncd
packages+=,systemd-resolved,dbus,iproute2,procps,dosfstools,fdisk,default-jre-headless
packages+=,adduser,ca-certificates
boot_mib=256
# The root file system's free room on the image; the first boot grows it to the whole card.
spare_mib=384

deb=""
out=""
config=""
environment=""
ntp=""
compress=yes
cache="${HOME:-/root}/.cache/edge-agent-image/debs"

usage() {
    sed -n '8,21s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

log() { echo "build-debian-image: $(date -u +%H:%M:%S) $*" >&2; }

# Starts a phase of the build and says how long the one before it took (the numbers in install/README.md).
phase_name=""
phase() {
    local now
    now=$(date +%s)
    [[ -z $phase_name ]] || log "$phase_name took $(( now - phase_started )) s"
    phase_name=$1
    phase_started=$now
    [[ -z $phase_name ]] || log "$phase_name"
}

while [[ $# -gt 0 ]]; do
    [[ $1 == -h || $1 == --help ]] && usage
    if [[ $1 == --no-xz ]]; then
        compress=no
        shift
        continue
    fi
    [[ $# -ge 2 ]] || usage
    case "$1" in
        --deb) deb=$(realpath "$2") ;;
        --out) out=$(realpath -m "$2") ;;
        --config) config=$(realpath "$2") ;;
        --environment) environment=$(realpath "$2") ;;
        --ntp) ntp=$2 ;;
        --mirror) mirror=$2 ;;
        --cache) cache=$(realpath -m "$2") ;;
        *) usage ;;
    esac
    shift 2
done

[[ -n $deb && -f $deb ]] || { log "--deb FILE is required and must exist"; usage; }
[[ $(id -u) -eq 0 ]] || { log "run it as root: the image's files belong to root and to system users"; exit 2; }
for tool in debootstrap qemu-system-aarch64 mkfs.ext4 mkfs.vfat mcopy sfdisk cpio xz sha256sum dpkg-deb dpkg-query; do
    command -v "$tool" >/dev/null || { log "$tool is missing"; exit 2; }
done
if [[ -n $config ]] && command -v edge-agent >/dev/null; then
    # The same check the device's first boot makes, here where a mistake is cheap.
    edge-agent config validate "$config"
fi

version=$(dpkg-deb --field "$deb" Version)
out=${out:-$(dirname "$deb")/edge-agent-$version-debian-$suite-arm64.img}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/var/tmp}/edge-agent-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$cache"

build_started=$(date +%s)
phase "first stage: debootstrap --foreign $suite arm64 from $mirror"
debootstrap --foreign --arch=arm64 --variant=minbase --components=main,non-free-firmware \
    --cache-dir="$cache" --include="$packages" "$suite" "$root" "$mirror" >&2

# The kernel the second stage boots is the image's own (its modules come with the package's configure).
kernel_deb=$(find "$root/var/cache/apt/archives" -name 'linux-image-*-arm64_*.deb' ! -name '*-unsigned_*' |
    grep -v 'linux-image-arm64_' | head -n 1)
[[ -n $kernel_deb ]] || { log "no linux-image-*-arm64 package among the downloaded ones"; exit 1; }
mkdir "$work/kernel"
dpkg-deb --fsys-tarfile "$kernel_deb" | tar --extract --directory="$work/kernel" ./boot
cp "$(find "$work/kernel/boot" -name 'vmlinuz-*' | head -n 1)" "$work/vmlinuz"

phase "configuring the tree"
cp "$deb" "$root/var/cache/edge-agent.deb"
install -m 0755 "$here/second-stage.sh" "$root/edge-agent-second-stage"
mkdir -p "$root/boot/firmware" "$root/etc/systemd/network" "$root/etc/systemd/system.conf.d"
printf '%s\n' "deb $mirror $suite main non-free-firmware" >"$root/etc/apt/sources.list"
echo edge-agent >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tedge-agent\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# Power loss: noatime (reads do not write to the card), the FAT partition checked at boot too.
cat >"$root/etc/fstab" <<'EOF'
LABEL=RASPIROOT /              ext4 rw,noatime,errors=remount-ro 0 1
LABEL=RASPIFIRM /boot/firmware vfat rw,noatime,umask=0022         0 2
EOF
# Wired Ethernet by DHCP, whatever the port is called; network-online.target waits for it.
cat >"$root/etc/systemd/network/20-wired.network" <<'EOF'
[Match]
Type=ether

[Network]
DHCP=yes
EOF
printf '[Manager]\nRuntimeWatchdogSec=15s\n' >"$root/etc/systemd/system.conf.d/edge-agent-watchdog.conf"
install -m 0644 "$here/growroot.service" "$root/etc/systemd/system/edge-agent-growroot.service"
install -D -m 0755 "$here/growroot.sh" "$root/usr/local/sbin/edge-agent-growroot"
if [[ -n $ntp ]]; then
    mkdir -p "$root/etc/systemd/timesyncd.conf.d"
    printf '[Time]\nNTP=%s\n' "$ntp" >"$root/etc/systemd/timesyncd.conf.d/edge-agent.conf"
fi
if [[ -n $environment ]]; then
    mkdir -p "$root/etc/edge-agent"
    install -m 0600 -o root -g root "$environment" "$root/etc/edge-agent/environment"
fi
# The second stage looks packages up in the archive's index (debootstrap's pkgdetails: emulated perl reading
# all 49 MB of bookworm's arm64 index on each pass, and the packages with Pre-Depends take several). It only
# ever needs the packages the first stage downloaded: keep their entries only (130 kB).
for index in "$root"/var/lib/apt/lists/*_Packages; do
    awk 'NR == FNR { keep[$1]; next } /^Package: / { p = ($2 in keep) } p' "$root/debootstrap/debpaths" "$index" \
        >"$index.needed"
    mv "$index.needed" "$index"
done
# No manual pages, no documentation but the licences, no translations: nobody reads them on a gateway, and
# each file is unpacked by emulated code in the second stage. Kept on the device, for later installs too.
cat >"$root/etc/dpkg/dpkg.cfg.d/edge-agent-image-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-include=/usr/share/doc/edge-agent/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF
# Only while the image is built: the tree lives in RAM there, so dpkg's fsync buys nothing but time. The
# second stage deletes it; on the device every dpkg write is synced again (power cuts).
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/edge-agent-image-unsafe-io"
# The initrd is made once, at the end of the second stage, not at each of the kernel's and initramfs-tools'
# configure runs and triggers (each is minutes of emulation): until then update-initramfs is diverted to a
# stub. The diversion is written here, before dpkg is configured in the tree; the second stage removes it.
printf '/usr/sbin/update-initramfs\n/usr/sbin/update-initramfs.edge-agent-image\n:\n' >>"$root/var/lib/dpkg/diversions"
printf '#!/bin/sh\necho "update-initramfs: deferred to the end of the image build" >&2\n' >"$root/usr/sbin/update-initramfs"
chmod 0755 "$root/usr/sbin/update-initramfs"
# The initrd checks the root file system before mounting it (cmdline.txt mounts it rw, so systemd's
# fsck-root never does; fsck.repair=yes is that check's). Its fsck hook finds the type from the root it runs
# on, which is the builder's RAM here, and would leave fsck.ext4 out: name it.
mkdir -p "$root/etc/initramfs-tools/conf.d"
echo FSTYPE=ext4 >"$root/etc/initramfs-tools/conf.d/edge-agent-image"
# The first stage leaves /proc as a link to the build machine's; the second stage mounts its own there.
if [[ -L $root/proc ]]; then
    rm "$root/proc"
    mkdir -m 0555 "$root/proc"
fi
# The kernel opens the console before /init runs; devtmpfs replaces these once the second stage mounts it.
mkdir -p "$root/dev"
[[ -e $root/dev/console ]] || mknod -m 0600 "$root/dev/console" c 5 1
[[ -e $root/dev/null ]] || mknod -m 0666 "$root/dev/null" c 1 3

(cd "$root" && find . -xdev -print0 | cpio --null --create --format=newc --quiet) >"$work/stage.cpio"
tree_mib=$(( $(du -sm "$root" | cut -f1) ))
truncate --size=$(( tree_mib * 3 + 1024 ))M "$work/result.tar"
stage_log=$out.second-stage.log
phase "second stage in qemu-system-aarch64 (emulated: the slow part; its console, timed, in $stage_log)"
# The whole tree is the initramfs, unpacked into RAM (the kernel's rootfs may use half of it, and the tree
# grows about fourfold as dpkg unpacks the packages); the tar of the finished tree comes back on a raw
# virtio disk. No network: everything it installs is in the tree. Both emulated cores run at once
# (multi-threaded TCG).
qemu-system-aarch64 -machine virt -cpu cortex-a72 -accel tcg,thread=multi -smp 2 \
    -m $(( tree_mib * 12 + 2048 < 8192 ? tree_mib * 12 + 2048 : 8192 )) -nographic -no-reboot \
    -kernel "$work/vmlinuz" -initrd "$work/stage.cpio" \
    -append "console=ttyAMA0 rdinit=/edge-agent-second-stage panic=-1" \
    -drive file="$work/result.tar",format=raw,if=none,id=result -device virtio-blk-pci,drive=result \
    -nic none </dev/null 2>&1 | while IFS= read -r line; do printf '%(%H:%M:%S)T %s\n' -1 "${line%$'\r'}"; done >"$stage_log" || true
if ! grep -q ' edge-agent-second-stage: done' "$stage_log"; then
    tail -n 40 "$stage_log" >&2
    log "the second stage failed (its console is above)"
    exit 1
fi
rm -rf "$root" "$work/stage.cpio"
mkdir "$root"
tar --extract --file="$work/result.tar" --directory="$root" --numeric-owner --preserve-permissions \
    --xattrs --xattrs-include='*'
rm -f "$work/result.tar"
# An archive of zeros extracts to nothing without an error: check that the tree came back, boot files included.
for f in etc/debian_version usr/share/edge-agent/lib boot/firmware/cmdline.txt boot/firmware/config.txt; do
    [[ -e $root/$f ]] || { log "the second stage's tree came back without /$f"; exit 1; }
done

# What went in, package by package: with the mirror (a snapshot date) and the .deb, the record to rebuild from.
# shellcheck disable=SC2016 # ${Package} is dpkg-query's field syntax, not the shell's.
dpkg-query --admindir="$root/var/lib/dpkg" --show --showformat='${Package}\t${Version}\t${Architecture}\n' \
    >"$out.packages"

phase "file systems"
boot_img=$work/boot.img
root_img=$work/root.img
rm -f "$boot_img"
mkfs.vfat -C -F 32 -s 1 -n RASPIFIRM "$boot_img" $(( boot_mib * 1024 )) >/dev/null
mcopy -s -i "$boot_img" "$root"/boot/firmware/* ::/
if [[ -n $config ]]; then
    mcopy -i "$boot_img" "$config" ::/edge-agent.yaml
fi
rm -rf "${root:?}"/boot/firmware/*
root_mib=$(( $(du -sm "$root" | cut -f1) * 110 / 100 + spare_mib ))
mkfs.ext4 -q -L RASPIROOT -d "$root" "$root_img" "${root_mib}M"

phase "assembling $out"
# MBR, as the Pi 3's boot ROM needs: the FAT firmware partition first, 4 MiB in, then the root.
rm -f "$out"
truncate --size=$(( 4 + boot_mib + root_mib ))M "$out"
sfdisk --quiet "$out" <<EOF
label: dos
start=4MiB, size=${boot_mib}MiB, type=c, bootable
start=$(( 4 + boot_mib ))MiB, type=83
EOF
dd if="$boot_img" of="$out" bs=1M seek=4 conv=notrunc,fsync status=none
dd if="$root_img" of="$out" bs=1M seek=$(( 4 + boot_mib )) conv=notrunc,fsync status=none

if [[ $compress == yes ]]; then
    phase "compressing"
    xz --threads=0 --force --keep "$out"
    (cd "$(dirname "$out")" && sha256sum "$(basename "$out").xz" >"$(basename "$out").xz.sha256")
    log "done: $out ($(du -m --apparent-size "$out" | cut -f1) MiB), $out.xz ($(du -m "$out.xz" | cut -f1) MiB," \
        "$(cut -d' ' -f1 "$out.xz.sha256")); package list in $out.packages"
else
    (cd "$(dirname "$out")" && sha256sum "$(basename "$out")" >"$(basename "$out").sha256")
    log "done: $out ($(du -m --apparent-size "$out" | cut -f1) MiB); package list in $out.packages"
fi
phase ""
log "the build took $(( $(date +%s) - build_started )) s"

