#!/bin/sh
# Grows the partition of the root file system to the end of its disk, then the file system, once
# (growroot.service runs it at the first boot of the Debian image). mmcblk0p2 on a Pi, vda2 in the emulator.
set -eu
part=$(findmnt --noheadings --output SOURCE /)
disk=/dev/$(lsblk --noheadings --output PKNAME "$part")
number=$(cat "/sys/class/block/$(basename "$part")/partition")
# growpart exits 1 when the partition already fills the disk (NOCHANGE).
status=0
growpart "$disk" "$number" || status=$?
[ "$status" -le 1 ] || exit "$status"
resize2fs "$part"
touch /var/lib/edge-agent-growroot.done
