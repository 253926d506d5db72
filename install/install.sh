#!/usr/bin/env bash
# Installs edge-agent on a Linux box without the Debian package, from the unpacked tarball
# (edge-agent-<version>.tar.gz, built by `mvn package` in install/target): the same files in the same
# places as the .deb, the same service user and systemd unit.
#
#   sudo ./install.sh                 install, or upgrade in place; the config is never overwritten
#   sudo ./install.sh --uninstall     remove the program; keep config, buffer and the service user
#   sudo ./install.sh --purge         remove all of it, config, buffer and user included
#   ./install.sh --destdir DIR        only put the program's files under DIR (staging, tests): no user,
#                                     no folders of the running system, no systemctl
#
# Running it again is safe: every step checks what is there first.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
from="$here/files"
destdir=""
action=install

user=edge-agent
unit=edge-agent.service
config=etc/edge-agent/agent.yaml
# Everything the program consists of, relative to /. Install replaces each whole; uninstall removes each.
# A file in files/ outside these (and the config) stops the install, so this list cannot fall behind.
owned=(
    usr/share/edge-agent
    usr/share/doc/edge-agent
    usr/lib/edge-agent
    usr/bin/edge-agent
    lib/systemd/system/edge-agent.service
    lib/systemd/system/edge-agent-firstboot.service
)

usage() {
    sed -n '6,10s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

log() { echo "install.sh: $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --uninstall) action=uninstall ;;
        --purge) action=purge ;;
        --destdir)
            [[ $# -ge 2 ]] || usage
            destdir=$(realpath -m "$2")
            shift
            ;;
        -h | --help) usage ;;
        *)
            log "unknown argument '$1'"
            usage
            ;;
    esac
    shift
done

umask 022
live=true
[[ -n $destdir ]] && live=false
root=$destdir
systemd_running=false
[[ $live == true && -d /run/systemd/system ]] && systemd_running=true

if [[ $live == true ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        log "run it as root (sudo $0), or with --destdir DIR to stage the files"
        exit 2
    fi
    package_status=$(dpkg-query -W -f='${Status}' edge-agent 2>/dev/null || true)
    if [[ $package_status == *" installed" ]]; then
        log "the edge-agent Debian package is installed here: upgrade or remove it with apt instead"
        exit 2
    fi
fi

check_payload() {
    if [[ ! -f $from/$config ]]; then
        log "no program files in $from: run install.sh from the unpacked edge-agent tarball"
        exit 2
    fi
    local file rel path
    while IFS= read -r -d '' file; do
        rel=${file#"$from"/}
        [[ $rel == "$config" ]] && continue
        for path in "${owned[@]}"; do
            [[ $rel == "$path" || $rel == "$path"/* ]] && continue 2
        done
        log "files/$rel is outside the paths install.sh owns: add it to 'owned' in $0"
        exit 1
    done < <(find "$from" \( -type f -o -type l \) -print0)
}

stop_service() {
    if [[ $systemd_running == true ]] && systemctl --quiet is-active "$unit"; then
        log "stopping $unit"
        systemctl stop "$unit"
    fi
}

create_user() {
    if ! getent group "$user" >/dev/null; then
        groupadd --system "$user"
    fi
    if ! getent passwd "$user" >/dev/null; then
        useradd --system --gid "$user" --home-dir /var/lib/edge-agent --no-create-home \
            --shell "$(command -v nologin || echo /bin/false)" --comment "edge-agent daemon" "$user"
    fi
    # Serial ports (Modbus RTU) belong to dialout; on Raspberry Pi OS /dev/gpiochip* belongs to gpio.
    local group member_of
    member_of=" $(id -nG "$user") "
    for group in dialout gpio; do
        if getent group "$group" >/dev/null && [[ $member_of != *" $group "* ]]; then
            usermod --append --groups "$group" "$user"
        fi
    done
    # As the package's postinst: data dir (control socket inside, for the group), secrets for the agent only.
    install -d -o "$user" -g "$user" -m 0750 /var/lib/edge-agent /var/lib/edge-agent/tmp
    install -d -o "$user" -g "$user" -m 0700 /etc/edge-agent/secrets
}

install_files() {
    check_payload
    stop_service
    local path
    for path in "${owned[@]}"; do
        rm -rf "$root/$path.new"
        mkdir -p "$(dirname "$root/$path")"
        cp -R "$from/$path" "$root/$path.new"
        # Old jars must not linger next to new ones: the whole folder is replaced, not merged.
        rm -rf "$root/${path:?}"
        mv "$root/$path.new" "$root/$path"
    done
    if [[ -e $root/$config ]]; then
        if ! cmp -s "$from/$config" "$root/$config"; then
            log "kept your /$config; the shipped example is $from/$config"
        fi
    else
        install -D -m 0644 "$from/$config" "$root/$config"
    fi
    if [[ $live == false ]]; then
        log "staged under $root"
        return
    fi
    create_user
    if ! command -v java >/dev/null; then
        log "no java on the PATH: install a Java 17 (or newer) runtime, e.g. apt install openjdk-17-jre-headless"
    fi
    if [[ $systemd_running == true ]]; then
        systemctl daemon-reload
        systemctl enable "$unit"
        systemctl restart "$unit"
        log "installed and started: systemctl status $unit; journalctl -u $unit"
    elif command -v systemctl >/dev/null; then
        systemctl enable "$unit"
        log "installed and enabled; systemd is not running here, so it starts at the next boot"
    else
        log "installed; no systemd here: run /usr/bin/edge-agent run --config /$config as $user yourself"
    fi
}

uninstall_files() {
    # Quiet and forgiving: on a second uninstall the unit is gone already.
    if [[ $systemd_running == true ]]; then
        systemctl disable --now "$unit" 2>/dev/null || true
    elif [[ $live == true ]] && command -v systemctl >/dev/null; then
        systemctl disable "$unit" 2>/dev/null || true
    fi
    local path
    for path in "${owned[@]}"; do
        rm -rf "$root/${path:?}" "$root/$path.new"
    done
    if [[ $systemd_running == true ]]; then
        systemctl daemon-reload
    fi
}

purge_data() {
    rm -rf "$root/etc/edge-agent"
    if [[ $live == false ]]; then
        return
    fi
    rm -rf /var/lib/edge-agent
    if getent passwd "$user" >/dev/null; then
        userdel "$user"
    fi
    if getent group "$user" >/dev/null; then
        groupdel "$user"
    fi
}

case "$action" in
    install) install_files ;;
    uninstall)
        uninstall_files
        log "removed the program; kept /etc/edge-agent, /var/lib/edge-agent and the $user user (--purge removes them)"
        ;;
    purge)
        uninstall_files
        purge_data
        log "removed the program, its config, its data and the $user user"
        ;;
esac
