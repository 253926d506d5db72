/**
 * The technician's YAML file as typed, immutable, validated records.
 *
 * <p>{@link io.edgeagent.agent.config.ConfigLoader#load(java.nio.file.Path)} parses the file with SnakeYAML
 * Engine's compose API (a node tree that keeps every line and column), validates it node by node while
 * binding it to {@link io.edgeagent.agent.config.AgentConfig}, and either returns the whole config or throws
 * a {@link io.edgeagent.agent.config.ConfigException} holding every
 * {@link io.edgeagent.agent.config.ConfigProblem} found, sorted by position, each saying what is wrong and
 * what to write instead. Secrets ({@link io.edgeagent.agent.config.Secret}) never appear in a problem or in
 * a record's {@code toString()}.
 *
 * <p>Inside, one class per job: {@code ConfigText} (bytes to text), {@code YamlParser} (text to nodes, within
 * the input limits {@code LimitedParser} keeps), {@code YamlValue} and {@code YamlMap}
 * (typed reads with located problems), {@code Problems} (collection), {@code DidYouMean} (suggestions),
 * {@code EnvReferences} ({@code ${env:NAME}}), and a binder per section. The JSON Schema in
 * {@code config/edge-agent.schema.json} describes the same contract for editors; a test keeps the two in
 * agreement.
 *
 * <p>The states a rule names ({@link io.edgeagent.agent.config.MachineState}) are part of what the file says, so
 * they live here: the state tracker, capacity and the feed read them from config, and config depends on none
 * of them.
 */
package io.edgeagent.agent.config;
