package io.edgeagent.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the demo runs from: the config file it loads, unchanged, so that its {@code agent.dataDir} (and with it the
 * control socket) is where {@code edge-agent status --config} that same file looks, and the config hash the agent
 * reports is that file's. In a checkout that is {@code config/demo.yaml}, whose data dir is {@code config/demo-data};
 * elsewhere the bundled demo config, written once to {@code edge-agent-demo/demo.yaml} in the working folder.
 *
 * @param config  the file the demo loads
 * @param command how the person who started the demo calls the CLI: {@code bin/edge-agent} in a checkout
 */
record DemoPlace(Path config, String command) {

    static final String BUNDLED = "/io/edgeagent/agent/demo/demo.yaml";
    static final Path CHECKOUT_CONFIG = Path.of("config", "demo.yaml");
    static final Path BUNDLED_COPY = Path.of("edge-agent-demo", "demo.yaml");

    /**
     * @param given      the {@code --config} file, or {@code null}
     * @param workingDir the folder the demo was started in
     */
    static DemoPlace choose(Path given, Path workingDir) throws IOException {
        String command = Files.isExecutable(workingDir.resolve("bin").resolve("edge-agent")) ? "bin/edge-agent"
                : "edge-agent";
        if (given != null) {
            return new DemoPlace(given, command);
        }
        Path checkout = workingDir.resolve(CHECKOUT_CONFIG);
        if (Files.isRegularFile(checkout)) {
            return new DemoPlace(checkout, command);
        }
        Path copy = workingDir.resolve(BUNDLED_COPY);
        if (!Files.exists(copy)) {
            Files.createDirectories(copy.getParent());
            try (InputStream in = DemoPlace.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IOException("the bundled demo config is missing from the jar (" + BUNDLED + "): rebuild");
                }
                Files.copy(in, copy);
            }
        }
        return new DemoPlace(copy, command);
    }

    /** The commands that reach the demo's agent from another terminal in {@code workingDir}, one per line. */
    List<String> cliCommands(Path workingDir, String machine) {
        Path shown = config.toAbsolutePath().normalize();
        Path here = workingDir.toAbsolutePath().normalize();
        String file = shown.startsWith(here) ? here.relativize(shown).toString() : shown.toString();
        String option = " --config " + file;
        return List.of(command + " status" + option, command + " machines" + option,
                command + " why " + machine + option, command + " tail " + machine + option,
                command + " doctor" + option);
    }
}
