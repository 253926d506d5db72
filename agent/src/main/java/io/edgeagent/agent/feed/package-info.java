/**
 * The feed: what the agent tells the platform, apart from how it is encoded and carried. Holds the values
 * every feed format reports (the agent's identity, its status report, the uplink's state), the contract's
 * timestamp form, and {@link io.edgeagent.agent.feed.FeedSession}, what the MQTT transport needs of a feed.
 *
 * <p>Each format is a subpackage: {@code feed.json} is the JSON feed of config/asyncapi.yaml; a second format
 * (Sparkplug B) sits beside it as its own subpackage with its own topics, payloads and outbox sink. The
 * transport ({@code uplink}) only publishes the bytes a format hands it.
 */
package io.edgeagent.agent.feed;
