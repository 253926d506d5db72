package io.edgeagent.agent.cli;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code edge-agent demo} where the demo is installed. The device package carries only the agent: the demo, its
 * simulators and its broker are a module of their own, which a source checkout builds and {@code bin/edge-agent}
 * puts on the class path; its {@code META-INF/services} names the picocli command that implements this. Without it
 * {@link DemoNotInstalled} takes the name and says where the demo is.
 */
public interface Demo extends Callable<Integer> {

    /** The demo's command, when the demo module is on the class path. */
    static Optional<Demo> installed() {
        return ServiceLoader.load(Demo.class).findFirst();
    }
}
