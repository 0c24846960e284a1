package io.github.camelcopilot.component;

/** A stream still being read, which a stop must fail rather than leave its exchange (or its reader) waiting. */
interface OpenStream {
    void stopped(String reason);
}
