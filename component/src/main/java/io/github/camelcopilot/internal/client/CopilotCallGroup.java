package io.github.camelcopilot.internal.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is under way, in one place, and ended together with a reason when its owner stops: the calls, open streams
 * and queued keyed turns of a component (its root group) and, as child groups, of each of its routes. Every call or
 * stream joins exactly one group (its route's, else the root); stopping a group stops its children. A member that
 * joins once the group has stopped is stopped at once; each member is stopped at most once.
 */
public final class CopilotCallGroup {

    /** Something under way that a stop must end (failing its exchange), rather than leave waiting. */
    @FunctionalInterface
    public interface Member {
        /** Ends the wait because of {@code reason}, such as "the copilot component is stopping". */
        void stopped(String reason);
    }

    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final CopilotCallGroup parent;
    private final Member asChild = this::stop;
    private volatile String stopReason;

    public CopilotCallGroup() {
        this(null);
    }

    private CopilotCallGroup(CopilotCallGroup parent) {
        this.parent = parent;
    }

    /** A group whose members this group's stop ends too (a route's, under its component's). */
    public CopilotCallGroup child() {
        CopilotCallGroup child = new CopilotCallGroup(this);
        join(child.asChild);
        return child;
    }

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
        if (parent != null) {
            parent.leave(asChild);
        }
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
