package io.github.camelcopilot.simulator;

import java.time.Instant;

/**
 * A fault the simulator injected, for tests that account for every fault afterwards (soak tests).
 *
 * @param fault     the fault
 * @param operation the operation of the request it hit
 * @param request   the request it hit
 * @param at        when the fault took effect: for a status fault, when the response was about to be sent
 */
public record AppliedFault(Fault fault, Fault.Operation operation, RecordedRequest request, Instant at) {
}
