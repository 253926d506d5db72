package io.edgeagent.drivers.gpio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link GpioBoard#detect()} checks before it starts Pi4J: the files that tell whether this computer has GPIO
 * the agent can use. Pi4J itself would only fail later, per pin, with messages an installer cannot act on.
 *
 * @param devDir        where the GPIO character devices live ({@code /dev})
 * @param modelFile     the device-tree model ({@code /proc/device-tree/model}); absent without a device tree (PCs)
 * @param kernelRelease the running kernel's release ({@code /proc/sys/kernel/osrelease})
 * @param canOpen       whether the agent may open a device for reading and writing; a parameter because tests run
 *                      as root, for whom every file is accessible
 */
record HostProbe(Path devDir, Path modelFile, Path kernelRelease, Predicate<Path> canOpen) {

    /** Pi4J 2.8.0's gpiod provider needs this kernel or newer on Raspberry Pi OS Bookworm. */
    static final List<Integer> GPIOD_MIN_KERNEL = List.of(6, 6, 22);

    private static final Pattern KERNEL_VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    HostProbe {
        Objects.requireNonNull(devDir, "devDir");
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(canOpen, "canOpen");
    }

    static HostProbe system() {
        return new HostProbe(Path.of("/dev"), Path.of("/proc/device-tree/model"),
                Path.of("/proc/sys/kernel/osrelease"), path -> Files.isReadable(path) && Files.isWritable(path));
    }

    /**
     * @return the board's model, e.g. {@code Raspberry Pi 5 Model B Rev 1.0}
     * @throws GpioUnavailableException naming what is missing and what to do about it
     */
    String check() throws GpioUnavailableException {
        List<Path> chips = chips();
        if (chips.isEmpty()) {
            throw new GpioUnavailableException("no GPIO on this computer (no " + devDir.resolve("gpiochip*")
                    + "): GPIO machines need a Raspberry Pi 4 or 5");
        }
        Optional<String> model = model();
        if (model.isEmpty() || !model.get().startsWith("Raspberry Pi")) {
            throw new GpioUnavailableException("this computer is not a Raspberry Pi ("
                    + model.map(m -> "model '" + m + "'").orElse("no " + modelFile)
                    + "): GPIO machines need a Raspberry Pi 4 or 5");
        }
        for (Path chip : chips) {
            if (!canOpen.test(chip)) {
                throw new GpioUnavailableException("GPIO device " + chip
                        + ": permission denied: add the agent user to the gpio group");
            }
        }
        return model.get();
    }

    Optional<String> kernel() {
        return read(kernelRelease);
    }

    /** Whether a kernel release such as {@code 6.6.20+rpt-rpi-v8} is older than {@link #GPIOD_MIN_KERNEL}. */
    static boolean olderThanGpiodNeeds(String release) {
        Matcher matcher = KERNEL_VERSION.matcher(release);
        if (!matcher.find()) {
            return false;
        }
        for (int i = 0; i < GPIOD_MIN_KERNEL.size(); i++) {
            String part = matcher.group(i + 1);
            int value = part == null ? 0 : Integer.parseInt(part);
            if (value != GPIOD_MIN_KERNEL.get(i)) {
                return value < GPIOD_MIN_KERNEL.get(i);
            }
        }
        return false;
    }

    private List<Path> chips() {
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devDir, "gpiochip*")) {
            entries.forEach(chips::add);
        } catch (IOException e) {
            return List.of();
        }
        chips.sort(null);
        return chips;
    }

    private Optional<String> model() {
        return read(modelFile);
    }

    /** Device-tree strings end in a NUL byte; proc files in a newline. */
    private static Optional<String> read(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII)
                    .replace("\0", "").strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
