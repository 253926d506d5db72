/**
 * GPIO driver: legacy machines whose only outputs (a stack light, a fault contact, a cycle pulse) are wired to the
 * digital inputs of the Raspberry Pi the agent runs on.
 *
 * <p>{@link io.edgeagent.drivers.gpio.GpioBoard} owns the agent's one Pi4J context and the pin claims; one
 * {@link io.edgeagent.drivers.gpio.GpioDriver} per machine reads its
 * {@link io.edgeagent.drivers.gpio.GpioSignal}s. Debounce and pulse counting are our own pure classes, fed with
 * explicit times, so that they behave the same on every Pi4J provider and in tests: the mock platform does not
 * emulate debounce, and Pi4J's gpiod debounce cannot be observed or tested.
 */
package io.edgeagent.drivers.gpio;
