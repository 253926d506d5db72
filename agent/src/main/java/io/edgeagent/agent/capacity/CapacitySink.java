package io.edgeagent.agent.capacity;

/** Where the capacity side hands what it publishes; called on the thread that drives the engine. */
public interface CapacitySink {

    /** The machine's current offer changed: retained, replaces the previous picture. */
    void capacity(CapacityPicture picture);

    /** A live idle window closed: measured idle capacity. */
    void windowClosed(LiveWindow window);

    /** An hour of metering closed. */
    void metered(MeterBucket bucket);
}
