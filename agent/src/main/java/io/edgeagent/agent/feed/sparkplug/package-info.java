/**
 * The Sparkplug B 3.0 feed: the agent as one edge node, each machine one device. Holds the topic namespace, the
 * metrics the node and its devices report (names, aliases, types, latest values), the sink that writes ingest's and
 * capacity's results to the outbox as Tahu-encoded NDATA, DDATA, DBIRTH and DDEATH payloads, the node's own metrics,
 * and the {@link io.edgeagent.agent.feed.FeedSession} that births, numbers ({@code seq}), aliases and marks historical
 * what goes out, and answers the host's commands and state. Mapping and behaviour: docs/sparkplug.md.
 */
package io.edgeagent.agent.feed.sparkplug;
