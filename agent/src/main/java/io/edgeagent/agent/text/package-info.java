/**
 * How the agent's command line writes for a person: times, ages, sizes and JSON values, and the technician-facing
 * lines of {@code status}, {@code doctor} and {@code config validate} in English or Chinese ({@link
 * io.edgeagent.agent.text.Messages}). {@code cli} and the doctor's checks ({@code doctor}) both use it, so it sits
 * apart from either.
 */
package io.edgeagent.agent.text;
