#!/bin/sh
# Grows the partition of the root file system to the end of its disk, then the file system, once
# (growroot.service runs it at the first boot of the Debian image). mmcblk0p2 on a Pi, vda2 in the emulator.
set -eu
part=$(findmnt --noheadings --output SOURCE /)
disk=/dev/$(lsblk --noheadings --output PKNAME "$part")
number=$(cat "/sys/class/block/$(basename "$part")/partition")
# The partition's new end is the disk's (", +": same start, all the room after it); where it already ends
# there, sfdisk writes the same table again. The disk is in use, so the kernel learns the new size from partx.
echo ', +' | sfdisk --quiet --no-reread --no-tell-kernel --wipe-partitions never -N "$number" "$disk"
partx --update --nr "$number" "$disk"
resize2fs "$part"
touch /var/lib/edge-agent-growroot.done
