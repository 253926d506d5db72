package io.edgeagent.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProbeTest {

    @TempDir
    Path root;

    @Test
    void noGpioChipMeansNoGpio() throws IOException {
        HostProbe host = host(path -> true);
        Files.createDirectories(root.resolve("dev"));
        model("Raspberry Pi 5 Model B Rev 1.0");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, host::check);
        assertEquals("no GPIO on this computer (no " + root.resolve("dev/gpiochip*")
                + "): GPIO machines need a Raspberry Pi 4 or 5", e.getMessage());
    }

    @Test
    void gpioChipsOnAComputerWithoutDeviceTreeAreNotAPi() throws IOException {
        chips("gpiochip0");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, host(path -> true)::check);
        assertEquals("this computer is not a Raspberry Pi (no " + root.resolve("model")
                + "): GPIO machines need a Raspberry Pi 4 or 5", e.getMessage());
    }

    @Test
    void gpioChipsOnAnotherBoardAreNotAPi() throws IOException {
        chips("gpiochip0");
        model("Radxa ROCK 5B");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, host(path -> true)::check);
        assertEquals("this computer is not a Raspberry Pi (model 'Radxa ROCK 5B'): GPIO machines need a Raspberry"
                + " Pi 4 or 5", e.getMessage());
    }

    @Test
    void aChipTheAgentMayNotOpenNamesTheDeviceAndTheFix() throws IOException {
        chips("gpiochip0", "gpiochip4");
        model("Raspberry Pi 5 Model B Rev 1.0");
        Path denied = root.resolve("dev/gpiochip4");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                host(path -> !path.equals(denied))::check);
        assertEquals("GPIO device " + denied + ": permission denied: add the agent user to the gpio group",
                e.getMessage());
    }

    @Test
    void aPiWithAccessibleChipsPassesWithItsModel() throws Exception {
        chips("gpiochip0");
        model("Raspberry Pi 4 Model B Rev 1.4");

        assertEquals("Raspberry Pi 4 Model B Rev 1.4", host(path -> true).check());
    }

    @Test
    void readsTheKernelRelease() throws IOException {
        Files.writeString(root.resolve("osrelease"), "6.6.74+rpt-rpi-2712\n");

        assertEquals(Optional.of("6.6.74+rpt-rpi-2712"), host(path -> true).kernel());
    }

    @Test
    void kernelsOlderThanGpiodNeedsAreRecognised() {
        assertTrue(HostProbe.olderThanGpiodNeeds("6.6.21+rpt-rpi-v8"));
        assertTrue(HostProbe.olderThanGpiodNeeds("6.1.0-rpi7-rpi-v8"));
        assertTrue(HostProbe.olderThanGpiodNeeds("5.15.84-v8+"));
        assertFalse(HostProbe.olderThanGpiodNeeds("6.6.22+rpt-rpi-v8"));
        assertFalse(HostProbe.olderThanGpiodNeeds("6.12.47+rpt-rpi-v8"));
        assertFalse(HostProbe.olderThanGpiodNeeds("7.0"));
        assertFalse(HostProbe.olderThanGpiodNeeds("unknown"), "no warning on a release we cannot read");
    }

    private HostProbe host(java.util.function.Predicate<Path> canOpen) {
        return new HostProbe(root.resolve("dev"), root.resolve("model"), root.resolve("osrelease"), canOpen);
    }

    private void chips(String... names) throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/null"));
        for (String name : names) {
            Files.createFile(root.resolve("dev").resolve(name));
        }
    }

    /** As the device tree writes it: NUL-terminated. */
    private void model(String model) throws IOException {
        Files.write(root.resolve("model"), (model + "\0").getBytes(StandardCharsets.US_ASCII));
    }
}
