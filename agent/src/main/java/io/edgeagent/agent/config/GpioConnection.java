package io.edgeagent.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Digital inputs of the device itself ({@code machines[i].gpio}), wired to the machine (stack light,
 * stroke sensor, fault relay). The inputs are the machine's signals, by the same names.
 *
 * @param inputs by name, in file order
 */
public record GpioConnection(Map<String, GpioInput> inputs) implements Connection {

    public GpioConnection {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
