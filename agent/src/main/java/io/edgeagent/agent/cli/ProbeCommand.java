package io.edgeagent.agent.cli;

import picocli.CommandLine.Command;

/** {@code edge-agent probe ...}: read a machine directly, without the agent, to find the right config on site. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Read a machine directly, without the agent, to find its addresses.",
            "Finds or checks a Modbus device's register map or an OPC UA server's node ids before they go in the"
                + " config."},
        subcommands = {ProbeModbusCommand.class, ProbeOpcUaCommand.class})
final class ProbeCommand {
}
