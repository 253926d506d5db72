/**
 * The agent's bounded stop: each part's close is waited for a share of the stop, and a part that does not close in
 * its share is reported in one line, with the threads still at work and their top frames, and left behind, so that
 * SIGTERM always ends the process within the service's stop time-out.
 */
package io.edgeagent.agent.stop;
