/**
 * Simulated machines for the demo and the tests: real OPC UA servers (Milo's server SDK) and a real Modbus TCP
 * slave (j2mod), playing scripted phases (producing, idle, setup, standstill). Kept apart from the drivers, as
 * Milo keeps its examples apart from its SDK: nothing in a driver imports a simulator.
 */
package io.edgeagent.drivers.sim;
