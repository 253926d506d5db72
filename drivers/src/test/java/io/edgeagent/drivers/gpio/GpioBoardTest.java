package io.edgeagent.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioBoardTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(10);

    @TempDir
    Path root;

    @Test
    void detectOnAComputerWithoutGpioSaysSoInOneLine() throws IOException {
        assumeTrue(noGpioChips(), "this computer has GPIO chips");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, GpioBoard::detect);
        assertEquals("no GPIO on this computer (no /dev/gpiochip*): GPIO machines need a Raspberry Pi 4 or 5",
                e.getMessage());
    }

    @Test
    void detectOnAPiStartsPi4jWithTheGivenProvider() throws Exception {
        AtomicReference<Context> started = new AtomicReference<>();

        GpioBoard board = GpioBoard.detect(aPi(), () -> {
            started.set(MockGpio.context());
            return started.get();
        }, MockDigitalInputProvider.ID);

        assertEquals(MockDigitalInputProvider.ID, board.providerId());
        assertEquals("Raspberry Pi 5 Model B Rev 1.0 (mock-digital-input)", board.toString());
        board.close();
        assertTrue(started.get().isShutdown(), "closing the board shuts its Pi4J context down");
    }

    @Test
    void onlyOneDetectedBoardAtATime() throws Exception {
        HostProbe pi = aPi();
        GpioBoard first = GpioBoard.detect(pi, MockGpio::context, MockDigitalInputProvider.ID);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GpioBoard.detect(pi, MockGpio::context, MockDigitalInputProvider.ID));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());

        first.close();
        GpioBoard.detect(pi, MockGpio::context, MockDigitalInputProvider.ID).close();
    }

    @Test
    void aFailedDetectLeavesTheWayOpenForTheNext() throws Exception {
        HostProbe pi = aPi();
        assertThrows(GpioUnavailableException.class,
                () -> GpioBoard.detect(pi, MockGpio::context, GpioBoard.GPIOD_INPUT_PROVIDER));

        GpioBoard.detect(pi, MockGpio::context, MockDigitalInputProvider.ID).close();
    }

    @Test
    void detectStopsAtTheHostCheckBeforeStartingPi4j() {
        HostProbe noChips = new HostProbe(root.resolve("dev"), root.resolve("model"), root.resolve("osrelease"),
                path -> true);

        assertThrows(GpioUnavailableException.class, () -> GpioBoard.detect(noChips, () -> {
            throw new AssertionError("Pi4J must not start without GPIO");
        }, GpioBoard.GPIOD_INPUT_PROVIDER));
    }

    @Test
    void detectNamesAMissingProviderAndShutsPi4jDown() throws IOException {
        AtomicReference<Context> started = new AtomicReference<>();

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> GpioBoard.detect(aPi(), () -> {
            started.set(MockGpio.context());
            return started.get();
        }, GpioBoard.GPIOD_INPUT_PROVIDER));

        assertEquals("GPIO on Raspberry Pi 5 Model B Rev 1.0: Pi4J has no provider gpiod-digital-input: the agent"
                + " needs pi4j-plugin-gpiod on its class path", e.getMessage());
        assertTrue(started.get().isShutdown());
    }

    @Test
    void detectReportsPi4jFailingToStartWithItsInnermostCause() throws IOException {
        IllegalStateException failure = new IllegalStateException("plugin failed",
                new UnsatisfiedLinkError("libgpiod.so.2: cannot open shared object file"));

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> GpioBoard.detect(aPi(), () -> {
                    throw failure;
                }, GpioBoard.GPIOD_INPUT_PROVIDER));

        assertEquals("GPIO on Raspberry Pi 5 Model B Rev 1.0: Pi4J did not start: libgpiod.so.2: cannot open shared"
                + " object file", e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void usingRefusesAContextWithoutTheProvider() {
        Context context = MockGpio.context();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GpioBoard.using(context, "pigpio-digital-input"));
            assertTrue(e.getMessage().contains("'pigpio-digital-input'"), e.getMessage());
        } finally {
            context.shutdown();
        }
    }

    @Test
    void claimsAreExclusiveAndAllOrNothing() {
        try (GpioBoard board = MockGpio.board(MockGpio.context())) {
            GpioBoard.Claim press = board.claim("press-1", List.of(signal("cycle", 5, Pull.DOWN)));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.claim("press-2",
                    List.of(signal("light", 6, Pull.DOWN), signal("fault", 5, Pull.UP))));
            assertEquals("machine press-2, signal 'fault': pin 5 is already used by machine press-1 (signal 'cycle')",
                    e.getMessage());
            assertEquals(Map.of(5, "press-1"), board.claimedPins(), "press-2 got none of its pins, not even 6");

            press.release();
            assertEquals(Map.of(), board.claimedPins());
            board.claim("press-2", List.of(signal("fault", 5, Pull.UP)));
            assertEquals(Map.of(5, "press-2"), board.claimedPins());
        }
    }

    @Test
    void theNextMachineOnAPinReusesItsOpenInput() {
        try (GpioBoard board = MockGpio.board(MockGpio.context())) {
            GpioSignal first = signal("cycle", 5, Pull.DOWN);
            GpioBoard.Claim press1 = board.claim("press-1", List.of(first));
            DigitalInput opened = board.input(press1, first);
            press1.release();

            GpioSignal second = signal("stroke", 5, Pull.DOWN);
            GpioBoard.Claim press2 = board.claim("press-2", List.of(second));
            assertSame(opened, board.input(press2, second),
                    "gpiod in Pi4J 2.8.0 cannot reopen a line in the same context: the input must be kept");
        }
    }

    @Test
    void aNewPullReopensThePin() {
        try (GpioBoard board = MockGpio.board(MockGpio.context())) {
            GpioSignal pullUp = signal("fault", 5, Pull.UP);
            GpioBoard.Claim before = board.claim("press-1", List.of(pullUp));
            DigitalInput opened = board.input(before, pullUp);
            before.release();

            GpioSignal pullDown = signal("fault", 5, Pull.DOWN);
            GpioBoard.Claim after = board.claim("press-1", List.of(pullDown));
            DigitalInput reopened = board.input(after, pullDown);

            assertNotSame(opened, reopened);
            assertEquals(PullResistance.PULL_DOWN, reopened.pull());
        }
    }

    @Test
    void onlyTheClaimHolderMayOpenAPin() {
        try (GpioBoard board = MockGpio.board(MockGpio.context())) {
            GpioSignal cycle = signal("cycle", 5, Pull.DOWN);
            GpioBoard.Claim press1 = board.claim("press-1", List.of(cycle));
            press1.release();

            assertThrows(IllegalStateException.class, () -> board.input(press1, cycle));
        }
    }

    @Test
    void closeShutsPi4jDownAndEndsClaims() {
        Context context = MockGpio.context();
        GpioBoard board = MockGpio.board(context);
        board.claim("press-1", List.of(signal("cycle", 5, Pull.DOWN)));

        board.close();
        board.close();

        assertTrue(context.isShutdown());
        assertEquals(Map.of(), board.claimedPins());
        assertThrows(IllegalStateException.class, () -> board.claim("press-2", List.of(signal("c", 6, Pull.UP))));
    }

    @Test
    void describesAFailureByItsInnermostMessageOnOneLine() {
        RuntimeException failure = new IllegalStateException("Failed to initialize IO gpio-in-17",
                new RuntimeException("c_gpiod_line_request failed:\n  -1 (Device or resource busy)"));

        assertEquals("c_gpiod_line_request failed: -1 (Device or resource busy)", GpioBoard.describe(failure));
        assertEquals("NullPointerException", GpioBoard.describe(new NullPointerException()));
    }

    private HostProbe aPi() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/gpiochip0"));
        Files.write(root.resolve("model"), "Raspberry Pi 5 Model B Rev 1.0\0".getBytes(StandardCharsets.US_ASCII));
        return new HostProbe(root.resolve("dev"), root.resolve("model"), root.resolve("osrelease"), path -> true);
    }

    private static boolean noGpioChips() throws IOException {
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(Path.of("/dev"), "gpiochip*")) {
            return !chips.iterator().hasNext();
        }
    }

    private static GpioSignal signal(String name, int pin, Pull pull) {
        return new GpioSignal(name, pin, pull, pull == Pull.UP, DEBOUNCE, InputMode.LEVEL);
    }
}
