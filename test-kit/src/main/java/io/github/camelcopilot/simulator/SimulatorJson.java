package io.github.camelcopilot.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's own Jackson mapper, so that the simulator depends on no other package of the project. It only
 * reads and writes trees, whose output no inclusion or date setting changes: every timestamp is already a string
 * (see {@link GraphTime}) and explicit nulls are written as built.
 */
final class SimulatorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SimulatorJson() {
    }

    /** The shared, thread-safe mapper; not to be reconfigured. */
    static ObjectMapper mapper() {
        return MAPPER;
    }
}
