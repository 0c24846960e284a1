package io.github.camelcopilot.internal.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is under way (calls, open streams, queued keyed turns), ended together with a reason when its owner stops: a
 * component's root group and, as its children, one per route. A member that joins a stopped group is stopped at
 * once; each member is stopped at most once.
 */
public final class CopilotCallGroup {

    /** Something under way that a stop must end (failing its exchange) rather than leave waiting. */
    @FunctionalInterface
    public interface Member {
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

    /** A group that this group's stop stops too. */
    public CopilotCallGroup child() {
        CopilotCallGroup child = new CopilotCallGroup(this);
        join(child.asChild);
        return child;
    }

    /** Adds a member until it leaves; false, the member stopped, when the group has already stopped. */
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

    /** Stops every member, and from now on every member that joins. */
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
