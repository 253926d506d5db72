#!/usr/bin/env bash
# Boots the Debian image (build-debian-image.sh) in qemu-system-aarch64 and checks what an installer relies
# on: a config on the boot partition is installed at first boot, the agent runs under its hardened unit and
# publishes to a broker on this host, a broken config leaves edge-agent.yaml.errors.txt on the card and no
# restart loop, and a power cut during a broker outage loses no buffered event and leaves a clean file system.
# Opt-in (minutes of emulation); see install/README.md, "The Debian image, booted".
#
#   sudo install/image/boot-test.sh --image FILE [--case good|broken|powercut|all] [--keep DIR]
#
#   --image FILE   the uncompressed image (build-debian-image.sh --no-xz, or xz -dk of the .xz); not changed
#   --case NAME    good: first boot with a valid config; powercut: good, then a broker outage and a power cut;
#                  broken: first boot with a broken config; all (default): powercut and broken
#   --keep DIR     keep the consoles, the broker's log and the received messages in DIR
#
# On this host: mosquitto (the broker, 127.0.0.1:18883, which the guest reaches as 10.0.2.2), mosquitto_sub,
# jq, mtools, debugfs, and the checkout's bin/edge-agent, whose `demo --no-agent` runs the simulated
# Modbus CNC (127.0.0.1:15020) the device reads. The guest gets QEMU's user-mode network.
# shellcheck disable=SC2016 # The command lines sent to the device are expanded by its shell, not this one.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
image=""
case_name=all
keep=""
broker_port=18883
agent_id="qemu-gw01"
topics="edge/v1/qemu-plant/$agent_id"
# Emulated arm64 on a shared x86 host: a boot takes minutes, the JVM's start more. Generous, never waited
# out when things work: every wait ends at the event it waits for.
boot_timeout=1500

usage() {
    sed -n '7,15s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

log() { echo "boot-test: $(date -u +%H:%M:%S) $*" >&2; }
fail() {
    log "FAILED: $*"
    exit 1
}

while [[ $# -gt 0 ]]; do
    [[ $1 == -h || $1 == --help ]] && usage
    [[ $# -ge 2 ]] || usage
    case "$1" in
        --image) image=$(realpath "$2") ;;
        --case) case_name=$2 ;;
        --keep) keep=$(realpath -m "$2") ;;
        *) usage ;;
    esac
    shift 2
done
[[ -n $image && -f $image ]] || { log "--image FILE is required and must exist"; usage; }
[[ $case_name =~ ^(good|broken|powercut|all)$ ]] || usage
[[ $(id -u) -eq 0 ]] || { log "run it as root: debugfs writes the test login into a copy of the image"; exit 2; }
for tool in qemu-system-aarch64 mosquitto mosquitto_sub jq mcopy mdir sfdisk debugfs e2fsck; do
    command -v "$tool" >/dev/null || { log "$tool is missing"; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/var/tmp}/edge-agent-boot-test.XXXXXX")
pids=()
cleanup() {
    set +e
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    if [[ -n $keep ]]; then
        mkdir -p "$keep"
        cp "$work"/*.log "$work"/*.txt "$keep"/ 2>/dev/null
        log "logs kept in $keep"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- the host side ---------------------------------------------------------------------------------------

# The device's config and the simulator's: one file, the host's addresses as the guest sees them.
device_config() {
    cat <<EOF
agent:
  id: $agent_id
  site: qemu-plant
  timezone: UTC
  dataDir: /var/lib/edge-agent

broker:
  urls: [ "tcp://10.0.2.2:$broker_port" ]
  topicRoot: edge/v1
  telemetry: { batchMs: 1000 }

machines:
EOF
    # The demo's Modbus CNC lathe, as config/demo.yaml describes it, at the host's address.
    sed -n '/^  - id: cnc-01$/,/^    counter: partCount$/p' "$checkout/config/demo.yaml" | sed 's|127.0.0.1:15020|10.0.2.2:15020|'
}

# demo --no-agent: the simulator on 127.0.0.1:15020 and a broker of its own on a port the device never uses.
start_simulator() {
    device_config | sed -e 's|10.0.2.2:15020|127.0.0.1:15020|' -e "s|tcp://10.0.2.2:$broker_port|tcp://127.0.0.1:18884|" \
        -e 's|/var/lib/edge-agent|'"$work"'/demo-data|' >"$work/simulator.yaml"
    (cd "$checkout" && exec bin/edge-agent demo --no-agent --config "$work/simulator.yaml") >>"$work/simulator.log" 2>&1 &
    simulator=$!
    pids+=("$simulator")
    wait_for "$work/simulator.log" '^feed: ' 300 "the simulator to start"
}

stop_simulator() {
    kill "$simulator"
    wait "$simulator" || true
}

broker_starts=0
start_broker() {
    broker_starts=$(( broker_starts + 1 ))
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n' "$broker_port" \
        >"$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" >"$work/broker-$broker_starts.log" 2>&1 &
    broker=$!
    pids+=("$broker")
    wait_for "$work/broker-$broker_starts.log" ' running$' 60 "the broker to start"
    # Every message with its arrival time (Unix seconds), topic and payload, one a line.
    mosquitto_sub -p "$broker_port" -V mqttv5 -q 1 -t "$topics/#" -F '%U %t %p' >>"$work/received.txt" 2>>"$work/subscriber.log" &
    subscriber=$!
    pids+=("$subscriber")
}

stop_broker() {
    kill "$subscriber" "$broker"
    wait "$subscriber" "$broker" || true
}

# Waits until FILE has a line matching the extended regular expression, or fails after SECONDS.
wait_for() {
    local file=$1 pattern=$2 seconds=$3 what=$4
    local deadline=$(( $(date +%s) + seconds ))
    until grep -qaE -- "$pattern" "$file" 2>/dev/null; do
        (( $(date +%s) < deadline )) || fail "no sign of $what within $seconds s (looked for /$pattern/ in $(basename "$file"))"
        sleep 1
    done
}

# --- the device ------------------------------------------------------------------------------------------

# A copy of the image, with CONFIG (may be empty) on its boot partition and a root login on the serial
# console, the test's only way in (the image itself has no login: nobody types at a factory gateway).
prepare_disk() {
    local disk=$1 config=$2
    cp --sparse=always "$image" "$disk"
    # A card bigger than the image, as every real one is: the first boot grows the root file system to it.
    truncate --size=+1G "$disk"
    local boot_start root_start root_size
    boot_start=$(sfdisk --dump "$disk" | sed -nE 's/^[^ ]+1 : start= *([0-9]+).*/\1/p')
    root_start=$(sfdisk --dump "$disk" | sed -nE 's/^[^ ]+2 : start= *([0-9]+).*/\1/p')
    root_size=$(sfdisk --dump "$disk" | sed -nE 's/^[^ ]+2 : .*size= *([0-9]+).*/\1/p')
    boot="$disk@@$(( boot_start * 512 ))"
    if [[ -n $config ]]; then
        mcopy -o -i "$boot" "$config" ::/edge-agent.yaml
    fi
    dd if="$disk" of="$work/root.img" bs=4M iflag=skip_bytes,count_bytes skip=$(( root_start * 512 )) \
        count=$(( root_size * 512 )) status=none
    printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200 %%I vt220\n' \
        >"$work/autologin.conf"
    # Bash 5.2 turns bracketed paste on: each command's output would begin with ESC[?2004l, not at a line's start.
    printf 'set enable-bracketed-paste off\n' >"$work/inputrc"
    debugfs -w -f - "$work/root.img" >/dev/null 2>&1 <<EOF
mkdir /etc/systemd/system/serial-getty@ttyAMA0.service.d
write $work/autologin.conf /etc/systemd/system/serial-getty@ttyAMA0.service.d/autologin.conf
write $work/inputrc /root/.inputrc
EOF
    dd if="$work/root.img" of="$disk" bs=4M oflag=seek_bytes seek=$(( root_start * 512 )) conv=notrunc status=none
    rm -f "$work/root.img"
    # The image's own kernel and initrd, as raspi-firmware put them on the boot partition, and its own
    # command line (fsck.repair=yes included), with the virt machine's serial port as the console.
    local kernel initrd
    kernel=$(mdir -b -i "$boot" ::/ | sed -n 's|^::/\(vmlinuz-.*\)|\1|p' | head -n 1)
    initrd=$(mdir -b -i "$boot" ::/ | sed -n 's|^::/\(initrd.img-.*\)|\1|p' | head -n 1)
    [[ -n $kernel && -n $initrd ]] || fail "no vmlinuz-* and initrd.img-* on the boot partition"
    mcopy -o -i "$boot" "::/$kernel" "$work/vmlinuz"
    mcopy -o -i "$boot" "::/$initrd" "$work/initrd.img"
    cmdline=$(mcopy -i "$boot" ::/cmdline.txt - | tr -d '\r' | tr ' ' '\n' | grep -v '^console=' | tr '\n' ' ')
    cmdline="console=ttyAMA0 $cmdline"
}

# Powers the device on: its serial console is a pair of FIFOs, read into CONSOLE_LOG, written through fd 3.
power_on() {
    local disk=$1
    console_log=$2
    rm -f "$work/console.in" "$work/console.out"
    mkfifo "$work/console.in" "$work/console.out"
    cat "$work/console.out" >>"$console_log" &
    pids+=("$!")
    powered_on=$(date +%s.%N)
    qemu-system-aarch64 -machine virt -cpu cortex-a72 -accel tcg,thread=multi -smp 2 -m 1024 -display none -monitor none \
        -serial "pipe:$work/console" -kernel "$work/vmlinuz" -initrd "$work/initrd.img" -append "$cmdline" \
        -drive file="$disk",format=raw,if=none,id=disk -device virtio-blk-pci,drive=disk \
        -netdev user,id=net -device virtio-net-pci,netdev=net >>"$work/qemu.log" 2>&1 &
    qemu=$!
    pids+=("$qemu")
    exec 3>"$work/console.in"
    wait_for "$console_log" 'root@edge-agent:~#' "$boot_timeout" "a root shell on the serial console"
    command_number=0
    guest 'dmesg -n 1; stty cols 500'
}

# Runs a command line on the device's console and waits for it to end; its output is in CONSOLE_LOG.
# Returns its exit status. The end marker is built by the shell, so the echoed command line never matches.
guest() {
    command_number=$(( command_number + 1 ))
    printf '%s; echo "END-$((%d))-$?"\n' "$1" "$command_number" >&3
    wait_for "$console_log" "^END-$command_number-[0-9]+" "${2:-600}" "the end of: $1"
    return "$(grep -aoE "^END-$command_number-[0-9]+" "$console_log" | tail -n 1 | cut -d- -f3)"
}

# What a command printed after the marker PREFIX: lines "PREFIX value" in CONSOLE_LOG.
printed() {
    grep -aoE "^$1 .*" "$console_log" | tail -n 1 | cut -d' ' -f2- | tr -d '\r'
}

power_cut() {
    kill -KILL "$qemu"
    wait "$qemu" || true
    exec 3>&-
}

shut_down() {
    printf 'systemctl poweroff\n' >&3
    wait "$qemu" || true
    exec 3>&-
}

# --- the cases -------------------------------------------------------------------------------------------

check_good_boot() {
    log "first boot with a config on the boot partition ($console_log)"
    wait_for "$work/received.txt" "^[0-9.]+ $topics/status " "$boot_timeout" "the birth (status online)"
    first_publish=$(grep -aE "^[0-9.]+ $topics/" "$work/received.txt" | head -n 1 | cut -d' ' -f1)
    log "power-on to first publish: $(awk -v a="$first_publish" -v b="$powered_on" 'BEGIN { printf "%.1f", a - b }') s"
    wait_for "$work/received.txt" "^[0-9.]+ $topics/machines/cnc-01/state " 600 "a machine state"
    wait_for "$work/received.txt" "^[0-9.]+ $topics/machines/cnc-01/telemetry " 600 "telemetry"
    grep -aE "^[0-9.]+ $topics/status " "$work/received.txt" | head -n 1 | cut -d' ' -f3- |
        jq -e '.online == true' >/dev/null ||
        fail "the first status message is not the birth: $(grep -aE " $topics/status " "$work/received.txt" | head -n 1)"

    guest 'echo "FIRSTBOOT $(systemctl show -p Result --value edge-agent-firstboot)"'
    [[ $(printed FIRSTBOOT) == success ]] || fail "edge-agent-firstboot did not succeed: $(printed FIRSTBOOT)"
    guest 'echo "CONFIG $(grep -c "id: '"$agent_id"'" /etc/edge-agent/agent.yaml) $(test -e /boot/firmware/edge-agent.yaml && echo left || echo gone)"'
    [[ $(printed CONFIG) == "1 gone" ]] || fail "the config was not installed from the card: $(printed CONFIG)"
    guest 'pid=$(systemctl show -p MainPID --value edge-agent); echo "UNIT $(systemctl show -p ActiveState --value edge-agent) $(systemctl show -p NRestarts --value edge-agent) $(stat -c %U /proc/$pid) $(grep -E "^(NoNewPrivs|Seccomp):" /proc/$pid/status | tr -s "\t " " " | tr "\n" " ")$(grep CapEff /proc/$pid/status | tr -s "\t" " ")"'
    local unit
    unit=$(printed UNIT)
    log "unit: $unit"
    [[ $unit =~ ^active\ 0\ edge-agent\ NoNewPrivs:\ 1\ Seccomp:\ 2\ CapEff:\ 0+$ ]] ||
        fail "the agent does not run as its hardened unit says (active, no restarts, user edge-agent, NoNewPrivs, seccomp filter, no capabilities): $unit"
    guest 'echo "FS $(findmnt -no OPTIONS /)"'
    log "root file system mounted: $(printed FS)"
    # The copy is 1 GiB bigger than the image: the root file system must have grown by about that.
    guest 'echo "GROWN $(systemctl show -p Result --value edge-agent-growroot) $(df -m --output=size / | tail -n 1 | tr -d " ")"'
    local grown image_root_mib
    grown=$(printed GROWN)
    image_root_mib=$(( $(sfdisk --dump "$image" | sed -nE 's/^[^ ]+2 : .*size= *([0-9]+).*/\1/p') / 2048 ))
    log "root file system at first boot: ${grown#* } MiB, the image's root partition $image_root_mib MiB"
    if [[ ${grown%% *} != success ]] || (( ${grown#* } < image_root_mib + 900 )); then
        fail "the root file system did not grow to the card: $grown (the image's root partition: $image_root_mib MiB)"
    fi
}

check_broken_boot() {
    log "first boot with a broken config on the boot partition ($console_log)"
    guest 'until systemctl is-failed -q edge-agent-firstboot; do sleep 2; done; echo "FIRSTBOOT $(systemctl show -p Result --value edge-agent-firstboot)"' 900
    [[ $(printed FIRSTBOOT) == exit-code ]] || fail "edge-agent-firstboot did not fail on a broken config: $(printed FIRSTBOOT)"
    # The agent runs on with the config the image shipped: once, not in a loop.
    guest 'until systemctl is-active -q edge-agent; do sleep 2; done; sleep 60; echo "UNIT $(systemctl show -p ActiveState --value edge-agent) $(systemctl show -p NRestarts --value edge-agent)"' 900
    [[ $(printed UNIT) == "active 0" ]] || fail "the agent restarts after a broken config on the card: $(printed UNIT)"
    shut_down
    mcopy -i "$boot" ::/edge-agent.yaml.errors.txt "$work/errors.txt" || fail "no edge-agent.yaml.errors.txt on the boot partition"
    log "edge-agent.yaml.errors.txt: $(tr '\n' ' ' <"$work/errors.txt")"
    grep -qE 'edge-agent\.yaml:[0-9]+:[0-9]+' "$work/errors.txt" || fail "the errors file names no line and column"
    mdir -b -i "$boot" ::/ | grep -qx '::/edge-agent.yaml' || fail "the broken config was removed from the card"
}

check_power_cut() {
    log "broker outage, then a power cut while the agent buffers"
    stop_broker
    # Two state events while the broker is away: the machine goes away (OFFLINE) and comes back.
    stop_simulator
    guest 'until edge-agent buffer export --class events | grep -q "cnc-01/state"; do sleep 2; done' 600
    start_simulator
    guest 'until [ "$(edge-agent buffer export --class events | grep -c "cnc-01/state")" -ge 2 ]; do sleep 2; done' 600
    guest 'edge-agent buffer export --class events | sed -nE "s/^\{\"topic\":\"([^\"]*)\",\"seq\":([0-9]+),.*/EVENT \2 \1/p"'
    grep -aoE '^EVENT [0-9]+ [^ ]+' "$console_log" | tr -d '\r' | sort -u >"$work/buffered-events.txt"
    local buffered
    buffered=$(wc -l <"$work/buffered-events.txt")
    (( buffered >= 2 )) || fail "the buffer holds $buffered events, expected the machine's two state changes at least"
    log "$buffered events buffered; power cut"
    power_cut
    start_broker
    power_on "$disk" "$work/console-after-power-cut.log"
    log "booted again after the power cut; waiting for the buffered events"
    local seq topic
    while read -r _ seq topic; do
        wait_for "$work/received.txt" "^[0-9.]+ $topic .*\"seq\":${seq}[,}]" 600 "event $seq ($topic) after the power cut"
    done <"$work/buffered-events.txt"
    log "all $buffered buffered events arrived after the power cut"
    guest 'echo "FSCK $(journalctl -b -o cat -t systemd-fsck -t fsck | tr "\n" " ")"; echo "EXT4 $(dmesg | grep -E "EXT4-fs \(vda2\)" | tr -s " " | tr "\n" " ")"'
    log "after the power cut: $(printed EXT4)"
    shut_down
    # Read-only check of the root file system as the power cut and the next boot left it.
    local root_start root_size
    root_start=$(sfdisk --dump "$disk" | sed -nE 's/^[^ ]+2 : start= *([0-9]+).*/\1/p')
    root_size=$(sfdisk --dump "$disk" | sed -nE 's/^[^ ]+2 : .*size= *([0-9]+).*/\1/p')
    dd if="$disk" of="$work/root.img" bs=4M iflag=skip_bytes,count_bytes skip=$(( root_start * 512 )) \
        count=$(( root_size * 512 )) status=none
    e2fsck -fn "$work/root.img" >"$work/e2fsck.log" 2>&1 || fail "the root file system is not clean: $(tail -n 5 "$work/e2fsck.log")"
    log "root file system clean after the power cut and reboot (e2fsck -fn)"
}

started=$(date +%s)
if [[ $case_name != broken ]]; then
    start_broker
    start_simulator
    device_config >"$work/good.yaml"
    disk=$work/good.img
    prepare_disk "$disk" "$work/good.yaml"
    power_on "$disk" "$work/console-good.log"
    check_good_boot
    if [[ $case_name == good ]]; then
        shut_down
    else
        check_power_cut
    fi
fi
if [[ $case_name == broken || $case_name == all ]]; then
    # A key the schema does not know, with a typo a technician makes: found with its line and column.
    device_config | sed 's/^      pollMs: 500$/      polMs: 500/' >"$work/broken.yaml"
    disk=$work/broken.img
    prepare_disk "$disk" "$work/broken.yaml"
    power_on "$disk" "$work/console-broken.log"
    check_broken_boot
fi
log "passed ($case_name) in $(( $(date +%s) - started )) s"
