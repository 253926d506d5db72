/**
 * The JSON feed of config/asyncapi.yaml: its topic tree ({@code <topicRoot>/<site>/<agentId>/...}), the JSON
 * payloads with their envelope, the sink that puts ingest's and capacity's results into the outbox as those
 * messages, and its part of each broker session (birth, Last Will, replay mark, command topics).
 */
package io.edgeagent.agent.feed.json;
