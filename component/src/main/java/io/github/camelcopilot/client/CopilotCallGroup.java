package io.github.camelcopilot.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Waits that end together when their owner stops, each told why: every call of a {@link CopilotHttpClient} (its
 * component stopping), or every call, open stream and queued keyed turn of one producer (its route stopping or being
 * removed). A member that joins once the group has stopped is stopped at once; each member is stopped at most once.
 */
public final class CopilotCallGroup {

    /** Something under way that a stop must end (failing its exchange), rather than leave waiting. */
    @FunctionalInterface
    public interface Member {
        /** Ends the wait because of {@code reason}, such as "the copilot component is stopping". */
        void stopped(String reason);
    }

    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private volatile String stopReason;

    /**
     * Adds a member until it {@linkplain #leave(Member) leaves}. Returns false, having stopped the member, when the
     * group has already stopped.
     */
    public boolean join(Member member) {
        members.add(member);
        String reason = stopReason;
        if (reason != null && members.remove(member)) {
            member.stopped(reason); // stop() may have taken its copy before the member was added
            return false;
        }
        return reason == null;
    }

    public void leave(Member member) {
        members.remove(member);
    }

    /** Stops every member, and from now on every member that joins, with this reason. */
    public void stop(String reason) {
        stopReason = reason;
        for (Member member : List.copyOf(members)) {
            if (members.remove(member)) {
                member.stopped(reason);
            }
        }
    }

    /** Why the group stopped, or null while it runs. */
    public String stopReason() {
        return stopReason;
    }
}
