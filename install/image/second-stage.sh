#!/bin/sh
# PID 1 of the image builder's emulated second stage (build-debian-image.sh copies it into the tree as
# /edge-agent-second-stage): the unpacked tree is the initramfs, so this runs in the image itself on
# Debian's arm64 kernel. It configures the packages debootstrap unpacked, installs edge-agent, and writes the
# finished tree as a tar onto the first virtio disk, then powers off. Prints "edge-agent-second-stage: done"
# on the console when everything worked; the builder looks for that line. The builder has diverted
# update-initramfs to a stub and turned dpkg's fsync off; this undoes both before the tree is written.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C DEBIAN_FRONTEND=noninteractive

say() { echo "edge-agent-second-stage: $(date -u +%H:%M:%S) $*"; }
finish() {
    sync
    echo o >/proc/sysrq-trigger
    # The power-off runs in the kernel's own time: PID 1 ending first would be a panic.
    while :; do sleep 1; done
}
trap 'echo "edge-agent-second-stage: FAILED"; finish' EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# raspi-firmware's hooks copy the kernel, initrd and device trees to /boot/firmware only where it is a mount
# point (or they can tell they run in a VM): make the folder one, so the files land in the tree.
mount --bind /boot/firmware /boot/firmware

say "debootstrap --second-stage"
/debootstrap/debootstrap --second-stage
# debootstrap unmounts what it mounted on its way out.
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mountpoint -q /boot/firmware || mount --bind /boot/firmware /boot/firmware

say "installing edge-agent"
# Its dependencies (the JRE, adduser) came with the first stage; nothing is downloaded here. No systemd is
# running, so the package enables its unit without starting it.
dpkg --install /var/cache/edge-agent.deb
rm -f /var/cache/edge-agent.deb
systemctl enable edge-agent.service systemd-networkd.service systemd-networkd-wait-online.service \
    systemd-resolved.service systemd-timesyncd.service edge-agent-growroot.service
# The Pi's boot files: cmdline.txt names the root file system by its label (mkfs.ext4 -L in the builder),
# and the consoles are the Pi's (the emulator's ttyAMA0 would be the Pi 3/4 Bluetooth UART). Its own
# defaults already add fsck.repair=yes (a card left dirty by a power cut is repaired at boot, with nobody at
# a console), net.ifnames=0 and rootwait. raspi-firmware writes them when update-initramfs has made the
# initrd (its post-update hook): at the kernel's configure there was none yet, and it did nothing.
sed -i 's|^#ROOTPART=.*|ROOTPART=LABEL=RASPIROOT|; s|^#CONSOLES=.*|CONSOLES="ttyS1,115200 tty0"|' /etc/default/raspi-firmware
say "making the initrd, once"
rm /usr/sbin/update-initramfs
dpkg-divert --local --rename --remove /usr/sbin/update-initramfs
# With initramfs-tools' defaults (MODULES=most): the Pi's SD card and USB drivers, not the emulator's.
update-initramfs -c -k "$(basename /lib/modules/*)"
say "boot files: $(find /boot/firmware -mindepth 1 -maxdepth 1 -printf '%f ')"
[ -e /boot/firmware/cmdline.txt ] || { echo "edge-agent-second-stage: raspi-firmware wrote no /boot/firmware/cmdline.txt"; exit 1; }
rm /etc/dpkg/dpkg.cfg.d/edge-agent-image-unsafe-io
# resolved's stub, for names in the config (broker.urls) on a DHCP network.
ln -sf ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf
# Headless: nobody answers systemd-firstboot's questions on a console.
systemctl mask systemd-firstboot.service
# Each device makes its own machine id at its first boot; an empty file says "first boot" to systemd.
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id
apt-get clean
rm -rf /var/lib/apt/lists/*
# What the first stage unpacked before dpkg's path-exclude rules were in place (edge-agent-image-nodoc).
find /usr/share/doc -mindepth 1 ! -type d ! -name copyright ! -path '/usr/share/doc/edge-agent/*' -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/* /usr/share/lintian/*

umount /boot/firmware
# Debian's kernel has the virtio core built in but the PCI transport and the block driver as modules, and no
# udev runs here to load them for the device: without virtio_pci there is no /dev/vda, and tar would write
# the tree into a plain file of that name in RAM and succeed.
modprobe -a virtio_pci virtio_blk
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -b /dev/vda ] && break
    sleep 1
done
[ -b /dev/vda ] || { echo "edge-agent-second-stage: no disk /dev/vda to write the tree to"; exit 1; }
say "writing the tree to /dev/vda"
rm -f /edge-agent-second-stage
# GNU tar exits 1 when a file changed while it read it: here only the mount points of /proc, /sys and /dev
# (their contents are left out), which the kernel changes under it. Any other status is a failure.
status=0
tar --create --file=/dev/vda --one-file-system --numeric-owner --xattrs --xattrs-include='*' \
    --warning=no-file-changed --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -C / . || status=$?
[ "$status" -le 1 ]
trap - EXIT
echo "edge-agent-second-stage: done"
finish
