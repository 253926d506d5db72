import io.edgeagent.broker.EmbeddedBroker;
import java.nio.file.Path;

/**
 * The second broker the TCK's edge MultipleBrokerTest needs (docs/sparkplug.md, "The official TCK"): the agent's
 * embedded HiveMQ on 127.0.0.1:{@code args[0]}, its files in {@code args[1]}, until the process is killed. Run from
 * the checkout's root with Java's source launcher:
 * {@code java -cp "demo/target/lib/*" docs/sparkplug/TckSecondBroker.java 18832 DIR}.
 */
public final class TckSecondBroker {

    private TckSecondBroker() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(Integer.parseInt(args[0]), Path.of(args[1]))) {
            System.out.println("ready " + broker.url());
            Thread.currentThread().join();
        }
    }
}
