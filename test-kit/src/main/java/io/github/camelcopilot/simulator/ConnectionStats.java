package io.github.camelcopilot.simulator;

/**
 * What the simulator saw of its connections in one protocol since start or the last {@link CopilotSimulator#reset()}.
 *
 * @param connections       the connections that carried at least one request
 * @param maxStreamsInFlight the most requests ever in progress at once on one connection (HTTP/2: streams; a request
 *                          counts while the simulator handles it, from its headers until its answer is written)
 */
public record ConnectionStats(int connections, int maxStreamsInFlight) {
}
