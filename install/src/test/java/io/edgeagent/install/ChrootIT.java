package io.edgeagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The package and install.sh on a real Debian bookworm root made by debootstrap: install, upgrade (config,
 * secrets and buffer kept), remove, purge (all gone), then the same with install.sh. Opt in with
 * {@code -Dedge.install.chroot=true}: it needs root, debootstrap and a Debian mirror (EDGE_DEBIAN_MIRROR,
 * default deb.debian.org), and about a minute the first time; the base system is then cached in
 * ~/.cache/edge-agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChrootIT {

    private static final String NEXT_VERSION = Build.DEB_VERSION + "+next1";

    private static Path root;
    private static boolean procMounted;

    @BeforeAll
    static void debianRoot() throws IOException, InterruptedException {
        Build.skipUnless(Boolean.getBoolean("edge.install.chroot"), "install/upgrade/purge in a Debian bookworm chroot:"
                + " opt in with -Dedge.install.chroot=true (root, debootstrap and a Debian mirror needed)");
        Build.skipUnless(Build.isRoot(), "install/upgrade/purge in a Debian bookworm chroot: needs root");
        Build.requireTool("debootstrap", "install/upgrade/purge in a Debian bookworm chroot");
        root = Build.WORK.resolve("chroot");
        DebianBase.unpack(root);
        ok(Build.run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString())));
        procMounted = true;
        Files.copy(Build.DEB, root.resolve("tmp/edge-agent.deb"));
        Files.copy(Build.TARBALL, root.resolve("tmp/edge-agent.tar.gz"));
    }

    @AfterAll
    static void removeRoot() throws IOException, InterruptedException {
        if (procMounted) {
            ok(Build.run(List.of("umount", root.resolve("proc").toString())));
        }
        if (root != null) {
            DebianBase.remove(root);
        }
    }

    private static Build.Result ok(Build.Result result) {
        return DebianBase.ok(result);
    }

    /** Runs a shell script inside the chroot. */
    private static Build.Result in(String script) throws IOException, InterruptedException {
        return Build.run(List.of("chroot", root.toString(), "/bin/sh", "-euc", script));
    }

    private static String out(String script) throws IOException, InterruptedException {
        return ok(in(script)).out().strip();
    }

    private static void assertServiceUserAndFolders() throws IOException, InterruptedException {
        assertTrue(out("getent passwd edge-agent").endsWith(":/var/lib/edge-agent:/usr/sbin/nologin"));
        assertTrue(List.of(out("id -nG edge-agent").split(" ")).contains("dialout"), "serial ports for Modbus RTU");
        assertEquals("edge-agent:edge-agent 750\nedge-agent:edge-agent 750\nedge-agent:edge-agent 700",
                out("stat -c '%U:%G %a' /var/lib/edge-agent /var/lib/edge-agent/tmp /etc/edge-agent/secrets"));
        assertEquals("enabled", out("systemctl is-enabled edge-agent.service"));
        // The installed command, as the service user, accepts the shipped config.
        ok(in("setpriv --reuid=edge-agent --regid=edge-agent --init-groups -- "
                + "edge-agent config validate /etc/edge-agent/agent.yaml"));
    }

    private static void assertNothingLeft() throws IOException, InterruptedException {
        ok(in("! getent passwd edge-agent && ! getent group edge-agent"));
        ok(in("test ! -e /etc/edge-agent && test ! -e /var/lib/edge-agent && test ! -e /usr/share/edge-agent"
                + " && test ! -e /usr/bin/edge-agent && test ! -e /lib/systemd/system/edge-agent.service"));
        ok(in("test -z \"$(find /etc/systemd /var/lib/systemd -name '*edge-agent*')\""));
    }

    @Test
    @Order(1)
    void packageInstallsUpgradesRemovesAndPurges() throws IOException, InterruptedException {
        ok(in("dpkg -i /tmp/edge-agent.deb"));
        assertServiceUserAndFolders();
        Build.Result verify = ok(in("systemd-analyze verify edge-agent.service edge-agent-firstboot.service"));
        assertEquals("", verify.both(), "the units on Debian's own systemd");

        // What a site has after a while: its config, a secret, a buffer.
        ok(in("sed -i 's/id: edge-gw01/id: plant-7-gw03/' /etc/edge-agent/agent.yaml"
                + " && echo secret >/etc/edge-agent/secrets/mqtt-password"
                + " && install -d -o edge-agent -g edge-agent /var/lib/edge-agent/buffer"
                + " && echo backlog >/var/lib/edge-agent/buffer/outbox.mv.db"));
        // The next version: the same package under a higher version, so dpkg upgrades (stdin is /dev/null, so
        // a conffile question would fail the upgrade).
        ok(in("rm -rf /tmp/next && dpkg-deb -R /tmp/edge-agent.deb /tmp/next"
                + " && sed -i 's/^Version: .*/Version: " + NEXT_VERSION + "/' /tmp/next/DEBIAN/control"
                + " && dpkg-deb -b /tmp/next /tmp/edge-agent-next.deb >/dev/null"));
        ok(in("dpkg -i /tmp/edge-agent-next.deb"));
        assertEquals(NEXT_VERSION, out("dpkg-query -W -f '${Version}' edge-agent"));
        assertTrue(out("cat /etc/edge-agent/agent.yaml").contains("id: plant-7-gw03"), "the site's config survives");
        assertEquals("secret\nbacklog", out("cat /etc/edge-agent/secrets/mqtt-password /var/lib/edge-agent/buffer/outbox.mv.db"));
        assertServiceUserAndFolders();

        ok(in("dpkg -r edge-agent"));
        ok(in("test ! -e /usr/share/edge-agent && test ! -e /usr/bin/edge-agent"));
        assertTrue(out("cat /etc/edge-agent/agent.yaml").contains("id: plant-7-gw03"), "remove keeps the config");
        ok(in("test -f /var/lib/edge-agent/buffer/outbox.mv.db && getent passwd edge-agent"));

        ok(in("dpkg -P edge-agent"));
        assertNothingLeft();
    }

    @Test
    @Order(2)
    void installShDoesTheSameWithoutThePackage() throws IOException, InterruptedException {
        String dir = "/tmp/edge-agent-" + Build.VERSION;
        ok(in("cd /tmp && rm -rf " + dir + " && tar -xzf edge-agent.tar.gz"));

        ok(in("dpkg -i /tmp/edge-agent.deb"));
        Build.Result refused = in(dir + "/install.sh");
        assertEquals(2, refused.exit(), "install.sh leaves a packaged agent to dpkg: " + refused);
        ok(in("dpkg -P edge-agent"));

        ok(in(dir + "/install.sh"));
        assertServiceUserAndFolders();
        ok(in("sed -i 's/id: edge-gw01/id: plant-7-gw03/' /etc/edge-agent/agent.yaml"));
        ok(in(dir + "/install.sh"));
        assertTrue(out("cat /etc/edge-agent/agent.yaml").contains("id: plant-7-gw03"), "a second run keeps the config");
        assertServiceUserAndFolders();

        ok(in(dir + "/install.sh --uninstall"));
        ok(in("test ! -e /usr/share/edge-agent && test -f /etc/edge-agent/agent.yaml && getent passwd edge-agent"));
        ok(in(dir + "/install.sh --purge"));
        assertNothingLeft();
    }
}
