/**
 * How the agent's command line writes times, ages, sizes and JSON values for a person: {@code cli} and the
 * doctor's checks ({@code doctor}) both use it, so it sits apart from either.
 */
package io.edgeagent.agent.text;
