package io.edgeagent.agent.cli;

import picocli.CommandLine.Command;

/** {@code edge-agent probe ...}: read a machine directly, without the agent, to find the right config on site. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Read a machine directly, without the agent, to find or check its register map or node ids.",
        subcommands = {ProbeModbusCommand.class, ProbeOpcUaCommand.class})
final class ProbeCommand {
}
