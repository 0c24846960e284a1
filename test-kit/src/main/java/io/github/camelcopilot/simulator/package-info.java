/**
 * A deterministic fake of the Microsoft 365 Copilot Chat API (Microsoft Graph beta and the Work IQ layout) over real
 * HTTP on loopback, with the documented shapes and quirks of the real service and configurable faults. Start one with
 * {@link io.github.camelcopilot.simulator.CopilotSimulator#start()}, or in JUnit 5 tests with
 * {@link io.github.camelcopilot.simulator.CopilotSimulatorExtension}.
 */
package io.github.camelcopilot.simulator;
