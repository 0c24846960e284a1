package io.github.camelcopilot.component;

/** Where the conversations collection sits under the base URL. */
public enum CopilotApiLayout {
    /** Work IQ when the base URL's host is workiq.svc.cloud.microsoft, Graph otherwise. */
    auto,
    /** Microsoft Graph: {@code <baseUrl>/copilot/conversations}. */
    graph,
    /** Work IQ REST: {@code <baseUrl>/conversations}, without the copilot segment. */
    workIq
}
